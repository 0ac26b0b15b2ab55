#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QDBusConnection>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Relaydesk::App;

class TestTrayIcon : public QObject
{
    Q_OBJECT
private slots:
    void baseIconIsDrawable();
    void badgeChangesTheIconPerCount();
    void toolTipSaysTheUnreadCount();
    void iconIsDrawnAgainOnlyWhenTheBadgeChanges();
    void balloonClickOpensTheConversationOnScreen();
    void menuRequestsWindowDoNotDisturbAndQuit();
};

namespace {
int differingPixels(const QImage &a, const QImage &b)
{
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y))
                ++count;
    return count;
}

QAction *action(QMenu *menu, const QString &text)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *a : actions)
        if (a->text() == text)
            return a;
    return nullptr;
}
} // namespace

void TestTrayIcon::baseIconIsDrawable()
{
    const QImage image = TrayIcon::baseIcon().pixmap(64, 64).toImage();
    QVERIFY(!image.isNull());
    // Not blank: some opaque pixels, some transparent (a shape, not a filled square).
    int opaque = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) > 200)
                ++opaque;
    QVERIFY2(opaque > 64 * 64 / 4, "the icon draws something");
}

void TestTrayIcon::badgeChangesTheIconPerCount()
{
    const QIcon base = TrayIcon::baseIcon();
    const QImage none = TrayIcon::badgedPixmap(base, 0, 64).toImage();
    const QImage one = TrayIcon::badgedPixmap(base, 1, 64).toImage();
    const QImage many = TrayIcon::badgedPixmap(base, 150, 64).toImage();
    const QImage ninetyNine = TrayIcon::badgedPixmap(base, 99, 64).toImage();
    QCOMPARE(none.size(), QSize(64, 64));
    QCOMPARE(none, base.pixmap(64, 64).toImage().convertToFormat(none.format()));
    QVERIFY(differingPixels(none, one) > 100);
    QVERIFY(differingPixels(one, many) > 20);  // a wider badge, other text
    QVERIFY(differingPixels(ninetyNine, many) > 0);
    // The badge sits in the top-right corner; the bottom-left stays the icon.
    QCOMPARE(one.pixel(58, 8) == none.pixel(58, 8), false);
    QCOMPARE(one.pixel(5, 60), none.pixel(5, 60));

    QCOMPARE(TrayIcon::badgeText(0), QString());
    QCOMPARE(TrayIcon::badgeText(7), QStringLiteral("7"));
    QCOMPARE(TrayIcon::badgeText(99), QStringLiteral("99"));
    QCOMPARE(TrayIcon::badgeText(100), QStringLiteral("99+"));

    TrayIcon tray;
    const QImage before = tray.systemTrayIcon()->icon().pixmap(32, 32).toImage();
    tray.setUnreadCount(3);
    QCOMPARE(tray.unreadCount(), 3);
    const QImage after = tray.systemTrayIcon()->icon().pixmap(32, 32).toImage();
    QVERIFY(differingPixels(before, after) > 10);
}

void TestTrayIcon::toolTipSaysTheUnreadCount()
{
    QCOMPARE(TrayIcon::toolTipFor(0), QStringLiteral("Relaydesk — 0 unread"));
    QCOMPARE(TrayIcon::toolTipFor(12), QStringLiteral("Relaydesk — 12 unread"));
    TrayIcon tray;
    tray.setUnreadCount(5);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), QStringLiteral("Relaydesk — 5 unread"));
    tray.setDoNotDisturb(true);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), QStringLiteral("Relaydesk — 5 unread\nDo not disturb"));
}

