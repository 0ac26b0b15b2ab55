#include "cachewriter.h"
#include "localcache.h"
#include "protocol.h"
#include "relayconnection.h"
#include "relayfixture.h"
#include "synccontroller.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using State = RelayConnection::State;

// The controller between a real in-process relay and a real cache file: what the
// relay has must end up in the cache, and what the agent writes must reach the relay once.
class TestSyncController : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void webhookAppearsInCache();
    void freshStartFillsCacheFromSnapshot();
    void offlineReplyIsSentOnceWhenRelayReturns();
    void relayRestartLosesNothing();
    void olderHistoryLoads();
    void closedWindowReplyFailsAndIsNotResent();
    void eventsThroughTheWriterThread();

private:
    void post(const QString &text, const QString &psid = RelayFixture::Psid, qint64 timestamp = 0);
    void startApp();
    qint64 onlyConversationId();

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<RelayConnection> m_connection;
    std::unique_ptr<SyncController> m_sync;
    std::unique_ptr<CacheWriter> m_writer;
};

void TestSyncController::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = std::make_unique<LocalCache>(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QString error;
    QVERIFY2(m_cache->open(&error), qPrintable(error));
}

void TestSyncController::cleanup()
{
    m_sync.reset();
    m_writer.reset();
    m_connection.reset();
    m_cache.reset();
    m_fixture.reset();
}

void TestSyncController::post(const QString &text, const QString &psid, qint64 timestamp)
{
    QVERIFY(m_fixture->postText(text, psid, timestamp));
}

void TestSyncController::startApp()
{
    m_connection = std::make_unique<RelayConnection>();
    m_connection->setRelayUrl(m_fixture->relay().wsUrl());
    m_connection->setToken(m_fixture->aliceToken());
    m_connection->setBackoff(100, 400);
    m_sync = std::make_unique<SyncController>(m_connection.get(), m_cache.get());
    m_connection->open();
}

qint64 TestSyncController::onlyConversationId()
{
    const QList<Conversation> list = m_cache->conversations(10);
    return list.size() == 1 ? list.first().id : 0;
}

void TestSyncController::webhookAppearsInCache()
{
    startApp();
    QTRY_COMPARE(m_connection->state(), State::Live);
    QSignalSpy applied(m_sync.get(), &SyncController::eventsApplied);
    post(QStringLiteral("Where is my order?"));

    QTRY_VERIFY(onlyConversationId() > 0);
    const qint64 id = onlyConversationId();
    QTRY_COMPARE(RelayFixture::texts(m_cache->messages(id, 10)), QStringList{QStringLiteral("Where is my order?")});
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
    QCOMPARE(m_cache->conversation(id)->previewText, QStringLiteral("Where is my order?"));
    // The connection resumes from what the cache committed.
    QCOMPARE(m_connection->lastSeq(), m_cache->lastSeq());
    QVERIFY(!applied.isEmpty());
    QCOMPARE(applied.last().at(0).value<QList<Event>>().last().seq, m_cache->lastSeq());
}

void TestSyncController::freshStartFillsCacheFromSnapshot()
{
    // Five customers before the app ever ran: an empty cache has no since, so a snapshot.
    for (int i = 0; i < 5; ++i)
        post(QStringLiteral("hello %1").arg(i), QStringLiteral("700000000000000%1").arg(i));
    const qint64 head = m_fixture->relay().store().lastSeq();
    QVERIFY(head > 0);

    startApp();
    m_sync->setSnapshotPageSize(2); // three pages: paging is exercised
    QSignalSpy snapshot(m_sync.get(), &SyncController::snapshotApplied);
    QVERIFY(snapshot.wait());
    QCOMPARE(snapshot.first().at(0).value<QList<Conversation>>().size(), 5);
    QCOMPARE(m_cache->conversations(100).size(), 5);
    QCOMPARE(m_cache->lastSeq(), head);
    QCOMPARE(m_connection->lastSeq(), head);
    QVERIFY(!m_sync->isResyncing());

    // Live after the snapshot: a new event lands on top of it.
    post(QStringLiteral("one more"), QStringLiteral("7000000000000009"));
    QTRY_COMPARE(m_cache->conversations(100).size(), 6);
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
}

