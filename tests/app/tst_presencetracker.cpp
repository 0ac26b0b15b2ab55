#include "presencetracker.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace Relaydesk::App;

class TestPresenceTracker : public QObject
{
    Q_OBJECT
private slots:
    void colleaguesViewAndType();
    void ownPresenceIsIgnored();
    void idleRemoves();
    void entriesExpire();
};

void TestPresenceTracker::colleaguesViewAndType()
{
    PresenceTracker tracker;
    tracker.setSelf(3);
    QSignalSpy changed(&tracker, &PresenceTracker::presenceChanged);
    tracker.updatePresence(17, 4, QStringLiteral("bob"), QStringLiteral("viewing"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toLongLong(), 17);
    QCOMPARE(tracker.describe(17), QStringLiteral("bob is viewing"));
    tracker.updatePresence(17, 5, QStringLiteral("carol"), QStringLiteral("viewing"));
    QCOMPARE(tracker.describe(17), QStringLiteral("bob and carol are viewing"));
    tracker.updatePresence(17, 5, QStringLiteral("carol"), QStringLiteral("typing"));
    QCOMPARE(tracker.describe(17), QStringLiteral("carol is typing…")); // typing says more than viewing
    QCOMPARE(tracker.colleaguesIn(17).size(), 2);
    QCOMPARE(tracker.colleaguesIn(17).first().agentName, QStringLiteral("carol"));
    QVERIFY(tracker.describe(18).isEmpty());
}

void TestPresenceTracker::ownPresenceIsIgnored()
{
    PresenceTracker tracker;
    tracker.setSelf(3);
    QSignalSpy changed(&tracker, &PresenceTracker::presenceChanged);
    tracker.updatePresence(17, 3, QStringLiteral("alice"), QStringLiteral("typing"));
    QCOMPARE(changed.size(), 0);
    QVERIFY(tracker.describe(17).isEmpty());
}

void TestPresenceTracker::idleRemoves()
{
    PresenceTracker tracker;
    tracker.updatePresence(17, 4, QStringLiteral("bob"), QStringLiteral("typing"));
    tracker.updatePresence(17, 4, QStringLiteral("bob"), QStringLiteral("idle"));
    QVERIFY(tracker.colleaguesIn(17).isEmpty());
    QVERIFY(tracker.describe(17).isEmpty());
}

void TestPresenceTracker::entriesExpire()
{
    PresenceTracker tracker;
    tracker.updatePresence(17, 4, QStringLiteral("bob"), QStringLiteral("typing"));
    tracker.updatePresence(18, 5, QStringLiteral("carol"), QStringLiteral("viewing"));
    QSignalSpy changed(&tracker, &PresenceTracker::presenceChanged);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    tracker.expire(now + PresenceTracker::TypingLifetimeMs + 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toLongLong(), 17);
    QVERIFY(tracker.describe(17).isEmpty());
    QCOMPARE(tracker.describe(18), QStringLiteral("carol is viewing"));
    tracker.expire(now + PresenceTracker::ViewingLifetimeMs + 1);
    QVERIFY(tracker.describe(18).isEmpty());
    // A crashed colleague's typing vanishes on its own, by the real timer too.
    tracker.updatePresence(19, 6, QStringLiteral("dan"), QStringLiteral("typing"));
    QTRY_VERIFY_WITH_TIMEOUT(tracker.describe(19).isEmpty(), PresenceTracker::TypingLifetimeMs + 3000);
}

QTEST_GUILESS_MAIN(TestPresenceTracker)
#include "tst_presencetracker.moc"
