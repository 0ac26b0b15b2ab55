// DesktopNotifier and the tray's notifications against a stand-in for the desktop's
// notification service (org.freedesktop.Notifications) on a private session bus.
#include "desktopnotifier.h"
#include "trayicon.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Relaydesk::App;

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");

struct Call
{
    QString appName;
    uint replacesId = 0;
    QString appIcon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
};

// Waits until the app has handled everything the service sent it so far (Notify's
// answer with the id, NotificationClosed): a call on the app's connection, which the
// service answers after those, comes back after them, as D-Bus and Qt keep each
// connection's messages in order. A fixed wait lost that race on a busy machine.
bool appCaughtUp()
{
    QDBusPendingCallWatcher watcher(QDBusConnection::sessionBus().asyncCall(
        QDBusMessage::createMethodCall(Service, Path, Service, QStringLiteral("GetCapabilities"))));
    QSignalSpy answered(&watcher, &QDBusPendingCallWatcher::finished);
    return answered.wait(5000) && !watcher.isError();
}

} // namespace

// What GNOME Shell, Plasma, xfce4-notifyd or dunst do with a Notify call, reduced to
// recording it and answering with an id.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    QStringList capabilities{QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup")};
    QList<Call> calls;
    uint lastId = 40;

public slots:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        calls.append({appName, replacesId, appIcon, summary, body, actions, hints, timeout});
        return replacesId ? replacesId : ++lastId;
    }
    void CloseNotification(uint id) { emit NotificationClosed(id, 3); }

signals:
    void ActionInvoked(uint id, const QString &action);
    void NotificationClosed(uint id, uint reason);
};

class TestDesktopNotifier : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void withoutTheServiceItIsNotAvailable();
    void notificationCarriesNameTextIconAndUrgency();
    void plainBodyWhereTheServiceTakesNoMarkup();
    void newerMessageReplacesItsConversationsNotification();
    void clickOpensThatConversation();
    void trayIconNotifiesThroughTheService();
    void trayEachNotificationOpensItsOwnConversation();
    void summaryTakesThePlaceOfTheBurstsNotification();

private:
    void startService(const QStringList &capabilities = {});

    FakeNotifications *m_fake = nullptr;
};

