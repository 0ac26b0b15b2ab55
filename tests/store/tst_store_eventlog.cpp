// The Store contract: the event log: seqs, reading by seq, pruning. Only the Store interface, against
// the backend RELAYDESK_TEST_STORE names (see storebackend.h); each test gets a new, empty database.

#include "storebackend.h"
#include "storetestdata.h"

#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

class TestStoreEventLog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void eventLogAppendAndRead();
    void eventLogPrune();
    void eventLogPruneKeepsNewest();

private:
    bool openStore();

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestStoreEventLog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreEventLog::init()
{
    m_backend = std::make_unique<StoreBackend>();
    m_error.clear();
}

void TestStoreEventLog::cleanup()
{
    m_store.reset();
    m_backend.reset();
}

bool TestStoreEventLog::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = m_backend->create(&m_error);
    return m_store != nullptr;
}

void TestStoreEventLog::eventLogAppendAndRead()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->lastSeq(), 0);
    QCOMPARE(m_store->prunedThrough(), 0);
    QVERIFY(m_store->eventsAfter(0, 10).isEmpty());

    QList<Event> appended;
    for (int i = 1; i <= 7; ++i) {
        Event e = makeEvent(i % 2 ? QStringLiteral("message.new") : QStringLiteral("conversation.updated"),
                            1000 * i, i);
        QVERIFY(m_store->appendEvent(&e));
        QCOMPARE(e.seq, qint64(i));
        QCOMPARE(m_store->lastSeq(), qint64(i));
        appended.append(e);
    }

    const QList<Event> all = m_store->eventsAfter(0, 100);
    QCOMPARE(seqsOf(all), (QList<qint64>{1, 2, 3, 4, 5, 6, 7}));
    for (int i = 0; i < all.size(); ++i) {
        const Event &got = all.at(i);
        const Event &want = appended.at(i);
        QCOMPARE(got.kind, want.kind);
        QCOMPARE(got.pageId, want.pageId);
        QCOMPARE(got.conversationId, want.conversationId);
        QCOMPARE(got.agentId, want.agentId);
        QCOMPARE(got.createdAt, want.createdAt);
        QCOMPARE(got.data, want.data);
        QCOMPARE(got.toFrame(), want.toFrame());
    }

    // Paging by the last seq seen.
    QList<qint64> paged;
    qint64 after = 0;
    for (int guard = 0; guard < 20; ++guard) {
        const QList<Event> page = m_store->eventsAfter(after, 3);
        if (page.isEmpty())
            break;
        QVERIFY(page.size() <= 3);
        paged += seqsOf(page);
        after = page.last().seq;
    }
    QCOMPARE(paged, seqsOf(all));
    QCOMPARE(seqsOf(m_store->eventsAfter(5, 100)), (QList<qint64>{6, 7}));
    QVERIFY(m_store->eventsAfter(7, 100).isEmpty());

    // A message event carries the full message and reads back as one.
    Message m;
    m.id = 5;
    m.conversationId = 11;
    m.mid = QStringLiteral("m_5");
    m.text = QStringLiteral("hi");
    m.timestamp = 123;
    Event me = Event::forMessage(QStringLiteral("message.new"), QStringLiteral("p1"), m);
    me.createdAt = 9000;
    QVERIFY(m_store->appendEvent(&me));
    QCOMPARE(me.seq, 8);
    const QList<Event> last = m_store->eventsAfter(7, 10);
    QCOMPARE(last.size(), 1);
    QVERIFY(last.first().hasMessage());
    QCOMPARE(last.first().message(), m);

    // An event that belongs to no page (null pageId) is still logged.
    Event global;
    global.kind = QStringLiteral("agent.revoked");
    global.createdAt = 9500;
    QVERIFY2(m_store->appendEvent(&global), qPrintable(m_store->lastError()));
    QCOMPARE(global.seq, 9);
    QVERIFY(m_store->eventsAfter(8, 10).first().pageId.isEmpty());
    QVERIFY(m_store->eventsAfter(8, 10).first().data.isEmpty());
}

void TestStoreEventLog::eventLogPrune()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->pruneEvents(1'000'000), 0); // empty log
    QCOMPARE(m_store->prunedThrough(), 0);

    for (int i = 1; i <= 10; ++i) {
        Event e = makeEvent(QStringLiteral("k"), 1000 * i, i); // seq i created at 1000*i
        QVERIFY(m_store->appendEvent(&e));
    }
    QCOMPARE(m_store->pruneEvents(1000), 0); // strictly older than
    QCOMPARE(m_store->prunedThrough(), 0);

    QCOMPARE(m_store->pruneEvents(4500), 4);
    QCOMPARE(m_store->prunedThrough(), 4);
    QCOMPARE(m_store->lastSeq(), 10);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 100)), (QList<qint64>{5, 6, 7, 8, 9, 10}));
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 2)), (QList<qint64>{5, 6}));

    // An older cut-off does not move prunedThrough back.
    QCOMPARE(m_store->pruneEvents(2000), 0);
    QCOMPARE(m_store->prunedThrough(), 4);

    // Everything is old: all but the newest go.
    QCOMPARE(m_store->pruneEvents(1'000'000), 5);
    QCOMPARE(m_store->prunedThrough(), 9);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 100)), (QList<qint64>{10}));
    QCOMPARE(m_store->lastSeq(), 10);
    QCOMPARE(m_store->pruneEvents(1'000'000), 0);
    QCOMPARE(m_store->prunedThrough(), 9);

    Event next = makeEvent(QStringLiteral("k"), 20'000, 11);
    QVERIFY(m_store->appendEvent(&next));
    QCOMPARE(next.seq, 11);
    QCOMPARE(m_store->lastSeq(), 11);
    QCOMPARE(m_store->pruneEvents(1'000'000), 1);
    QCOMPARE(m_store->prunedThrough(), 10);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 100)), (QList<qint64>{11}));
}

void TestStoreEventLog::eventLogPruneKeepsNewest()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    Event only = makeEvent(QStringLiteral("k"), 5, 1);
    QVERIFY(m_store->appendEvent(&only));
    QCOMPARE(m_store->pruneEvents(1'000'000), 0);
    QCOMPARE(m_store->prunedThrough(), 0);
    QCOMPARE(m_store->lastSeq(), 1);
    QCOMPARE(m_store->eventsAfter(0, 10).size(), 1);

    // Pruning inside a transaction that is rolled back leaves everything as it was.
    Event second = makeEvent(QStringLiteral("k"), 6, 2);
    QVERIFY(m_store->appendEvent(&second));
    QVERIFY(m_store->beginTransaction());
    QCOMPARE(m_store->pruneEvents(1'000'000), 1);
    QCOMPARE(m_store->prunedThrough(), 1);
    m_store->rollbackTransaction();
    QCOMPARE(m_store->prunedThrough(), 0);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 10)), (QList<qint64>{1, 2}));

    QCOMPARE(m_store->pruneEvents(1'000'000), 1);
    QCOMPARE(m_store->lastSeq(), 2);
    m_store.reset();
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->lastSeq(), 2);
    QCOMPARE(m_store->prunedThrough(), 1);
    Event third = makeEvent(QStringLiteral("k"), 7, 3);
    QVERIFY(m_store->appendEvent(&third));
    QCOMPARE(third.seq, 3);
}

QTEST_GUILESS_MAIN(TestStoreEventLog)
#include "tst_store_eventlog.moc"
