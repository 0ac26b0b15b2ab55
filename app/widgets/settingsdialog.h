#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;

namespace Relaydesk::App {

class AppSettings;

// Preferences: notifications, tray, start-up, sending, theme. Shows the values
// of AppSettings when opened and writes them back on OK only; Cancel changes
// nothing.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);

    void accept() override;   // applies, then closes

signals:
    void settingsApplied();   // after OK wrote the values

private:
    void load();
    void apply();

    AppSettings *m_settings;
    QCheckBox *m_notifications;
    QCheckBox *m_doNotDisturb;
    QCheckBox *m_closeToTray;
    QCheckBox *m_startMinimized;
    QComboBox *m_sendKey;
    QComboBox *m_theme;
};

} // namespace Relaydesk::App
