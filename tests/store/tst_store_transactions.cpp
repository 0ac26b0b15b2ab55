// The Store contract: transactions and savepoints (one unit of a group commit fails alone), and what
// survives a close and reopen. Only the Store interface, against the backend RELAYDESK_TEST_STORE
// names (see storebackend.h); each test gets a new, empty database.

#include "storebackend.h"
#include "storetestdata.h"

#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

class TestStoreTransactions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void eventLogSavepointRollbackReusesSeq();
    void eventLogTransactionRollback();
    void restartKeepsEverything();

private:
    bool openStore();

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestStoreTransactions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreTransactions::init()
{
    m_backend = std::make_unique<StoreBackend>();
    m_error.clear();
}

void TestStoreTransactions::cleanup()
{
    m_store.reset();
    m_backend.reset();
}

bool TestStoreTransactions::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = m_backend->create(&m_error);
    return m_store != nullptr;
}

void TestStoreTransactions::eventLogSavepointRollbackReusesSeq()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    Event e1 = makeEvent(QStringLiteral("a"), 1, 1);
    QVERIFY(m_store->appendEvent(&e1));
    QCOMPARE(e1.seq, 1);

    QVERIFY(m_store->beginTransaction());
    QVERIFY(m_store->savepoint());
    Event kept = makeEvent(QStringLiteral("kept"), 2, 2);
    QVERIFY(m_store->appendEvent(&kept));
    QCOMPARE(kept.seq, 2);
    QVERIFY(m_store->releaseSavepoint());

    QVERIFY(m_store->savepoint());
    Event dropped = makeEvent(QStringLiteral("dropped"), 3, 3);
    QVERIFY(m_store->appendEvent(&dropped));
    QCOMPARE(dropped.seq, 3);
    m_store->rollbackToSavepoint();
    QCOMPARE(m_store->lastSeq(), 2);

    // The next unit of the same transaction gets the same seq: no gap.
    QVERIFY(m_store->savepoint());
    Event next = makeEvent(QStringLiteral("next"), 4, 4);
    QVERIFY(m_store->appendEvent(&next));
    QCOMPARE(next.seq, 3);
    QVERIFY(m_store->releaseSavepoint());
    QVERIFY(m_store->commitTransaction());

    const QList<Event> events = m_store->eventsAfter(0, 10);
    QCOMPARE(seqsOf(events), (QList<qint64>{1, 2, 3}));
    QCOMPARE(events.at(1).kind, QStringLiteral("kept"));
    QCOMPARE(events.at(2).kind, QStringLiteral("next"));
    QCOMPARE(events.at(2).data, next.data);
    QCOMPARE(m_store->lastSeq(), 3);

    // Rolled-back units do not leave anything else behind either.
    QVERIFY(m_store->beginTransaction());
    QVERIFY(m_store->savepoint());
    QVERIFY(m_store->savePage({QStringLiteral("px"), QStringLiteral("X"), "t", 1, 0}));
    m_store->rollbackToSavepoint();
    QVERIFY(m_store->commitTransaction());
    QVERIFY(!m_store->page(QStringLiteral("px")));

    // Committed data is visible to another connection (and so on disk).
    QString otherError;
    const std::unique_ptr<Relaydesk::Store::Store> other = m_backend->create(&otherError);
    QVERIFY2(other, qPrintable(otherError));
    QCOMPARE(seqsOf(other->eventsAfter(0, 10)), (QList<qint64>{1, 2, 3}));
}

void TestStoreTransactions::eventLogTransactionRollback()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    for (int i = 1; i <= 2; ++i) {
        Event e = makeEvent(QStringLiteral("a"), i, i);
        QVERIFY(m_store->appendEvent(&e));
    }
    QVERIFY(m_store->beginTransaction());
    Event gone = makeEvent(QStringLiteral("gone"), 3, 3);
    QVERIFY(m_store->appendEvent(&gone));
    QCOMPARE(gone.seq, 3);
    Event gone2 = makeEvent(QStringLiteral("gone"), 4, 4);
    QVERIFY(m_store->appendEvent(&gone2));
    QCOMPARE(gone2.seq, 4);
    m_store->rollbackTransaction();
    QCOMPARE(m_store->lastSeq(), 2);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 10)), (QList<qint64>{1, 2}));

    Event again = makeEvent(QStringLiteral("again"), 5, 5);
    QVERIFY(m_store->appendEvent(&again));
    QCOMPARE(again.seq, 3);
    const QList<Event> events = m_store->eventsAfter(2, 10);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().kind, QStringLiteral("again"));
    QCOMPARE(events.first().data, again.data);

    // The store is usable for a new transaction afterwards.
    QVERIFY(m_store->beginTransaction());
    Event in = makeEvent(QStringLiteral("in"), 6, 6);
    QVERIFY(m_store->appendEvent(&in));
    QVERIFY(m_store->commitTransaction());
    QCOMPARE(in.seq, 4);
    QCOMPARE(m_store->lastSeq(), 4);
}

