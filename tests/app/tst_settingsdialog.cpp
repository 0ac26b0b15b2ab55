#include "appsettings.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk::App;

// The settings dialog shows AppSettings and writes them back on OK only.
class TestSettingsDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void showsTheCurrentValues();
    void okApplies();
    void cancelChangesNothing();
    void doNotDisturbNeedsNotifications();

private:
    template<typename T> T *child(QWidget *dialog, const char *name)
    {
        return dialog->findChild<T *>(QString::fromLatin1(name));
    }
    // On the box itself: a stretched check box is not clickable at its centre.
    static void clickBox(QAbstractButton *box)
    {
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
    }
    QPushButton *button(QWidget *dialog, QDialogButtonBox::StandardButton which)
    {
        return dialog->findChild<QDialogButtonBox *>()->button(which);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_ini;
    std::unique_ptr<AppSettings> m_settings;
};

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_ini = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("relaydesk.ini")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_ini.get());
}

void TestSettingsDialog::cleanup()
{
    m_settings.reset();
    m_ini.reset();
    m_dir.reset();
}

void TestSettingsDialog::showsTheCurrentValues()
{
    m_settings->setNotificationsEnabled(false);
    m_settings->setCloseToTray(false);
    m_settings->setStartMinimized(true);
    m_settings->setSendWithCtrlEnter(true);
    m_settings->setTheme(AppSettings::Theme::Dark);
    SettingsDialog dialog(m_settings.get());
    QVERIFY(!child<QCheckBox>(&dialog, "notificationsCheck")->isChecked());
    QVERIFY(!child<QCheckBox>(&dialog, "closeToTrayCheck")->isChecked());
    QVERIFY(child<QCheckBox>(&dialog, "startMinimizedCheck")->isChecked());
    QCOMPARE(child<QComboBox>(&dialog, "sendKeyCombo")->currentData().toBool(), true);
    QCOMPARE(child<QComboBox>(&dialog, "themeCombo")->currentData().value<AppSettings::Theme>(), AppSettings::Theme::Dark);
}

void TestSettingsDialog::okApplies()
{
    SettingsDialog dialog(m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    clickBox(child<QCheckBox>(&dialog, "doNotDisturbCheck"));
    clickBox(child<QCheckBox>(&dialog, "closeToTrayCheck"));
    clickBox(child<QCheckBox>(&dialog, "startMinimizedCheck"));
    auto *sendKey = child<QComboBox>(&dialog, "sendKeyCombo");
    sendKey->setCurrentIndex(sendKey->findData(true));
    auto *theme = child<QComboBox>(&dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(QVariant::fromValue(AppSettings::Theme::Light)));
    // Nothing is written before OK.
    QVERIFY(!m_settings->doNotDisturb());
    QVERIFY(m_settings->closeToTray());

    QTest::mouseClick(button(&dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(m_settings->notificationsEnabled());
    QVERIFY(m_settings->doNotDisturb());
    QVERIFY(!m_settings->closeToTray());
    QVERIFY(m_settings->startMinimized());
    QVERIFY(m_settings->sendWithCtrlEnter());
    QCOMPARE(m_settings->theme(), AppSettings::Theme::Light);

    // On disk too.
    QSettings again(m_ini->fileName(), QSettings::IniFormat);
    AppSettings reread(&again);
    QVERIFY(reread.sendWithCtrlEnter());
    QCOMPARE(reread.theme(), AppSettings::Theme::Light);
}

void TestSettingsDialog::cancelChangesNothing()
{
    SettingsDialog dialog(m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy changed(m_settings.get(), &AppSettings::changed);
    clickBox(child<QCheckBox>(&dialog, "notificationsCheck"));
    auto *theme = child<QComboBox>(&dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(QVariant::fromValue(AppSettings::Theme::Dark)));
    QTest::mouseClick(button(&dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(changed.size(), 0);
    QVERIFY(m_settings->notificationsEnabled());
    QCOMPARE(m_settings->theme(), AppSettings::Theme::System);
}

void TestSettingsDialog::doNotDisturbNeedsNotifications()
{
    SettingsDialog dialog(m_settings.get());
    auto *notifications = child<QCheckBox>(&dialog, "notificationsCheck");
    auto *dnd = child<QCheckBox>(&dialog, "doNotDisturbCheck");
    QVERIFY(dnd->isEnabled());
    notifications->setChecked(false);
    QVERIFY(!dnd->isEnabled());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
