#include "appsettings.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk::App;

// AppSettings over an INI file in a temporary folder.
class TestAppSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();

    void defaults();
    void valuesSurviveARestart();
    void enumsAreStoredByNameAndToleratesJunk();
    void mutedConversations();
    void changedOnlyWhenTheValueChanges();
    void clearAccountForgetsTheAccountOnly();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("relaydesk.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAppSettings::defaults()
{
    QSettings ini(iniPath(), QSettings::IniFormat);
    AppSettings s(&ini);
    QVERIFY(s.relayUrl().isEmpty());
    QVERIFY(s.accountKey().isEmpty());
    QCOMPARE(s.tokenStorage(), AppSettings::TokenStorage::Keychain);
    QVERIFY(s.notificationsEnabled());
    QVERIFY(!s.doNotDisturb());
    QVERIFY(s.mutedConversations().isEmpty());
    QVERIFY(s.closeToTray());
    QVERIFY(!s.startMinimized());
    QVERIFY(!s.sendWithCtrlEnter());
    QCOMPARE(s.theme(), AppSettings::Theme::System);
    QVERIFY(s.windowGeometry().isEmpty());
    QVERIFY(s.windowState().isEmpty());
    QVERIFY(s.splitterState().isEmpty());
}

void TestAppSettings::valuesSurviveARestart()
{
    const QByteArray blob("\x00\x01geometry\xff", 11);
    {
        QSettings ini(iniPath(), QSettings::IniFormat);
        AppSettings s(&ini);
        s.setRelayUrl(QUrl(QStringLiteral("wss://relay.example.com:8443/ws")));
        s.setAccountKey(QStringLiteral("wss://relay.example.com:8443/ws"));
        s.setTokenStorage(AppSettings::TokenStorage::File);
        s.setNotificationsEnabled(false);
        s.setDoNotDisturb(true);
        s.setCloseToTray(false);
        s.setStartMinimized(true);
        s.setSendWithCtrlEnter(true);
        s.setTheme(AppSettings::Theme::Dark);
        s.setWindowGeometry(blob);
        s.setWindowState("state");
        s.setSplitterState("splitter");
        s.sync();
        QCOMPARE(ini.status(), QSettings::NoError);
    }
    QSettings ini(iniPath(), QSettings::IniFormat);
    AppSettings s(&ini);
    QCOMPARE(s.relayUrl(), QUrl(QStringLiteral("wss://relay.example.com:8443/ws")));
    QCOMPARE(s.accountKey(), QStringLiteral("wss://relay.example.com:8443/ws"));
    QCOMPARE(s.tokenStorage(), AppSettings::TokenStorage::File);
    QVERIFY(!s.notificationsEnabled());
    QVERIFY(s.doNotDisturb());
    QVERIFY(!s.closeToTray());
    QVERIFY(s.startMinimized());
    QVERIFY(s.sendWithCtrlEnter());
    QCOMPARE(s.theme(), AppSettings::Theme::Dark);
    QCOMPARE(s.windowGeometry(), blob);
    QCOMPARE(s.windowState(), QByteArray("state"));
    QCOMPARE(s.splitterState(), QByteArray("splitter"));
}

void TestAppSettings::enumsAreStoredByNameAndToleratesJunk()
{
    {
        QSettings ini(iniPath(), QSettings::IniFormat);
        AppSettings s(&ini);
        s.setTokenStorage(AppSettings::TokenStorage::Session);
        s.setTheme(AppSettings::Theme::Light);
        s.sync();
    }
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("tokenStorage=session"), text.constData());
    QVERIFY2(text.contains("theme=light"), text.constData());

    QSettings ini(iniPath(), QSettings::IniFormat);
    ini.setValue(QStringLiteral("connection/tokenStorage"), QStringLiteral("floppy"));
    ini.setValue(QStringLiteral("appearance/theme"), 42);
    AppSettings s(&ini);
    QCOMPARE(s.tokenStorage(), AppSettings::TokenStorage::Keychain);
    QCOMPARE(s.theme(), AppSettings::Theme::System);
}

void TestAppSettings::mutedConversations()
{
    {
        QSettings ini(iniPath(), QSettings::IniFormat);
        AppSettings s(&ini);
        s.setConversationMuted(17, true);
        s.setConversationMuted(9007199254740993LL, true);   // beyond a double's exact range
        s.setConversationMuted(4, true);
        s.setConversationMuted(4, false);
        s.sync();
    }
    QSettings ini(iniPath(), QSettings::IniFormat);
    AppSettings s(&ini);
    QCOMPARE(s.mutedConversations(), (QSet<qint64>{17, 9007199254740993LL}));
    QVERIFY(s.isConversationMuted(17));
    QVERIFY(!s.isConversationMuted(4));
    s.setMutedConversations({});
    QVERIFY(s.mutedConversations().isEmpty());
}

void TestAppSettings::changedOnlyWhenTheValueChanges()
{
    QSettings ini(iniPath(), QSettings::IniFormat);
    AppSettings s(&ini);
    QSignalSpy changed(&s, &AppSettings::changed);
    s.setSendWithCtrlEnter(true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("compose/sendWithCtrlEnter"));
    s.setSendWithCtrlEnter(true);
    QCOMPARE(changed.size(), 1);
    s.sync();

    // Read back from the file ("true" as text) it still compares equal.
    QSettings again(iniPath(), QSettings::IniFormat);
    AppSettings s2(&again);
    QSignalSpy changed2(&s2, &AppSettings::changed);
    s2.setSendWithCtrlEnter(true);
    QCOMPARE(changed2.size(), 0);
    s2.setSendWithCtrlEnter(false);
    QCOMPARE(changed2.size(), 1);
    // Setting the default explicitly on an empty file is a change (it is now stored).
    s2.setTheme(AppSettings::Theme::System);
    QCOMPARE(changed2.size(), 2);
}

void TestAppSettings::clearAccountForgetsTheAccountOnly()
{
    QSettings ini(iniPath(), QSettings::IniFormat);
    AppSettings s(&ini);
    s.setRelayUrl(QUrl(QStringLiteral("wss://relay.example.com/ws")));
    s.setAccountKey(QStringLiteral("wss://relay.example.com/ws"));
    s.setTokenStorage(AppSettings::TokenStorage::File);
    s.setTheme(AppSettings::Theme::Dark);
    QSignalSpy changed(&s, &AppSettings::changed);
    s.clearAccount();
    QCOMPARE(changed.size(), 2);
    QVERIFY(s.accountKey().isEmpty());
    QCOMPARE(s.tokenStorage(), AppSettings::TokenStorage::Keychain);
    // The address stays, so signing in again only needs the token.
    QCOMPARE(s.relayUrl(), QUrl(QStringLiteral("wss://relay.example.com/ws")));
    QCOMPARE(s.theme(), AppSettings::Theme::Dark);
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
