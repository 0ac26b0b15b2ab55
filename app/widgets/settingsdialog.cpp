#include "settingsdialog.h"

#include "appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QVBoxLayout>

namespace Relaydesk::App {

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    Q_ASSERT(settings);
    setWindowTitle(tr("Relaydesk Settings"));

    m_notifications = new QCheckBox(tr("Show a &notification for new customer messages"));
    m_notifications->setObjectName(QStringLiteral("notificationsCheck"));
    m_doNotDisturb = new QCheckBox(tr("&Do not disturb (no notifications or sounds until turned off)"));
    m_doNotDisturb->setObjectName(QStringLiteral("doNotDisturbCheck"));
    auto *notifications = new QGroupBox(tr("Notifications"));
    auto *notificationsLayout = new QVBoxLayout(notifications);
    notificationsLayout->addWidget(m_notifications);
    notificationsLayout->addWidget(m_doNotDisturb);

    m_closeToTray = new QCheckBox(tr("&Closing the window keeps Relaydesk running in the system tray"));
    m_closeToTray->setObjectName(QStringLiteral("closeToTrayCheck"));
    m_startMinimized = new QCheckBox(tr("Start &minimised"));
    m_startMinimized->setObjectName(QStringLiteral("startMinimizedCheck"));
    auto *window = new QGroupBox(tr("Window"));
    auto *windowLayout = new QVBoxLayout(window);
    windowLayout->addWidget(m_closeToTray);
    windowLayout->addWidget(m_startMinimized);

    // Item data: the value the setting takes, so the order of items is free.
    m_sendKey = new QComboBox;
    m_sendKey->setObjectName(QStringLiteral("sendKeyCombo"));
    m_sendKey->addItem(tr("Enter (Shift+Enter for a new line)"), false);
    m_sendKey->addItem(tr("Ctrl+Enter (Enter for a new line)"), true);
    m_theme = new QComboBox;
    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("Follow the system"), QVariant::fromValue(AppSettings::Theme::System));
    m_theme->addItem(tr("Light"), QVariant::fromValue(AppSettings::Theme::Light));
    m_theme->addItem(tr("Dark"), QVariant::fromValue(AppSettings::Theme::Dark));
    auto *form = new QFormLayout;
    form->addRow(tr("&Send replies with:"), m_sendKey);
    form->addRow(tr("&Theme:"), m_theme);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notifications);
    layout->addWidget(window);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);

    // Do-not-disturb only means something while notifications are on.
    connect(m_notifications, &QCheckBox::toggled, m_doNotDisturb, &QCheckBox::setEnabled);
    load();
}

void SettingsDialog::load()
{
    m_notifications->setChecked(m_settings->notificationsEnabled());
    m_doNotDisturb->setChecked(m_settings->doNotDisturb());
    m_doNotDisturb->setEnabled(m_notifications->isChecked());
    m_closeToTray->setChecked(m_settings->closeToTray());
    m_startMinimized->setChecked(m_settings->startMinimized());
    m_sendKey->setCurrentIndex(m_sendKey->findData(m_settings->sendWithCtrlEnter()));
    m_theme->setCurrentIndex(m_theme->findData(QVariant::fromValue(m_settings->theme())));
}

void SettingsDialog::apply()
{
    m_settings->setNotificationsEnabled(m_notifications->isChecked());
    m_settings->setDoNotDisturb(m_doNotDisturb->isChecked());
    m_settings->setCloseToTray(m_closeToTray->isChecked());
    m_settings->setStartMinimized(m_startMinimized->isChecked());
    m_settings->setSendWithCtrlEnter(m_sendKey->currentData().toBool());
    m_settings->setTheme(m_theme->currentData().value<AppSettings::Theme>());
    m_settings->sync();
}

void SettingsDialog::accept()
{
    apply();
    emit settingsApplied();
    QDialog::accept();
}

} // namespace Relaydesk::App
