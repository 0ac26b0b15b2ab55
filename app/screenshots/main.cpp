// relaydesk-screenshots: opens the real inbox against a running relay (the demo),
// waits for data, and saves PNGs of the main window (list, an open chat) in the
// light and dark palettes. Used for docs/screenshots; run it under xvfb-run.
#include "appcontroller.h"
#include "appsettings.h"
#include "apptranslator.h"
#include "chatpanel.h"
#include "composer.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "inboxsession.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "settingsdialog.h"
#include "signindialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Relaydesk::App;

int main(int argc, char *argv[])
{
    // A throwaway profile: the shots never touch the user's settings, cache or keychain.
    QTemporaryDir profile;
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        qputenv(variable, QFile::encodeName(profile.filePath(QString::fromLatin1(variable))));
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("relaydesk"));
    QApplication::setOrganizationName(QStringLiteral("Relaydesk"));
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption relay(QStringLiteral("relay"), QStringLiteral("Relay WebSocket URL."), QStringLiteral("url"));
    QCommandLineOption tokenFile(QStringLiteral("token-file"), QStringLiteral("Agent token file."), QStringLiteral("file"));
    QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder for the PNGs."), QStringLiteral("dir"), QStringLiteral("."));
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("Seconds to let data arrive."), QStringLiteral("s"), QStringLiteral("6"));
    QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("Language of the shots (en, de); its code is added to the names unless en."),
                                QStringLiteral("code"), QStringLiteral("en"));
    parser.addOptions({relay, tokenFile, out, dark, wait, language});
    parser.process(app);
    // As the app does: without a translator even English shows the source text's
    // plurals ("24 hour(s) left"), whatever the shell's locale.
    const QLocale locale(parser.value(language));
    if (!installTranslations(app, locale))
        qFatal("no translation for the language asked for");

    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the token file");
    // The app's own wiring (images, tray, settings), as an agent runs it.
    QSettings qsettings(profile.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    AppSettings settings(&qsettings);
    settings.setTheme(parser.isSet(dark) ? AppSettings::Theme::Dark : AppSettings::Theme::Light);
    MemorySecretStore keychain;
    AppController controller(&settings, &keychain);
    controller.startWith(QUrl(parser.value(relay)), file.readAll().trimmed());
    if (!controller.window())
        qFatal("the inbox did not open");
    MainWindow &window = *controller.window();
    InboxSession &session = *controller.session();
    window.resize(1180, 760);
    window.activateWindow();

    const QString suffix = (locale.language() == QLocale::English ? QString() : QLatin1Char('-') + parser.value(language))
                         + (parser.isSet(dark) ? QStringLiteral("-dark") : QString());
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
                auto *signIn = new SignInDialog(&keychain, &settings, &window);
                signIn->show();
                auto *preferences = new SettingsDialog(&settings, &window);
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