void TestDesktopNotifier::initTestCase()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QSKIP("no session bus: run through ctest (dbus-run-session with tests/app/private-session-bus.conf)");
    QVERIFY2(!QDBusConnection::sessionBus().interface()->activatableServiceNames().value().contains(Service),
             "the bus would start a real notification service: use tests/app/private-session-bus.conf");
    QApplication::setApplicationDisplayName(QStringLiteral("Relaydesk"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.relaydesk.Relaydesk"));
}

void TestDesktopNotifier::startService(const QStringList &capabilities)
{
    // Started once, on its own connection as another process would be: calls go
    // through the bus. Each test starts from a fresh state.
    if (!m_fake) {
        QDBusConnection server = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-notifications"));
        QVERIFY(server.isConnected());
        m_fake = new FakeNotifications;
        m_fake->setParent(this);
        QVERIFY(server.registerObject(Path, m_fake, QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
        QVERIFY(server.registerService(Service));
    }
    if (!capabilities.isEmpty())
        m_fake->capabilities = capabilities;
}

void TestDesktopNotifier::cleanup()
{
    if (!m_fake)
        return;
    const FakeNotifications fresh;
    m_fake->capabilities = fresh.capabilities;
    m_fake->calls.clear();
    m_fake->lastId = fresh.lastId;
}

void TestDesktopNotifier::withoutTheServiceItIsNotAvailable()
{
    QVERIFY(!DesktopNotifier().isAvailable());
    DesktopNotifier offline(QDBusConnection(QStringLiteral("not connected")));
    QVERIFY(!offline.isAvailable());
    offline.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Where is my order?")}); // no crash, nothing sent

    startService();
    QVERIFY(DesktopNotifier().isAvailable());
}

void TestDesktopNotifier::notificationCarriesNameTextIconAndUrgency()
{
    startService();
    DesktopNotifier notifier;
    QImage icon(256, 256, QImage::Format_ARGB32);
    icon.fill(QColor(0x1e, 0x6f, 0xd9));
    notifier.setImage(icon);
    notifier.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Is <b>size L</b> back? & when?")});
    QTRY_COMPARE(m_fake->calls.size(), 1);

    const Call &call = m_fake->calls.first();
    QCOMPARE(call.appName, QStringLiteral("Relaydesk"));
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.appIcon, QStringLiteral("io.github.relaydesk.Relaydesk"));
    QCOMPARE(call.summary, QStringLiteral("Linh Nguyen"));
    // The service reads the body as markup: the customer's text is escaped, not interpreted.
    QCOMPARE(call.body, QStringLiteral("Is &lt;b&gt;size L&lt;/b&gt; back? &amp; when?"));
    QCOMPARE(call.actions, (QStringList{QStringLiteral("default"), QStringLiteral("Open")}));
    QCOMPARE(call.timeout, -1); // the desktop's setting
    // Normal urgency: GNOME and Plasma show no banner for low (what QSystemTrayIcon sends).
    QCOMPARE(call.hints.value(QStringLiteral("urgency")).toInt(), 1);
    QCOMPARE(call.hints.value(QStringLiteral("urgency")).metaType(), QMetaType::fromType<uchar>());
    QCOMPARE(call.hints.value(QStringLiteral("category")).toString(), QStringLiteral("im.received"));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("io.github.relaydesk.Relaydesk"));

    const QDBusArgument image = call.hints.value(QStringLiteral("image-data")).value<QDBusArgument>();
    int width = 0, height = 0, rowstride = 0, bitsPerSample = 0, channels = 0;
    bool alpha = false;
    QByteArray bytes;
    image.beginStructure();
    image >> width >> height >> rowstride >> alpha >> bitsPerSample >> channels >> bytes;
    image.endStructure();
    QCOMPARE(width, DesktopNotifier::ImagePixels);
    QCOMPARE(height, DesktopNotifier::ImagePixels);
    QCOMPARE(rowstride, width * 4);
    QVERIFY(alpha);
    QCOMPARE(bitsPerSample, 8);
    QCOMPARE(channels, 4);
    QCOMPARE(bytes.size(), rowstride * height);
    // RGBA: the icon's blue, opaque.
    QCOMPARE(quint8(bytes.at(0)), quint8(0x1e));
    QCOMPARE(quint8(bytes.at(1)), quint8(0x6f));
    QCOMPARE(quint8(bytes.at(2)), quint8(0xd9));
    QCOMPARE(quint8(bytes.at(3)), quint8(0xff));
}

void TestDesktopNotifier::plainBodyWhereTheServiceTakesNoMarkup()
{
    startService({QStringLiteral("body")});
    DesktopNotifier notifier;
    notifier.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Fish & chips <3")});
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QCOMPARE(m_fake->calls.first().body, QStringLiteral("Fish & chips <3"));
    QVERIFY(m_fake->calls.first().actions.isEmpty()); // it cannot offer them
}

void TestDesktopNotifier::newerMessageReplacesItsConversationsNotification()
{
    startService();
    DesktopNotifier notifier;
    notifier.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Hello?")});
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QVERIFY(appCaughtUp()); // the answer with its id
    notifier.show({18, 89, QStringLiteral("Anna Müller"), QStringLiteral("Hallo")});
    QTRY_COMPARE(m_fake->calls.size(), 2);
    QVERIFY(appCaughtUp());
    notifier.show({17, 90, QStringLiteral("Linh Nguyen"), QStringLiteral("Anyone there?")});
    QTRY_COMPARE(m_fake->calls.size(), 3);
    QCOMPARE(m_fake->calls.at(1).replacesId, 0u);
    QCOMPARE(m_fake->calls.at(2).replacesId, 41u); // Linh's, not Anna's

    // Once the agent closed it, the next one is new.
    m_fake->CloseNotification(41);
    QVERIFY(appCaughtUp());
    notifier.show({17, 91, QStringLiteral("Linh Nguyen"), QStringLiteral("Hello again")});
    QTRY_COMPARE(m_fake->calls.size(), 4);
    QCOMPARE(m_fake->calls.at(3).replacesId, 0u);
}

void TestDesktopNotifier::clickOpensThatConversation()
{
    startService();
    DesktopNotifier notifier;
    QSignalSpy clicked(&notifier, &DesktopNotifier::clicked);
    notifier.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Hello?")});
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QVERIFY(appCaughtUp());
    notifier.show({18, 89, QStringLiteral("Anna Müller"), QStringLiteral("Hallo")});
    QTRY_COMPARE(m_fake->calls.size(), 2);
    QVERIFY(appCaughtUp());

    emit m_fake->ActionInvoked(41, QStringLiteral("default"));
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().at(0).toLongLong(), 17);
    // Another application's notification, or another action: not ours to open.
    emit m_fake->ActionInvoked(7, QStringLiteral("default"));
    emit m_fake->ActionInvoked(42, QStringLiteral("reply"));
    emit m_fake->ActionInvoked(42, QStringLiteral("default"));
    QTRY_COMPARE(clicked.size(), 2);
    QCOMPARE(clicked.last().at(0).toLongLong(), 18);
}

