#include "inboxsession.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUrl>

using namespace Relaydesk::App;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("relaydesk"));
    QApplication::setOrganizationName(QStringLiteral("Relaydesk"));
    QApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Messenger inbox for support agents"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption relayOption(QStringLiteral("relay"), QApplication::translate("main", "Relay WebSocket URL."), QStringLiteral("url"));
    QCommandLineOption tokenFileOption(QStringLiteral("token-file"), QApplication::translate("main", "Read the agent token from this file."),
                                       QStringLiteral("file"));
    parser.addOption(relayOption);
    parser.addOption(tokenFileOption);
    parser.process(app);

    QFile tokenFile(parser.value(tokenFileOption));
    QByteArray token;
    if (tokenFile.open(QIODevice::ReadOnly))
        token = tokenFile.readAll().trimmed();
    const QUrl relay(parser.value(relayOption));
    const QString account = QString::fromLatin1(
        QCryptographicHash::hash(relay.toString().toUtf8() + token, QCryptographicHash::Sha256).toHex().left(16));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    InboxSession session(dir + QStringLiteral("/cache-") + account + QStringLiteral(".sqlite"));
    QString error;
    if (!session.open(&error))
        qFatal("cannot open the cache: %s", qPrintable(error));
    MainWindow window(&session);
    QObject::connect(&window, &MainWindow::quitRequested, &app, &QApplication::quit);
    window.show();
    session.connectToRelay(relay, token);
    return app.exec();
}
