#pragma once

#include <QLocale>

class QCoreApplication;

namespace Relaydesk::App {

// Loads and installs the translations for `locale` (the system locale by default):
// Qt's own strings (qtbase_<lang>.qm from QLibraryInfo::TranslationsPath, when the
// system has them) and the app's (:/i18n/relaydesk_<lang>.qm, compiled from
// translations/*.ts and embedded in relaydesk_appwidgets). The language is chosen
// by QLocale::uiLanguages(), so de-AT falls back to de. Call it before any widget
// is created; calling it again replaces the translators an earlier call installed.
// Returns whether a translation of the app's own strings was found; when not, the
// app shows its English source texts.
bool installTranslations(QCoreApplication &app, const QLocale &locale = QLocale());

} // namespace Relaydesk::App
