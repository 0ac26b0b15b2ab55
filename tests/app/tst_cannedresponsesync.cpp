#include "cannedcachetable.h"
#include "cannedresponsemodel.h"
#include "cannedresponsesync.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "localcache.h"
#include "messagelistmodel.h"
#include "protocol.h"
#include "relayconnection.h"
#include "relayfixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using State = RelayConnection::State;

// Canned responses in the app against a real relay: two agents converge, an agent
// away catches up, changes made offline are queued and sent on reconnect, the
// relay's order decides conflicts; and an app ignores event kinds it does not know.
class TestCannedResponseSync : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void twoAgentsConverge();
    void agentAwayCatchesUpAndReadsOffline();
    void offlineChangesAreSentOnReconnect();
    void deleteWinsOverAnEditQueuedOffline();
    void listOnWelcomeBringsWhatEventsMissed();
    void badInputIsRefusedLocally();
    void unknownEventKindsAreIgnored();

private:
    std::unique_ptr<InboxSession> startSession(const QString &file, const QByteArray &token);
    static QStringList shortcodes(const InboxSession &session);
    static const CannedResponse *byShortcode(const QList<CannedResponse> &list, const QString &shortcode);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCannedResponseSync::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCannedResponseSync::cleanup()
{
    m_fixture.reset();
    m_dir.reset();
}

std::unique_ptr<InboxSession> TestCannedResponseSync::startSession(const QString &file, const QByteArray &token)
{
    auto session = std::make_unique<InboxSession>(m_dir->filePath(file));
    QString error;
    if (!session->open(&error)) {
        qWarning() << error;
        return nullptr;
    }
    session->connection()->setBackoff(100, 400);
    session->connectToRelay(m_fixture->relay().wsUrl(), token);
    return session;
}

QStringList TestCannedResponseSync::shortcodes(const InboxSession &session)
{
    QStringList list;
    const CannedResponseModel *model = session.cannedResponseModel();
    for (int row = 0; row < model->rowCount(); ++row)
        list.append(model->index(row).data(CannedResponseModel::ShortcodeRole).toString());
    return list;
}

const CannedResponse *TestCannedResponseSync::byShortcode(const QList<CannedResponse> &list, const QString &shortcode)
{
    for (const CannedResponse &r : list)
        if (r.shortcode == shortcode)
            return &r;
    return nullptr;
}

void TestCannedResponseSync::twoAgentsConverge()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_fixture->addAgent(QStringLiteral("bob")));
    QVERIFY(alice && bob);
    QAbstractItemModelTester tester(bob->cannedResponseModel());
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QTRY_COMPARE(bob->connection()->state(), State::Live);

    QCOMPARE(alice->cannedResponses()->save(0, QStringLiteral("/Thanks"), QStringLiteral("Thank you"),
                                            QStringLiteral("Thanks {{customer.first_name}}!")),
             QString());
    QCOMPARE(shortcodes(*alice), QStringList{QStringLiteral("thanks")}); // at once, before the relay answers
    QTRY_COMPARE(shortcodes(*bob), QStringList{QStringLiteral("thanks")});
    QTRY_VERIFY(alice->cannedResponseModel()->index(0).data(CannedResponseModel::IdRole).toLongLong() > 0);
    QTRY_VERIFY(!alice->cannedResponseModel()->index(0).data(CannedResponseModel::PendingRole).toBool());
    const qint64 id = bob->cannedResponseModel()->index(0).data(CannedResponseModel::IdRole).toLongLong();
    QCOMPARE(bob->cannedResponseModel()->index(0).data(CannedResponseModel::UpdatedByRole).toLongLong(),
             alice->directory().me.id);

    // bob edits, alice sees it and who did it; then alice deletes, and bob's is gone.
    QCOMPARE(bob->cannedResponses()->save(id, QStringLiteral("thanks"), QStringLiteral("Thank you"),
                                          QStringLiteral("Many thanks!")),
             QString());
    QTRY_COMPARE(alice->cannedResponseModel()->index(0).data(CannedResponseModel::TextRole).toString(),
                 QStringLiteral("Many thanks!"));
    QTRY_COMPARE(alice->cannedResponseModel()->index(0).data(CannedResponseModel::UpdatedByRole).toLongLong(),
                 bob->directory().me.id);
    QCOMPARE(alice->cannedResponses()->remove(id), QString());
    QTRY_VERIFY(shortcodes(*bob).isEmpty());
    QVERIFY(shortcodes(*alice).isEmpty());
    QCOMPARE(m_fixture->relay().store().cannedResponseCount(), 0);
    // The caches agree with the relay too (the next start paints from them).
    QTRY_VERIFY(CannedCacheTable(bob->cache()->database()).all().isEmpty());
}