void TestTrayIcon::iconIsDrawnAgainOnlyWhenTheBadgeChanges()
{
    TrayIcon tray;
    tray.setUnreadCount(150);
    const qint64 many = tray.systemTrayIcon()->icon().cacheKey();
    // Live events change the count all the time; above 99 the badge reads "99+" either way.
    tray.setUnreadCount(151);
    tray.setUnreadCount(120);
    QCOMPARE(tray.systemTrayIcon()->icon().cacheKey(), many);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), QStringLiteral("Relaydesk — 120 unread"));
    tray.setDoNotDisturb(true);
    QCOMPARE(tray.systemTrayIcon()->icon().cacheKey(), many);
    tray.setUnreadCount(7);
    const qint64 seven = tray.systemTrayIcon()->icon().cacheKey();
    QVERIFY(seven != many);
    tray.setUnreadCount(0);
    QVERIFY(tray.systemTrayIcon()->icon().cacheKey() != seven);
}

void TestTrayIcon::balloonClickOpensTheConversationOnScreen()
{
    // No notification service (a bus that is not connected): Qt's balloon, one at a time.
    TrayIcon tray(QDBusConnection(QStringLiteral("no bus")));
    tray.setBalloonMs(200);
    QSignalSpy clicked(&tray, &TrayIcon::notificationClicked);
    tray.showNotification({17, 88, QStringLiteral("Linh Nguyen"), QStringLiteral("Where is my order?")});
    tray.showNotification({42, 90, QStringLiteral("Anna"), QStringLiteral("Photo")}); // replaces Linh's balloon
    QCOMPARE(tray.balloonConversation(), std::optional<qint64>(42));
    // What the platform does when the agent clicks the balloon.
    emit tray.systemTrayIcon()->messageClicked();
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().at(0).toLongLong(), 42);
    // Clicked, it is gone: another messageClicked (Qt sends one for a click on the
    // icon while a balloon shows, and for other programs' notifications) opens nothing.
    emit tray.systemTrayIcon()->messageClicked();
    QCOMPARE(clicked.size(), 1);

    // Once its time is over, nothing is on screen to open.
    tray.showNotification({17, 91, QStringLiteral("Linh Nguyen"), QStringLiteral("Hello?")});
    QCOMPARE(tray.balloonConversation(), std::optional<qint64>(17));
    QTRY_VERIFY(!tray.balloonConversation());
    emit tray.systemTrayIcon()->messageClicked();
    QCOMPARE(clicked.size(), 1);
}

void TestTrayIcon::menuRequestsWindowDoNotDisturbAndQuit()
{
    TrayIcon tray;
    QMenu *menu = tray.contextMenu();
    QVERIFY(menu);
    QCOMPARE(tray.systemTrayIcon()->contextMenu(), menu);
    QSignalSpy show(&tray, &TrayIcon::showWindowRequested);
    QSignalSpy hide(&tray, &TrayIcon::hideWindowRequested);
    QSignalSpy dnd(&tray, &TrayIcon::doNotDisturbToggled);
    QSignalSpy quit(&tray, &TrayIcon::quitRequested);

    QAction *hideAction = action(menu, QStringLiteral("Hide window"));
    QVERIFY(hideAction);
    hideAction->trigger();
    QCOMPARE(hide.size(), 1);
    tray.setWindowShown(false);
    QCOMPARE(hideAction->text(), QStringLiteral("Show window"));
    hideAction->trigger();
    QCOMPARE(show.size(), 1);
    // Clicking the icon toggles too.
    emit tray.systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QCOMPARE(show.size(), 2);

    QAction *dndAction = action(menu, QStringLiteral("Do not disturb"));
    QVERIFY(dndAction);
    QVERIFY(dndAction->isCheckable());
    dndAction->trigger();
    QCOMPARE(dnd.size(), 1);
    QCOMPARE(dnd.first().at(0).toBool(), true);
    QVERIFY(tray.doNotDisturb());
    tray.setDoNotDisturb(false); // the setting changed elsewhere: shown, not echoed
    QVERIFY(!dndAction->isChecked());
    QCOMPARE(dnd.size(), 1);

    QAction *quitAction = action(menu, QStringLiteral("Quit Relaydesk"));
    QVERIFY(quitAction);
    quitAction->trigger();
    QCOMPARE(quit.size(), 1);
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
