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
#include "appsettings.h"
#include "composer.h"
#include "conversationdelegate.h"
#include "imagecache.h"
#include "memorysecretstore.h"
#include "messagedelegate.h"
#include "settingsdialog.h"
#include "signindialog.h"
#include "theme.h"

#include <QPlainTextEdit>
#include <QSettings>
#include <QTest>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTimer>

using namespace Relaydesk::App;


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
        QApplication::setPalette(Theme::darkPalette());
    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the token file");
    QTemporaryDir cacheDir;
    InboxSession session(cacheDir.filePath(QStringLiteral("cache.sqlite")));
    QString error;
    if (!session.open(&error))
        qFatal("cache: %s", qPrintable(error));
    MainWindow window(&session);
    ImageCache images(cacheDir.filePath(QStringLiteral("images")));
    window.listPanel()->delegate()->setPictureProvider([&](const QString &url) { return images.request(QUrl(url), QSize(84, 84)); });
    window.chatPanel()->delegate()->setPictureProvider([&](const QString &url) { return images.request(QUrl(url), QSize(480, 340)); });
    QObject::connect(&images, &ImageCache::imageReady, &window, [&] {
        window.listPanel()->view()->viewport()->update();
        window.chatPanel()->view()->viewport()->update();
    });
    window.resize(1180, 760);
    window.show();
    window.activateWindow();
    session.connectToRelay(QUrl(parser.value(relay)), file.readAll().trimmed());

    const QString suffix = parser.isSet(dark) ? QStringLiteral("-dark") : QString();
    const QDir dir(parser.value(out));
    const int waitMs = parser.value(wait).toInt() * 1000;
    QTimer::singleShot(waitMs, &window, [&] {
        window.grab().save(dir.filePath(QStringLiteral("inbox%1.png").arg(suffix)));
        // The conversation with the most going on: most unread, a photo if any.
        ConversationListModel *list = session.conversations();
        int best = 0;
        for (int row = 0; row < std::min(list->rowCount(), 15); ++row) {
            const Relaydesk::Conversation &c = list->conversationAt(row);
            const Relaydesk::Conversation &b = list->conversationAt(best);
            const auto score = [](const Relaydesk::Conversation &x) {
                return x.unreadCount + (x.previewKind == QLatin1String("image") ? 5 : 0);
            };
            if (score(c) > score(b))
                best = row;
        }
        if (list->rowCount() > 0)
            window.listPanel()->view()->setCurrentIndex(list->index(best));
        QTimer::singleShot(1500, &window, [&] {
            // A reply, so the shot shows our bubble going sent → delivered → read.
            QPlainTextEdit *editor = window.chatPanel()->composer()->editor();
            QTest::keyClicks(editor, QStringLiteral("Thanks for writing! Let me check that for you."));
            QTest::keyClick(editor, Qt::Key_Return);
            QTimer::singleShot(6000, &window, [&] {
                window.grab().save(dir.filePath(QStringLiteral("chat%1.png").arg(suffix)));
                // Owned by the window: they outlive this lambda until the shots are taken.
                auto *qs = new QSettings(cacheDir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat, &window);
                auto *settings = new AppSettings(qs, &window);
                auto *keychain = new MemorySecretStore(&window);
                auto *signIn = new SignInDialog(keychain, settings, &window);
                signIn->show();
                auto *preferences = new SettingsDialog(settings, &window);
                preferences->show();
                QTimer::singleShot(500, &window, [&, signIn, preferences] {
                    signIn->grab().save(dir.filePath(QStringLiteral("sign-in%1.png").arg(suffix)));
                    preferences->grab().save(dir.filePath(QStringLiteral("settings%1.png").arg(suffix)));
                    app.quit();
                });
            });
        });
    });
    return app.exec();
}