void TestSyncController::offlineReplyIsSentOnceWhenRelayReturns()
{
    startApp();
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("Can you help?"));
    QTRY_VERIFY(onlyConversationId() > 0);
    const qint64 id = onlyConversationId();
    QTRY_COMPARE(m_cache->messageCount(id), 1);

    const quint16 port = m_fixture->relay().port();
    m_fixture->relay().stop();
    QTRY_VERIFY(m_connection->state() == State::Reconnecting || m_connection->state() == State::Connecting);

    QSignalSpy queued(m_sync.get(), &SyncController::replyQueued);
    QSignalSpy acked(m_sync.get(), &SyncController::replyAcknowledged);
    const std::optional<Message> pending = m_sync->sendReply(id, QStringLiteral("Of course, one moment."));
    QVERIFY(pending);
    // The bubble is there at once, before any network.
    QCOMPARE(queued.size(), 1);
    QCOMPARE(m_cache->messageCount(id), 2);
    QCOMPARE(m_cache->messages(id, 10).last().status, Message::Status::Pending);
    QVERIFY(m_cache->messages(id, 10).last().id < 0);
    QCOMPARE(m_cache->outbox().size(), 1);

    m_fixture->relay().config().listenPort = port; // the URL the connection keeps retrying
    QVERIFY(m_fixture->relay().start());
    QVERIFY(acked.wait(10000));
    QCOMPARE(acked.first().at(0).value<Message>().clientId, pending->clientId);
    QTRY_VERIFY(m_cache->outbox().isEmpty());
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());

    // Exactly one row for the reply, the relay's, in the cache and on the relay.
    const QList<Message> messages = m_cache->messages(id, 10);
    QCOMPARE(RelayFixture::texts(messages), (QStringList{QStringLiteral("Can you help?"), QStringLiteral("Of course, one moment.")}));
    QVERIFY(messages.last().id > 0);
    QCOMPARE(messages.last().clientId, pending->clientId);
    QCOMPARE(m_fixture->relay().store().messagesBefore(id, 0, 0, 10).size(), 2);
    QCOMPARE(acked.size(), 1);
}

void TestSyncController::relayRestartLosesNothing()
{
    startApp();
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("before"));
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
    QSignalSpy resync(m_connection.get(), &RelayConnection::resyncRequired);

    QVERIFY(m_fixture->relay().restart());
    post(QStringLiteral("while away 1"));
    post(QStringLiteral("while away 2"), QStringLiteral("7000000000000001"));

    QTRY_COMPARE(m_cache->conversations(10).size(), 2);
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
    QCOMPARE(m_connection->state(), State::Live);
    QCOMPARE(resync.size(), 0); // resumed by seq, no snapshot needed
    QStringList all;
    for (const Conversation &c : m_cache->conversations(10))
        all += RelayFixture::texts(m_cache->messages(c.id, 10));
    all.sort();
    QCOMPARE(all, (QStringList{QStringLiteral("before"), QStringLiteral("while away 1"), QStringLiteral("while away 2")}));
}

void TestSyncController::olderHistoryLoads()
{
    // History the cache never saw: three messages, then a fresh cache that only gets a snapshot.
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - 60'000;
    for (int i = 0; i < 3; ++i)
        post(QStringLiteral("old %1").arg(i), RelayFixture::Psid, base + i * 1000);
    startApp();
    QSignalSpy snapshot(m_sync.get(), &SyncController::snapshotApplied);
    QVERIFY(snapshot.wait());
    const qint64 id = onlyConversationId();
    QVERIFY(id > 0);
    QCOMPARE(m_cache->messageCount(id), 0);

    QSignalSpy loaded(m_sync.get(), &SyncController::olderMessagesLoaded);
    m_sync->loadOlder(id, 2);
    QVERIFY(loaded.wait());
    QCOMPARE(RelayFixture::texts(loaded.last().at(1).value<QList<Message>>()), (QStringList{QStringLiteral("old 1"), QStringLiteral("old 2")}));
    QVERIFY(loaded.last().at(2).toBool());
    m_sync->loadOlder(id, 2); // continues before the oldest cached one
    QVERIFY(loaded.wait());
    QCOMPARE(RelayFixture::texts(loaded.last().at(1).value<QList<Message>>()), QStringList{QStringLiteral("old 0")});
    QVERIFY(!loaded.last().at(2).toBool());
    QCOMPARE(RelayFixture::texts(m_cache->messages(id, 10)),
             (QStringList{QStringLiteral("old 0"), QStringLiteral("old 1"), QStringLiteral("old 2")}));
}

