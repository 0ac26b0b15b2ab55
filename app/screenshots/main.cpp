// relaydesk-screenshots: opens the real inbox against a running relay (the demo),
// waits for data, and saves PNGs of the main window (list, an open chat) in the
// light and dark palettes. Used for docs/screenshots; run it under xvfb-run.
#include "chatpanel.h"
#include "chatview.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "inboxsession.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "relayconnection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTimer>

using namespace Relaydesk::App;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x20, 0x23));
    p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x7d, 0xd1));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa3));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption relay(QStringLiteral("relay"), QStringLiteral("Relay WebSocket URL."), QStringLiteral("url"));
    QCommandLineOption tokenFile(QStringLiteral("token-file"), QStringLiteral("Agent token file."), QStringLiteral("file"));
    QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder for the PNGs."), QStringLiteral("dir"), QStringLiteral("."));
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("Seconds to let data arrive."), QStringLiteral("s"), QStringLiteral("6"));
    parser.addOptions({relay, tokenFile, out, dark, wait});
    parser.process(app);

    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.isSet(dark))
        QApplication::setPalette(darkPalette());
    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the token file");
    QTemporaryDir cacheDir;
    InboxSession session(cacheDir.filePath(QStringLiteral("cache.sqlite")));
    QString error;
    if (!session.open(&error))
        qFatal("cache: %s", qPrintable(error));
    MainWindow window(&session);
    window.resize(1180, 760);
    window.show();
    window.activateWindow();
    session.connectToRelay(QUrl(parser.value(relay)), file.readAll().trimmed());

    const QString suffix = parser.isSet(dark) ? QStringLiteral("-dark") : QString();
    const QDir dir(parser.value(out));
    const int waitMs = parser.value(wait).toInt() * 1000;
    QTimer::singleShot(waitMs, &window, [&] {
        window.grab().save(dir.filePath(QStringLiteral("inbox%1.png").arg(suffix)));
        // The conversation with the most going on: the longest preview among the first rows.
        ConversationListModel *list = session.conversations();
        int best = 0;
        for (int row = 0; row < std::min(list->rowCount(), 12); ++row)
            if (list->conversationAt(row).unreadCount > list->conversationAt(best).unreadCount)
                best = row;
        if (list->rowCount() > 0)
            window.listPanel()->view()->setCurrentIndex(list->index(best));
        QTimer::singleShot(2500, &window, [&] {
            window.grab().save(dir.filePath(QStringLiteral("chat%1.png").arg(suffix)));
            app.quit();
        });
    });
    return app.exec();
}
