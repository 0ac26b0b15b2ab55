// The Store contract: receipts, raw events of unknown kinds, and events waiting for their message.
// Only the Store interface, against the backend RELAYDESK_TEST_STORE names (see storebackend.h); each
// test gets a new, empty database.

#include "storebackend.h"
#include "storetestdata.h"

#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

class TestStoreReceipts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void receipts();
    void receiptWatermark();
    void rawEvents();
    void waitingEvents();

private:
    bool openStore();

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestStoreReceipts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreReceipts::init()
{
    m_backend = std::make_unique<StoreBackend>();
    m_error.clear();
}

void TestStoreReceipts::cleanup()
{
    m_store.reset();
    m_backend.reset();
}

bool TestStoreReceipts::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = m_backend->create(&m_error);
    return m_store != nullptr;
}

void TestStoreReceipts::receipts()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const QString p = QStringLiteral("p1"), u = QStringLiteral("u1");
    QVERIFY(m_store->recordReceipt(p, u, QStringLiteral("delivery"), 100));
    QVERIFY(!m_store->recordReceipt(p, u, QStringLiteral("delivery"), 100));
    QVERIFY(!m_store->recordReceipt(p, u, QStringLiteral("delivery"), 100));
    QVERIFY(m_store->recordReceipt(p, u, QStringLiteral("read"), 100));
    QVERIFY(!m_store->recordReceipt(p, u, QStringLiteral("read"), 100));
    QVERIFY(m_store->recordReceipt(p, u, QStringLiteral("delivery"), 200));
    QVERIFY(m_store->recordReceipt(p, QStringLiteral("u2"), QStringLiteral("delivery"), 100));
    QVERIFY(m_store->recordReceipt(QStringLiteral("p2"), u, QStringLiteral("delivery"), 100));
    QVERIFY(!m_store->recordReceipt(p, u, QStringLiteral("delivery"), 200));
}

void TestStoreReceipts::receiptWatermark()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const QString p = QStringLiteral("p1"), u = QStringLiteral("u1");
    const QString delivery = QStringLiteral("delivery"), read = QStringLiteral("read");
    QCOMPARE(m_store->receiptWatermark(p, u, delivery), 0);

    // The highest one counts, also when an older receipt arrives late.
    QVERIFY(m_store->recordReceipt(p, u, delivery, 200));
    QVERIFY(m_store->recordReceipt(p, u, delivery, 100));
    QCOMPARE(m_store->receiptWatermark(p, u, delivery), 200);
    QVERIFY(m_store->recordReceipt(p, u, delivery, 300));
    QCOMPARE(m_store->receiptWatermark(p, u, delivery), 300);

    // Per kind, per customer, per page.
    QCOMPARE(m_store->receiptWatermark(p, u, read), 0);
    QVERIFY(m_store->recordReceipt(p, u, read, 150));
    QCOMPARE(m_store->receiptWatermark(p, u, read), 150);
    QCOMPARE(m_store->receiptWatermark(p, u, delivery), 300);
    QCOMPARE(m_store->receiptWatermark(p, QStringLiteral("u2"), delivery), 0);
    QCOMPARE(m_store->receiptWatermark(QStringLiteral("p2"), u, delivery), 0);
}

void TestStoreReceipts::rawEvents()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->rawEventCount(), 0);
    const QByteArray raw1 = R"({"sender":{"id":"1"},"unknown_thing":{"x":1}})";
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p1"), QStringLiteral("unknown_thing"), 1000, raw1));
    QCOMPARE(m_store->rawEventCount(), 1);
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p1"), QStringLiteral("unknown_thing"), 1000, raw1));
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p2"), QStringLiteral("other"), 2000, QByteArray("\x00\xff", 2)));
    QCOMPARE(m_store->rawEventCount(), 3);
    // That they are kept byte for byte is checked in the file itself (tst_sqlitestore).
}

void TestStoreReceipts::waitingEvents()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const QString p = QStringLiteral("p1");
    const QString m1 = QStringLiteral("m_1"), m2 = QStringLiteral("m_2");
    QVERIFY(m_store->takeWaitingEvents(m1).isEmpty());

    const QByteArray reaction = R"({"sender":{"id":"u1"},"reaction":{"mid":"m_1","action":"react"}})";
    const QByteArray edit = R"({"sender":{"id":"u1"},"message_edit":{"mid":"m_1","text":"x"}})";
    const QByteArray binary("\x00\xff", 2);
    // Stored out of order: taken oldest first, and in arrival order within one timestamp.
    QVERIFY(m_store->storeWaitingEvent(m1, p, QStringLiteral("message_edit"), 2000, edit));
    QVERIFY(m_store->storeWaitingEvent(m1, p, QStringLiteral("reaction"), 1000, reaction));
    QVERIFY(m_store->storeWaitingEvent(m1, p, QStringLiteral("other"), 2000, binary));
    QVERIFY(m_store->storeWaitingEvent(m2, p, QStringLiteral("reaction"), 500, reaction));
    QCOMPARE(m_store->takeWaitingEvents(m1), (QList<QByteArray>{reaction, edit, binary}));

    // Taken means gone; another message's events stay.
    QVERIFY(m_store->takeWaitingEvents(m1).isEmpty());
    QVERIFY(m_store->takeWaitingEvents(QString()).isEmpty());

    // Taken inside a transaction that is rolled back: still waiting.
    QVERIFY(m_store->beginTransaction());
    QCOMPARE(m_store->takeWaitingEvents(m2), (QList<QByteArray>{reaction}));
    m_store->rollbackTransaction();

    // And still there after a reopen.
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->takeWaitingEvents(m2), (QList<QByteArray>{reaction}));
    QVERIFY(m_store->takeWaitingEvents(m2).isEmpty());
}

QTEST_GUILESS_MAIN(TestStoreReceipts)
#include "tst_store_receipts.moc"