void TestCannedResponseSync::agentAwayCatchesUpAndReadsOffline()
{
    const QByteArray bobToken = m_fixture->addAgent(QStringLiteral("bob"));
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    {
        auto bob = startSession(QStringLiteral("bob.sqlite"), bobToken);
        QVERIFY(bob);
        QTRY_COMPARE(bob->connection()->state(), State::Live);
    }
    // While bob is away: one made, one made and deleted.
    QCOMPARE(alice->cannedResponses()->save(0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!")), QString());
    QCOMPARE(alice->cannedResponses()->save(0, QStringLiteral("gone"), QStringLiteral("Gone"), QStringLiteral("x")), QString());
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 2);
    const qint64 gone = m_fixture->relay().store().cannedResponseByShortcode(QStringLiteral("gone"))->id;
    QTRY_VERIFY(!alice->cannedResponses()->pendingIds().contains(gone));
    QCOMPARE(alice->cannedResponses()->remove(gone), QString());
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 1);

    {
        auto bob = startSession(QStringLiteral("bob.sqlite"), bobToken);
        QVERIFY(bob);
        QTRY_COMPARE(bob->connection()->state(), State::Live);
        QTRY_COMPARE(shortcodes(*bob), QStringList{QStringLiteral("hi")});
    }
    m_fixture->relay().stop();
    // Offline, from the cache alone.
    InboxSession offline(m_dir->filePath(QStringLiteral("bob.sqlite")));
    QString error;
    QVERIFY2(offline.open(&error), qPrintable(error));
    QCOMPARE(shortcodes(offline), QStringList{QStringLiteral("hi")});
    QCOMPARE(offline.cannedResponseModel()->index(0).data(CannedResponseModel::TextRole).toString(), QStringLiteral("Hi!"));
}

qint64 idOf(const InboxSession &session, const QString &shortcode)
{
    const CannedResponseModel *model = session.cannedResponseModel();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row).data(CannedResponseModel::ShortcodeRole).toString() == shortcode)
            return model->index(row).data(CannedResponseModel::IdRole).toLongLong();
    return 0;
}

void TestCannedResponseSync::offlineChangesAreSentOnReconnect()
{
    const QByteArray token = m_fixture->addAgent(QStringLiteral("bob"));
    auto bob = startSession(QStringLiteral("bob.sqlite"), token);
    QVERIFY(bob);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    QCOMPARE(bob->cannedResponses()->save(0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!")), QString());
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 1);
    const qint64 hi = m_fixture->relay().store().cannedResponseByShortcode(QStringLiteral("hi"))->id;
    QTRY_VERIFY(bob->cannedResponses()->pendingIds().isEmpty());

    bob->disconnectFromRelay();
    QCOMPARE(bob->cannedResponses()->save(0, QStringLiteral("new"), QStringLiteral("New"), QStringLiteral("made offline")),
             QString());
    QCOMPARE(bob->cannedResponses()->save(hi, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("edited offline")),
             QString());
    // A second edit of the one made offline rewrites its queued change.
    const qint64 queuedNew = idOf(*bob, QStringLiteral("new"));
    QVERIFY(queuedNew < 0);
    QCOMPARE(bob->cannedResponses()->save(queuedNew, QStringLiteral("new"), QStringLiteral("New"),
                                          QStringLiteral("made offline, twice")),
             QString());
    QCOMPARE(shortcodes(*bob), (QStringList{QStringLiteral("hi"), QStringLiteral("new")}));
    QCOMPARE(bob->cannedResponses()->pendingIds(), (QSet<qint64>{hi, queuedNew}));
    QCOMPARE(CannedCacheTable(bob->cache()->database()).changes().size(), 2);
    QCOMPARE(m_fixture->relay().store().cannedResponseCount(), 1);

    // The queue outlives the app: a new session on the same cache sends it.
    bob.reset();
    bob = startSession(QStringLiteral("bob.sqlite"), token);
    QVERIFY(bob);
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 2);
    QTRY_COMPARE(m_fixture->relay().store().cannedResponse(hi)->text, QStringLiteral("edited offline"));
    QCOMPARE(m_fixture->relay().store().cannedResponseByShortcode(QStringLiteral("new"))->text,
             QStringLiteral("made offline, twice"));
    QTRY_VERIFY(bob->cannedResponses()->pendingIds().isEmpty());
    QTRY_VERIFY(idOf(*bob, QStringLiteral("new")) > 0);
    QVERIFY(CannedCacheTable(bob->cache()->database()).changes().isEmpty());
}