void TestStoreTransactions::restartKeepsEverything()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(m_store->beginTransaction());
    QVERIFY(m_store->savePage({QStringLiteral("p1"), QStringLiteral("Page"), "secret", 1, 2}));
    AgentRecord agent{0, QStringLiteral("alice"), "hash", {QStringLiteral("p1")}, 3, 0};
    QVERIFY(m_store->addAgent(&agent));
    CustomerRecord cu;
    cu.pageId = QStringLiteral("p1");
    cu.customer = {QStringLiteral("u1"), QStringLiteral("Ana"), QString(QLatin1String("https://x.invalid/p"))};
    cu.profileState = CustomerRecord::ProfileState::Known;
    QVERIFY(m_store->saveCustomer(cu));
    Conversation conv;
    conv.pageId = QStringLiteral("p1");
    conv.customer = cu.customer;
    conv.lastMessageAt = 500;
    conv.previewText = QStringLiteral("hi");
    conv.previewKind = QStringLiteral("text");
    QVERIFY(m_store->saveConversation(&conv));
    Message msg = textMessage(conv.id, Message::Direction::Incoming, 500, Message::Status::Received);
    msg.mid = QStringLiteral("m_in");
    QVERIFY(m_store->saveMessage(&msg));
    Message reply = textMessage(conv.id, Message::Direction::Outgoing, 600, Message::Status::Pending);
    reply.clientId = QStringLiteral("c-9");
    QVERIFY(m_store->saveMessage(&reply));
    QVERIFY(m_store->recordReceipt(QStringLiteral("p1"), QStringLiteral("u1"), QStringLiteral("read"), 500));
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p1"), QStringLiteral("x"), 1, "{}"));
    for (int i = 1; i <= 4; ++i) {
        Event e = makeEvent(QStringLiteral("k"), 100 * i, i);
        QVERIFY(m_store->appendEvent(&e));
    }
    QVERIFY(m_store->commitTransaction());
    QCOMPARE(m_store->pruneEvents(250), 2);
    QVERIFY(m_store->revokeAgent(agent.id, 77));

    // Closed explicitly, as the relay does on shutdown (tst_sqlitestore checks the connection goes).
    m_store->close();
    m_store.reset();

    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->page(QStringLiteral("p1"))->accessToken, QByteArray("secret"));
    QCOMPARE(m_store->page(QStringLiteral("p1"))->backfilledAt, 2);
    auto a = m_store->agentByTokenHash("hash");
    QVERIFY(a);
    QCOMPARE(a->id, agent.id);
    QCOMPARE(a->revokedAt, 77);
    QVERIFY(a->mayAccess(QStringLiteral("p1")));
    QCOMPARE(m_store->customer(QStringLiteral("p1"), QStringLiteral("u1"))->customer, cu.customer);
    QCOMPARE(*m_store->conversation(conv.id), conv);
    QCOMPARE(*m_store->message(msg.id), msg);
    QCOMPARE(*m_store->messageByMid(QStringLiteral("m_in")), msg);
    QCOMPARE(m_store->unclaimedPendingOutgoing(0, 100), (QList<qint64>{reply.id}));
    QCOMPARE(m_store->messageCount(), 2);
    QCOMPARE(m_store->conversationCount(), 1);
    QVERIFY(!m_store->recordReceipt(QStringLiteral("p1"), QStringLiteral("u1"), QStringLiteral("read"), 500));
    QCOMPARE(m_store->rawEventCount(), 1);
    QCOMPARE(m_store->lastSeq(), 4);
    QCOMPARE(m_store->prunedThrough(), 2);
    QCOMPARE(seqsOf(m_store->eventsAfter(0, 10)), (QList<qint64>{3, 4}));
    QCOMPARE(m_store->eventsAfter(0, 10).last().data, makeEvent(QStringLiteral("k"), 400, 4).data);
    Event e5 = makeEvent(QStringLiteral("k"), 500, 5);
    QVERIFY(m_store->appendEvent(&e5));
    QCOMPARE(e5.seq, 5);

    // New ids continue after the old ones.
    Message later = textMessage(conv.id, Message::Direction::Incoming, 700, Message::Status::Received);
    QVERIFY(m_store->saveMessage(&later));
    QVERIFY(later.id > reply.id);
}

QTEST_GUILESS_MAIN(TestStoreTransactions)
#include "tst_store_transactions.moc"
