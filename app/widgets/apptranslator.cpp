#include "apptranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Relaydesk::App {

namespace {
// Marks the translators this file installed, so a second call can replace them.
constexpr auto TranslatorObjectName = "relaydesk_translator";

bool install(QCoreApplication &app, const QLocale &locale, const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(&app);
    translator->setObjectName(QLatin1String(TranslatorObjectName));
    if (!translator->load(locale, name, QStringLiteral("_"), directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}
} // namespace

bool installTranslations(QCoreApplication &app, const QLocale &locale)
{
    const auto previous = app.findChildren<QTranslator *>(QLatin1String(TranslatorObjectName), Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : previous) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    // Installed later means searched first, but the two sets of contexts do not overlap.
    install(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return install(app, locale, QStringLiteral("relaydesk"), QStringLiteral(":/i18n"));
}

} // namespace Relaydesk::App