void TestDesktopNotifier::trayIconNotifiesThroughTheService()
{
    startService();
    TrayIcon tray;
    QSignalSpy clicked(&tray, &TrayIcon::notificationClicked);
    tray.setUnreadCount(4);
    tray.showNotification({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Where is my order?")});
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QCOMPARE(m_fake->calls.first().summary, QStringLiteral("Linh Nguyen"));
    QCOMPARE(m_fake->calls.first().body, QStringLiteral("Where is my order?"));
    QVERIFY(m_fake->calls.first().hints.contains(QStringLiteral("image-data"))); // the app's icon
    QVERIFY(appCaughtUp());
    emit m_fake->ActionInvoked(41, QStringLiteral("default"));
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().at(0).toLongLong(), 17);
}

void TestDesktopNotifier::trayEachNotificationOpensItsOwnConversation()
{
    startService();
    TrayIcon tray;
    QSignalSpy clicked(&tray, &TrayIcon::notificationClicked);
    tray.showNotification({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Where is my order?")});
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QTest::qWait(50); // the answer with its id
    tray.showNotification({18, 90, QStringLiteral("Anna Müller"), QStringLiteral("Hallo")});
    QTRY_COMPARE(m_fake->calls.size(), 2);
    QTest::qWait(50);
    QVERIFY(!tray.balloonConversation()); // both went through the service

    // Where the tray is a StatusNotifierItem, Qt's tray (QDBusTrayIcon) hears every
    // ActionInvoked on the bus too and emits messageClicked for it: the same click
    // reaches the tray twice, once with the notification's id and once without.
    auto click = [&](uint id) {
        emit m_fake->ActionInvoked(id, QStringLiteral("default"));
        emit tray.systemTrayIcon()->messageClicked();
    };
    // Linh's first, though Anna's came last.
    click(41);
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).toLongLong(), 17);
    click(42);
    QTRY_COMPARE(clicked.size(), 2);
    QCOMPARE(clicked.at(1).at(0).toLongLong(), 18);
    // Another program's notification clicked: nothing of ours opens.
    click(7);
    QTest::qWait(100);
    QCOMPARE(clicked.size(), 2);
}

void TestDesktopNotifier::summaryTakesThePlaceOfTheBurstsNotification()
{
    startService();
    DesktopNotifier notifier;
    QSignalSpy clicked(&notifier, &DesktopNotifier::clicked);
    notifier.show({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Hello?")}); // a burst's first
    QTRY_COMPARE(m_fake->calls.size(), 1);
    QTest::qWait(50);
    notifier.show({30, 89, QStringLiteral("Bo"), QStringLiteral("Hi")}); // another, on screen too
    QTRY_COMPARE(m_fake->calls.size(), 2);
    QTest::qWait(50);
    // The burst's summary in the place of Linh's; Bo's stays.
    notifier.show({0, 95, QStringLiteral("7 new conversations"), QStringLiteral("From Linh, Anna, Bo and 4 others"), {17}});
    QTRY_COMPARE(m_fake->calls.size(), 3);
    QCOMPARE(m_fake->calls.at(2).replacesId, 41u);
    QTest::qWait(50);
    // Brought up to date: in its own place again.
    notifier.show({0, 99, QStringLiteral("9 new conversations"), QStringLiteral("From Linh, Anna, Bo and 6 others"), {0}});
    QTRY_COMPARE(m_fake->calls.size(), 4);
    QCOMPARE(m_fake->calls.at(3).replacesId, 41u);
    QTest::qWait(50);
    // The summary shows the window (0); Bo's opens Bo's.
    emit m_fake->ActionInvoked(41, QStringLiteral("default"));
    emit m_fake->ActionInvoked(42, QStringLiteral("default"));
    QTRY_COMPARE(clicked.size(), 2);
    QCOMPARE(clicked.at(0).at(0).toLongLong(), 0);
    QCOMPARE(clicked.at(1).at(0).toLongLong(), 30);
}

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
