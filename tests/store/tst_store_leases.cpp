// The Store contract: leases on work one relay of a cluster does at a time. Two
// Store connections on one database stand for two relays.

#include "storebackend.h"
#include "storetestdata.h"

#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

namespace {
const QString kSend = QStringLiteral("send");
const QString kA = QStringLiteral("relay-a");
const QString kB = QStringLiteral("relay-b");
} // namespace

class TestStoreLeases : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void oneOwnerAtATime();
    void expiredLeaseIsTakenOver();
    void renewAndRelease();
    void unclaimedPendingOutgoing();

private:
    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_a;
    std::unique_ptr<Relaydesk::Store::Store> m_b;
};

void TestStoreLeases::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreLeases::init()
{
    m_backend = std::make_unique<StoreBackend>();
    QString error;
    m_a = m_backend->create(&error);
    QVERIFY2(m_a, qPrintable(error));
    m_b = m_backend->create(&error);
    QVERIFY2(m_b, qPrintable(error));
}

void TestStoreLeases::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_backend.reset();
}

void TestStoreLeases::oneOwnerAtATime()
{
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("1"), kA, 1000, 2000));
    QVERIFY(!m_b->takeLease(kSend, QStringLiteral("1"), kB, 1500, 2500)); // held by A until 2000
    QVERIFY(m_b->takeLease(kSend, QStringLiteral("2"), kB, 1500, 2500)); // another key is free
    QVERIFY(m_b->takeLease(QStringLiteral("profile"), QStringLiteral("1"), kB, 1500, 2500)); // another kind too
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("1"), kA, 1600, 2600)); // the owner takes it again (renews)
    QVERIFY(!m_b->takeLease(kSend, QStringLiteral("1"), kB, 2100, 3100)); // renewed: still A's at 2100
}

void TestStoreLeases::expiredLeaseIsTakenOver()
{
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("7"), kA, 1000, 2000));
    QVERIFY(m_b->takeLease(kSend, QStringLiteral("7"), kB, 2001, 3001)); // A stopped renewing
    QVERIFY(!m_a->takeLease(kSend, QStringLiteral("7"), kA, 2002, 3002));
    QVERIFY(!m_a->releaseLease(kSend, QStringLiteral("7"), kA)); // not A's any more
    QVERIFY(m_b->releaseLease(kSend, QStringLiteral("7"), kB));
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("7"), kA, 2003, 3003)); // released: free at once
}

void TestStoreLeases::renewAndRelease()
{
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("1"), kA, 1000, 2000));
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("2"), kA, 1000, 2000));
    QVERIFY(m_b->takeLease(kSend, QStringLiteral("3"), kB, 1000, 2000));
    QCOMPARE(m_a->renewLeases(kA, 5000), 2);
    QVERIFY(!m_b->takeLease(kSend, QStringLiteral("1"), kB, 3000, 4000)); // renewed past 3000
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("3"), kA, 3000, 4000));  // B's was not renewed
    QVERIFY(m_a->releaseLeases(kA));
    QVERIFY(m_b->takeLease(kSend, QStringLiteral("1"), kB, 3001, 4001));
    QVERIFY(m_b->takeLease(kSend, QStringLiteral("2"), kB, 3001, 4001));
    QVERIFY(m_b->clearLeases());
    QVERIFY(m_a->takeLease(kSend, QStringLiteral("2"), kA, 3002, 4002));
}

void TestStoreLeases::unclaimedPendingOutgoing()
{
    const qint64 conversation = addConversation(m_a.get(), QStringLiteral("p1"), QStringLiteral("u1"), 1000);
    QVERIFY(conversation > 0);
    QList<qint64> pending;
    for (int i = 0; i < 3; ++i) {
        Message m = textMessage(conversation, Message::Direction::Outgoing, 1000 + i, Message::Status::Pending);
        QVERIFY(m_a->saveMessage(&m));
        pending.append(m.id);
    }
    Message sent = textMessage(conversation, Message::Direction::Outgoing, 2000, Message::Status::Sent);
    QVERIFY(m_a->saveMessage(&sent));

    QCOMPARE(m_b->unclaimedPendingOutgoing(1500, 10), pending);
    QVERIFY(m_a->takeLease(kSend, QString::number(pending[1]), kA, 1500, 2500));
    QCOMPARE(m_b->unclaimedPendingOutgoing(1600, 10), (QList<qint64>{pending[0], pending[2]}));
    QCOMPARE(m_b->unclaimedPendingOutgoing(1600, 1), QList<qint64>{pending[0]});
    QCOMPARE(m_b->unclaimedPendingOutgoing(2600, 10), pending); // A's lease expired
}

QTEST_GUILESS_MAIN(TestStoreLeases)
#include "tst_store_leases.moc"
