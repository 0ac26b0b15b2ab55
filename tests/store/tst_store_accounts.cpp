// The Store contract: Pages, agents and customers (with their profile look-up state). Only the Store
// interface, against the backend RELAYDESK_TEST_STORE names (see storebackend.h); each test gets a
// new, empty database.

#include "storebackend.h"
#include "storetestdata.h"

#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

class TestStoreAccounts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void pages();
    void agents();
    void customers();
    void customerWithUnknownProfile();

private:
    bool openStore();

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestStoreAccounts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreAccounts::init()
{
    m_backend = std::make_unique<StoreBackend>();
    m_error.clear();
}

void TestStoreAccounts::cleanup()
{
    m_store.reset();
    m_backend.reset();
}

bool TestStoreAccounts::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = m_backend->create(&m_error);
    return m_store != nullptr;
}

void TestStoreAccounts::pages()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(m_store->pages().isEmpty());
    QVERIFY(!m_store->page(QStringLiteral("p1")));

    QVERIFY(m_store->savePage({QStringLiteral("p2"), QStringLiteral("Second"), "tok2", 200, 0}));
    QVERIFY(m_store->savePage({QStringLiteral("p1"), QStringLiteral("First"), QByteArray("tok\0en1", 7), 100, 0}));

    auto p1 = m_store->page(QStringLiteral("p1"));
    QVERIFY(p1);
    QCOMPARE(p1->name, QStringLiteral("First"));
    QCOMPARE(p1->accessToken, QByteArray("tok\0en1", 7));
    QCOMPARE(p1->createdAt, 100);
    QCOMPARE(p1->backfilledAt, 0);

    // Update: name, token and backfill change; created_at is kept.
    QVERIFY(m_store->savePage({QStringLiteral("p1"), QStringLiteral("First renamed"), "newtok", 999, 12345}));
    p1 = m_store->page(QStringLiteral("p1"));
    QVERIFY(p1);
    QCOMPARE(p1->name, QStringLiteral("First renamed"));
    QCOMPARE(p1->accessToken, QByteArray("newtok"));
    QCOMPARE(p1->backfilledAt, 12345);
    QCOMPARE(p1->createdAt, 100);

    const QList<PageRecord> all = m_store->pages();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).id, QStringLiteral("p1"));
    QCOMPARE(all.at(1).id, QStringLiteral("p2"));
    QCOMPARE(all.at(1).accessToken, QByteArray("tok2"));

    // Only the id known yet (name and token are null strings).
    PageRecord bare;
    bare.id = QStringLiteral("p0");
    QVERIFY2(m_store->savePage(bare), qPrintable(m_store->lastError()));
    QVERIFY(m_store->page(QStringLiteral("p0")));
    QVERIFY(m_store->page(QStringLiteral("p0"))->accessToken.isEmpty());
    QVERIFY(m_store->removePage(QStringLiteral("p0")));

    QVERIFY(m_store->removePage(QStringLiteral("p1")));
    QVERIFY(!m_store->page(QStringLiteral("p1")));
    QVERIFY(!m_store->removePage(QStringLiteral("p1")));
    QCOMPARE(m_store->pages().size(), 1);
    QVERIFY(m_store->page(QStringLiteral("p2")));
}

void TestStoreAccounts::agents()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    AgentRecord alice{0, QStringLiteral("alice"), QByteArray::fromHex("a1a1a1"), {QStringLiteral("*")}, 10, 0};
    AgentRecord bob{0, QStringLiteral("bob"), QByteArray::fromHex("b0b0b0"),
                    {QStringLiteral("p1"), QStringLiteral("p3")}, 20, 0};
    QVERIFY(m_store->addAgent(&alice));
    QVERIFY(m_store->addAgent(&bob));
    QVERIFY(alice.id > 0);
    QVERIFY(bob.id > 0);
    QVERIFY(alice.id != bob.id);

    // Same name or same token hash again: refused.
    AgentRecord dupName{0, QStringLiteral("alice"), QByteArray::fromHex("cccccc"), {QStringLiteral("*")}, 30, 0};
    QVERIFY(!m_store->addAgent(&dupName));
    AgentRecord dupHash{0, QStringLiteral("carol"), QByteArray::fromHex("b0b0b0"), {QStringLiteral("*")}, 30, 0};
    QVERIFY(!m_store->addAgent(&dupHash));
    QCOMPARE(m_store->agents().size(), 2);

    auto byHash = m_store->agentByTokenHash(QByteArray::fromHex("b0b0b0"));
    QVERIFY(byHash);
    QCOMPARE(byHash->id, bob.id);
    QCOMPARE(byHash->name, QStringLiteral("bob"));
    QCOMPARE(byHash->pages, (QStringList{QStringLiteral("p1"), QStringLiteral("p3")}));
    QCOMPARE(byHash->createdAt, 20);
    QVERIFY(!byHash->isRevoked());
    QVERIFY(!m_store->agentByTokenHash(QByteArray::fromHex("deadbeef")));

    auto byName = m_store->agentByName(QStringLiteral("alice"));
    QVERIFY(byName);
    QCOMPARE(byName->id, alice.id);
    QCOMPARE(byName->tokenHash, QByteArray::fromHex("a1a1a1"));
    QVERIFY(!m_store->agentByName(QStringLiteral("nobody")));

    // mayAccess, as read back from the store.
    QVERIFY(byName->mayAccess(QStringLiteral("p1")));
    QVERIFY(byName->mayAccess(QStringLiteral("anything")));
    QVERIFY(byHash->mayAccess(QStringLiteral("p1")));
    QVERIFY(byHash->mayAccess(QStringLiteral("p3")));
    QVERIFY(!byHash->mayAccess(QStringLiteral("p2")));
    QVERIFY(!byHash->mayAccess(QStringLiteral("p")));

    // Revoke once; a second revoke (and an unknown id) changes nothing.
    QVERIFY(m_store->revokeAgent(bob.id, 5000));
    QVERIFY(!m_store->revokeAgent(bob.id, 6000));
    QVERIFY(!m_store->revokeAgent(999999, 6000));
    auto revoked = m_store->agent(bob.id);
    QVERIFY(revoked);
    QVERIFY(revoked->isRevoked());
    QCOMPARE(revoked->revokedAt, 5000);
    QVERIFY(!m_store->agent(alice.id)->isRevoked());

    const QList<AgentRecord> all = m_store->agents();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).id, alice.id);
    QCOMPARE(all.at(1).id, bob.id);
    QVERIFY(!m_store->agent(999999));
}