void TestCannedResponseSync::deleteWinsOverAnEditQueuedOffline()
{
    const QByteArray token = m_fixture->addAgent(QStringLiteral("bob"));
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), token);
    QVERIFY(alice && bob);
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    QCOMPARE(alice->cannedResponses()->save(0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!")), QString());
    QTRY_VERIFY(idOf(*bob, QStringLiteral("hi")) > 0);
    const qint64 hi = idOf(*bob, QStringLiteral("hi"));

    bob->disconnectFromRelay();
    QCOMPARE(bob->cannedResponses()->save(hi, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("edited offline")),
             QString());
    QTRY_VERIFY(alice->cannedResponses()->pendingIds().isEmpty());
    QCOMPARE(alice->cannedResponses()->remove(hi), QString());
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 0);
    const qint64 head = m_fixture->relay().store().lastSeq();

    QSignalSpy refused(bob->cannedResponses(), &CannedResponseSync::changeRefused);
    bob->connectToRelay(m_fixture->relay().wsUrl(), token);
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QLatin1String("/hi")), qPrintable(refused.first().first().toString()));
    QTRY_VERIFY(shortcodes(*bob).isEmpty());
    QVERIFY(CannedCacheTable(bob->cache()->database()).changes().isEmpty());
    QCOMPARE(m_fixture->relay().store().cannedResponseCount(), 0);
    QCOMPARE(m_fixture->relay().store().lastSeq(), head);
}

void TestCannedResponseSync::listOnWelcomeBringsWhatEventsMissed()
{
    const QByteArray token = m_fixture->addAgent(QStringLiteral("bob"));
    auto bob = startSession(QStringLiteral("bob.sqlite"), token);
    QVERIFY(bob);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    bob->disconnectFromRelay();
    // Stored without an event, as for an app that ignored the events when they came
    // (a version before canned responses): only the list can bring it.
    CannedResponse r;
    r.shortcode = QStringLiteral("old");
    r.title = QStringLiteral("Old");
    r.text = QStringLiteral("made before the upgrade");
    QVERIFY(m_fixture->relay().store().saveCannedResponse(&r, {}));
    // And one the cache holds that the relay no longer has.
    const CannedResponse stale{987, QStringLiteral("stale"), QStringLiteral("Stale"), QStringLiteral("x"), 0, 0, 0, 0};
    QVERIFY(CannedCacheTable(bob->cache()->database()).upsert(stale));

    bob->connectToRelay(m_fixture->relay().wsUrl(), token);
    QTRY_COMPARE(shortcodes(*bob), QStringList{QStringLiteral("old")});
    QCOMPARE(CannedCacheTable(bob->cache()->database()).all().size(), 1);
}

void TestCannedResponseSync::badInputIsRefusedLocally()
{
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_fixture->addAgent(QStringLiteral("bob")));
    QVERIFY(bob);
    CannedResponseSync *canned = bob->cannedResponses();
    QCOMPARE(canned->save(0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!")), QString());
    // Each refused at once with a sentence to show, and nothing queued.
    QVERIFY(canned->save(0, QStringLiteral("/HI"), QStringLiteral("Hello"), QStringLiteral("x")).contains(QLatin1String("/hi")));
    QVERIFY(!canned->save(0, QStringLiteral("h i"), QStringLiteral("Hi"), QStringLiteral("x")).isEmpty());
    QVERIFY(!canned->save(0, QStringLiteral("x"), QString(), QStringLiteral("x")).isEmpty());
    QVERIFY(!canned->save(0, QStringLiteral("x"), QStringLiteral("X"), QStringLiteral("  ")).isEmpty());
    QVERIFY(!canned->save(0, QStringLiteral("x"), QStringLiteral("X"), QString(2001, QLatin1Char('x'))).isEmpty());
    QVERIFY(canned->save(0, QStringLiteral("x"), QStringLiteral("X"), QStringLiteral("{{customer.phone}}"))
                .contains(QLatin1String("customer.phone")));
    QCOMPARE(CannedCacheTable(bob->cache()->database()).changes().size(), 1);
    QTRY_COMPARE(m_fixture->relay().store().cannedResponseCount(), 1);
}

void TestCannedResponseSync::unknownEventKindsAreIgnored()
{
    // What an app does with an event kind of a later protocol: nothing, except moving
    // its position past it. This is the path canned_response.* took in the apps before them.
    LocalCache cache(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QString error;
    QVERIFY2(cache.open(&error), qPrintable(error));
    ConversationListModel conversations;
    MessageListModel messages;
    Event e;
    e.seq = 41;
    e.kind = QStringLiteral("future.thing_changed");
    e.data.insert(QStringLiteral("thing"), QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("name"), QStringLiteral("x")}});
    QVERIFY(cache.applyEvents({e}));
    QCOMPARE(cache.lastSeq(), 41);
    conversations.applyEvents({e});
    messages.applyEvents({e});
    QCOMPARE(conversations.rowCount(), 0);
    QCOMPARE(messages.rowCount(), 0);
    QVERIFY(cache.conversations(10).isEmpty());
    QVERIFY(CannedCacheTable(cache.database()).all().isEmpty());
}

QTEST_MAIN(TestCannedResponseSync)
#include "tst_cannedresponsesync.moc"