void TestSyncController::closedWindowReplyFailsAndIsNotResent()
{
    // The customer last wrote 8 days ago: past the 7-day human-agent window.
    startApp();
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("Hello?"), RelayFixture::Psid, QDateTime::currentMSecsSinceEpoch() - 8 * 24 * 3600 * 1000LL);
    QTRY_VERIFY(onlyConversationId() > 0);
    const qint64 id = onlyConversationId();
    QTRY_COMPARE(m_cache->messageCount(id), 1);
    const int relayMessages = m_fixture->relay().store().messagesBefore(id, 0, 0, 10).size();
    QCOMPARE(relayMessages, 1);

    QSignalSpy refused(m_sync.get(), &SyncController::replyRefused);
    QSignalSpy failed(m_sync.get(), &SyncController::replyFailed);
    QSignalSpy cacheFailed(m_sync.get(), &SyncController::cacheFailed);
    const std::optional<Message> pending = m_sync->sendReply(id, QStringLiteral("Sorry for the wait!"));
    QVERIFY(pending);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(0).toString(), pending->clientId);
    QCOMPARE(refused.first().at(1).toString(), QStringLiteral("window_closed"));
    const QString why = refused.first().at(2).toString();
    QVERIFY(!why.isEmpty());
    QCOMPARE(failed.first().at(0).value<Message>().id, pending->id);

    // In the cache: the entry failed with the relay's reason, the bubble failed with its message.
    auto checkFailed = [&] {
        const QList<OutboxEntry> outbox = m_cache->outbox();
        QCOMPARE(outbox.size(), 1);
        QCOMPARE(outbox.first().clientId, pending->clientId);
        QCOMPARE(outbox.first().state, OutboxEntry::State::Failed);
        QCOMPARE(outbox.first().errorCode, QStringLiteral("window_closed"));
        QCOMPARE(outbox.first().errorMessage, why);
        const Message bubble = m_cache->messages(id, 10).last();
        QCOMPARE(bubble.id, pending->id);
        QCOMPARE(bubble.status, Message::Status::Failed);
        QCOMPARE(bubble.errorMessage, why);
    };
    checkFailed();
    if (QTest::currentTestFailed())
        return;

    // A reconnect does not send it again: the relay never sees a send_message for it.
    QSignalSpy caughtUp(m_connection.get(), &RelayConnection::caughtUp);
    QVERIFY(m_fixture->relay().restart());
    QVERIFY(caughtUp.wait(10000));
    QTRY_COMPARE(m_connection->state(), State::Live);
    QTest::qWait(300); // room for a send and its answer, were there one
    QCOMPARE(refused.size(), 1);
    QCOMPARE(m_fixture->relay().store().messagesBefore(id, 0, 0, 10).size(), relayMessages);
    checkFailed();
    if (QTest::currentTestFailed())
        return;

    // Retry: pending again at once, sent, and refused again for the same reason.
    QSignalSpy queued(m_sync.get(), &SyncController::replyQueued);
    const std::optional<Message> retried = m_sync->retryReply(pending->clientId);
    QVERIFY(retried);
    QCOMPARE(retried->id, pending->id);
    QCOMPARE(retried->status, Message::Status::Pending);
    QCOMPARE(queued.size(), 1);
    QTRY_COMPARE(failed.size(), 2);
    QCOMPARE(refused.size(), 2);
    checkFailed();
    QCOMPARE(m_fixture->relay().store().messagesBefore(id, 0, 0, 10).size(), relayMessages);
    QVERIFY(cacheFailed.isEmpty());
}

void TestSyncController::eventsThroughTheWriterThread()
{
    // As InboxSession runs it: live events written on the writer's thread.
    startApp();
    m_writer = std::make_unique<CacheWriter>(m_cache->path());
    QVERIFY(m_writer->open(nullptr));
    m_sync->setWriter(m_writer.get());
    QTRY_COMPARE(m_connection->state(), State::Live);
    QStringList seenWhenApplied;
    connect(m_sync.get(), &SyncController::eventsApplied, this, [this, &seenWhenApplied](const QList<Event> &events) {
        // Models hear of events only once the cache holds them.
        for (const Event &e : events)
            if (e.hasMessage())
                seenWhenApplied += RelayFixture::texts(m_cache->messages(e.conversationId, 10));
    });
    post(QStringLiteral("first"));
    post(QStringLiteral("second"));
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
    QTRY_COMPARE(m_connection->lastSeq(), m_cache->lastSeq());
    QVERIFY(seenWhenApplied.contains(QStringLiteral("second")));
    const qint64 id = onlyConversationId();
    QCOMPARE(RelayFixture::texts(m_cache->messages(id, 10)), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));

    // A relay restart replays from the last commit; nothing is applied twice.
    QSignalSpy applied(m_sync.get(), &SyncController::eventsApplied);
    m_connection->close();
    post(QStringLiteral("while away"));
    m_connection->open();
    QTRY_COMPARE(m_cache->lastSeq(), m_fixture->relay().store().lastSeq());
    QTRY_VERIFY(!applied.isEmpty());
    QCOMPARE(RelayFixture::texts(m_cache->messages(id, 10)),
             (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("while away")}));
}

QTEST_GUILESS_MAIN(TestSyncController)
#include "tst_synccontroller.moc"
