#include "appcontroller.h"
#include "appresources.h"
#include "apptranslator.h"
#include "appsettings.h"
#include "keychainsecretstore.h"
#include "signinchecker.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QSettings>

using namespace Relaydesk::App;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The system locale, before any text is made; a language we have no translation
    // for (or the C locale) gets English, whose plurals live in relaydesk_en: the
    // source text alone says "24 hour(s) left".
    if (!installTranslations(app))
        installTranslations(app, QLocale(QLocale::English));
    QApplication::setApplicationName(QStringLiteral("relaydesk"));
    QApplication::setOrganizationName(QStringLiteral("Relaydesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Relaydesk"));
    QApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps it; Quit quits
    QGuiApplication::setDesktopFileName(Relaydesk::Resources::desktopFileName());
    QApplication::setWindowIcon(QIcon(Relaydesk::Resources::appIconPath()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Messenger inbox for support agents"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption relayOption(QStringLiteral("relay"),
                                         QApplication::translate("main", "Relay address (with --token-file)."), QStringLiteral("url"));
    const QCommandLineOption tokenFileOption(
        QStringLiteral("token-file"),
        QApplication::translate("main", "Sign in with the agent token in this file, for this run only (demo, automation)."),
        QStringLiteral("file"));
    parser.addOption(relayOption);
    parser.addOption(tokenFileOption);
    parser.process(app);

    QSettings qsettings;
    AppSettings settings(&qsettings);
    KeychainSecretStore keychain;
    AppController controller(&settings, &keychain);
    if (parser.isSet(tokenFileOption)) {
        QFile file(parser.value(tokenFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            qCritical("relaydesk: cannot read the token file %s", qPrintable(file.fileName()));
            return 2;
        }
        const QUrl relay = SignInChecker::normalizeUrl(parser.value(relayOption));
        if (!relay.isValid() || relay.isEmpty()) {
            qCritical("relaydesk: --token-file needs --relay");
            return 2;
        }
        controller.startWith(relay, file.readAll().trimmed());
    } else {
        controller.start();
    }
    return app.exec();
}