void TestStoreAccounts::customers()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(!m_store->customer(QStringLiteral("p1"), QStringLiteral("u1")));

    CustomerRecord known;
    known.pageId = QStringLiteral("p1");
    known.customer = {QStringLiteral("u1"), QStringLiteral("Zo\u00eb"), QStringLiteral("https://x.invalid/z.jpg")};
    known.profileState = CustomerRecord::ProfileState::Known;
    known.profileAttempts = 1;
    known.profileNextAttemptAt = 0;
    QVERIFY(m_store->saveCustomer(known));

    auto back = m_store->customer(QStringLiteral("p1"), QStringLiteral("u1"));
    QVERIFY(back);
    QCOMPARE(back->pageId, known.pageId);
    QCOMPARE(back->customer, known.customer);
    QCOMPARE(back->profileState, CustomerRecord::ProfileState::Known);
    QCOMPARE(back->profileAttempts, 1);
    // Same psid on another page is another customer.
    QVERIFY(!m_store->customer(QStringLiteral("p2"), QStringLiteral("u1")));

    const qint64 now = 1'000'000;
    auto make = [](const QString &psid, CustomerRecord::ProfileState state, int attempts, qint64 next) {
        CustomerRecord c;
        c.pageId = QStringLiteral("p1");
        c.customer.psid = psid;
        c.customer.name = QStringLiteral("n-") + psid; // names are covered by customerWithUnknownProfile
        c.profileState = state;
        c.profileAttempts = attempts;
        c.profileNextAttemptAt = next;
        return c;
    };
    using S = CustomerRecord::ProfileState;
    QVERIFY(m_store->saveCustomer(make(QStringLiteral("due-late"), S::Unknown, 2, now)));        // exactly now: due
    QVERIFY(m_store->saveCustomer(make(QStringLiteral("due-early"), S::Unknown, 0, 0)));         // never tried
    QVERIFY(m_store->saveCustomer(make(QStringLiteral("future"), S::Unknown, 3, now + 1)));      // not yet
    QVERIFY(m_store->saveCustomer(make(QStringLiteral("unavailable"), S::Unavailable, 5, 0)));   // gave up
    QVERIFY(m_store->saveCustomer(make(QStringLiteral("mid"), S::Unknown, 1, now - 500)));

    QList<CustomerRecord> due = m_store->customersNeedingProfile(now, 10);
    QStringList psids;
    for (const CustomerRecord &c : due)
        psids.append(c.customer.psid);
    QCOMPARE(psids, (QStringList{QStringLiteral("due-early"), QStringLiteral("mid"), QStringLiteral("due-late")}));
    QCOMPARE(due.at(2).profileAttempts, 2);
    QCOMPARE(due.at(2).profileNextAttemptAt, now);
    QCOMPARE(due.at(2).pageId, QStringLiteral("p1"));
    QCOMPARE(due.at(2).profileState, S::Unknown);

    QCOMPARE(m_store->customersNeedingProfile(now, 2).size(), 2);
    QCOMPARE(m_store->customersNeedingProfile(now + 1, 10).size(), 4);
    QCOMPARE(m_store->customersNeedingProfile(-1, 10).size(), 0);

    // Update through save: the profile becomes known, so it is no longer due.
    CustomerRecord found = make(QStringLiteral("mid"), S::Known, 2, 0);
    found.customer.name = QStringLiteral("Found");
    QVERIFY(m_store->saveCustomer(found));
    QCOMPARE(m_store->customer(QStringLiteral("p1"), QStringLiteral("mid"))->customer.name, QStringLiteral("Found"));
    QCOMPARE(m_store->customer(QStringLiteral("p1"), QStringLiteral("mid"))->profileState, S::Known);
    QCOMPARE(m_store->customersNeedingProfile(now, 10).size(), 2);
}

void TestStoreAccounts::customerWithUnknownProfile()
{
    // The usual first save: only the psid is known (name and picture are null strings).
    QVERIFY2(openStore(), qPrintable(m_error));
    CustomerRecord c;
    c.pageId = QStringLiteral("p1");
    c.customer.psid = QStringLiteral("u9");
    QVERIFY2(m_store->saveCustomer(c), qPrintable(m_store->lastError()));
    auto back = m_store->customer(QStringLiteral("p1"), QStringLiteral("u9"));
    QVERIFY(back);
    QVERIFY(back->customer.name.isEmpty());
    QVERIFY(back->customer.pictureUrl.isEmpty());
    QCOMPARE(m_store->customersNeedingProfile(0, 10).size(), 1);
}

QTEST_GUILESS_MAIN(TestStoreAccounts)
#include "tst_store_accounts.moc"
