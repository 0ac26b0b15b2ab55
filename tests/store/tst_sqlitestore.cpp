// SqliteStore through the Store interface (openDefaultStore). Each test gets a fresh
// data folder; the file itself is inspected through a second QSqlDatabase connection.

#include "sqlitemigrations.h"
#include "store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Relaydesk;
using namespace Relaydesk::Store;

namespace {

const QString kDbName = QStringLiteral("relaydesk.sqlite");

// Permission bits of a path (-1 if it cannot be stat'ed or this is not Unix).
int modeOf(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
#else
    Q_UNUSED(path);
    return -1;
#endif
}

QString octal(int mode) { return QStringLiteral("0%1").arg(mode, 0, 8); }

// Runs one statement on a separate connection to the file and returns the first column.
QVariant probe(const QString &dbPath, const QString &sql)
{
    const QString name = QStringLiteral("probe-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0);
            else
                qWarning() << "probe failed:" << sql << q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

// The store's own connection (synchronous is a per-connection setting, so a second
// connection could not tell whether the store set it). Found by name, not through
// the Store interface.
QSqlDatabase storeConnection()
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &n : names)
        if (n.startsWith(QLatin1String("relaydesk-store-")))
            return QSqlDatabase::database(n, false);
    return QSqlDatabase();
}

Message textMessage(qint64 conversationId, Message::Direction direction, qint64 timestamp,
                    Message::Status status, const QString &text = QString())
{
    Message m;
    m.conversationId = conversationId;
    m.direction = direction;
    m.timestamp = timestamp;
    m.status = status;
    m.text = text.isEmpty() ? QStringLiteral("t%1").arg(timestamp) : text;
    return m;
}

QList<qint64> idsOf(const QList<Message> &messages)
{
    QList<qint64> ids;
    for (const Message &m : messages)
        ids.append(m.id);
    return ids;
}

QList<qint64> idsOf(const QList<Conversation> &conversations)
{
    QList<qint64> ids;
    for (const Conversation &c : conversations)
        ids.append(c.id);
    return ids;
}

QList<qint64> seqsOf(const QList<Event> &events)
{
    QList<qint64> seqs;
    for (const Event &e : events)
        seqs.append(e.seq);
    return seqs;
}

Event makeEvent(const QString &kind, qint64 createdAt, int n)
{
    Event e;
    e.kind = kind;
    e.pageId = QStringLiteral("p1");
    e.conversationId = 10 + n;
    e.agentId = n % 3;
    e.createdAt = createdAt;
    e.data = QJsonObject{{QStringLiteral("n"), n},
                         {QStringLiteral("text"), QStringLiteral("\u00e9v\u00e9nement %1").arg(n)},
                         {QStringLiteral("list"), QJsonArray{1, 2, QStringLiteral("x")}}};
    return e;
}

} // namespace

class TestSqliteStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void openCreatesPrivateFiles();
    void openTightensExistingPermissions();
    void walAndSynchronousFull();
    void migrationsReachLatestVersion();
    void reopenIsNoOp();
    void newerSchemaIsRejected();
    void corruptFileIsRejected();

    void pages();
    void agents();
    void customers();
    void customerWithUnknownProfile();

    void conversationsInsertAndLookup();
    void conversationsKeysetPaging();

    void messagesRoundTrip();
    void messageUniqueness();
    void outgoingUpTo();
    void messagesBeforePaging();
    void pendingOutgoing();

    void receipts();
    void rawEvents();

    void eventLogAppendAndRead();
    void eventLogSavepointRollbackReusesSeq();
    void eventLogTransactionRollback();
    void eventLogPrune();
    void eventLogPruneKeepsNewest();

    void restartKeepsEverything();

private:
    bool openStore();
    QString dbPath() const { return QDir(m_dataDir).filePath(kDbName); }
    qint64 addConversation(const QString &pageId, const QString &psid, qint64 lastMessageAt);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestSqliteStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")));
}

void TestSqliteStore::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    // A folder the store has to create itself.
    m_dataDir = m_tmp->filePath(QStringLiteral("data"));
    m_error.clear();
}

void TestSqliteStore::cleanup()
{
    m_store.reset();
    m_tmp.reset();
}

bool TestSqliteStore::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = openDefaultStore(m_dataDir, &m_error);
    return m_store != nullptr;
}

qint64 TestSqliteStore::addConversation(const QString &pageId, const QString &psid, qint64 lastMessageAt)
{
    Conversation c;
    c.pageId = pageId;
    c.customer.psid = psid;
    c.lastMessageAt = lastMessageAt;
    c.previewText = QStringLiteral("hi");
    c.previewKind = QStringLiteral("text");
    if (!m_store->saveConversation(&c))
        return 0;
    return c.id;
}

// ---- files, pragmas, migrations

void TestSqliteStore::openCreatesPrivateFiles()
{
#ifndef Q_OS_UNIX
    QSKIP("POSIX permissions only");
#endif
    QVERIFY(!QFileInfo::exists(m_dataDir));
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(octal(modeOf(m_dataDir)), octal(0700));
    QVERIFY(QFileInfo::exists(dbPath()));
    QCOMPARE(octal(modeOf(dbPath())), octal(0600));

    // A write makes sure the WAL and shared-memory files exist while the store is open.
    QVERIFY(m_store->savePage({QStringLiteral("p1"), QStringLiteral("Page"), "token", 1, 0}));
    int sideFiles = 0;
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString side = dbPath() + QLatin1String(suffix);
        if (!QFileInfo::exists(side))
            continue;
        ++sideFiles;
        QCOMPARE(octal(modeOf(side)), octal(0600));
    }
    QCOMPARE(sideFiles, 2);
}

void TestSqliteStore::openTightensExistingPermissions()
{
#ifndef Q_OS_UNIX
    QSKIP("POSIX permissions only");
#endif
    QVERIFY2(openStore(), qPrintable(m_error));
    m_store.reset();
    QVERIFY(::chmod(QFile::encodeName(m_dataDir).constData(), 0755) == 0);
    QVERIFY(::chmod(QFile::encodeName(dbPath()).constData(), 0644) == 0);
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(octal(modeOf(m_dataDir)), octal(0700));
    QCOMPARE(octal(modeOf(dbPath())), octal(0600));
}

void TestSqliteStore::walAndSynchronousFull()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    // journal_mode=WAL is persistent in the file: any connection sees it.
    QCOMPARE(probe(dbPath(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));

    // synchronous is per connection: ask the store's own one.
    QSqlDatabase db = storeConnection();
    QVERIFY2(db.isValid() && db.isOpen(), "the store's connection is not registered");
    QCOMPARE(db.databaseName(), dbPath());
    QSqlQuery q(db);
    QVERIFY2(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toInt(), 2); // FULL
    q.finish();
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    q.finish();
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestSqliteStore::migrationsReachLatestVersion()
{
    QVERIFY(SqliteMigrations::latestVersion() >= 1);
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(probe(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(), SqliteMigrations::latestVersion());
    for (const char *table : {"pages", "agents", "customers", "conversations", "messages", "receipts",
                              "raw_events", "events", "meta"}) {
        QCOMPARE(probe(dbPath(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                                "AND name = '%1'").arg(QLatin1String(table))).toInt(), 1);
    }
}

void TestSqliteStore::reopenIsNoOp()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(m_store->savePage({QStringLiteral("p1"), QStringLiteral("Page"), "token", 5, 0}));
    Event e = makeEvent(QStringLiteral("message.new"), 1000, 1);
    QVERIFY(m_store->appendEvent(&e));
    const QString schemaSql = QStringLiteral("SELECT group_concat(name || ':' || coalesce(sql, ''), '|') "
                                             "FROM (SELECT name, sql FROM sqlite_master ORDER BY name)");
    m_store.reset();
    const QString schemaBefore = probe(dbPath(), schemaSql).toString();
    QVERIFY(!schemaBefore.isEmpty());

    for (int round = 0; round < 2; ++round) {
        QVERIFY2(openStore(), qPrintable(m_error)); // a migration re-run would fail on CREATE TABLE
        QCOMPARE(probe(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(),
                 SqliteMigrations::latestVersion());
        QCOMPARE(probe(dbPath(), schemaSql).toString(), schemaBefore);
        QCOMPARE(m_store->pages().size(), 1);
        QCOMPARE(m_store->lastSeq(), 1);
        m_store.reset();
    }
}

void TestSqliteStore::newerSchemaIsRejected()
{
    QVERIFY(QDir().mkpath(m_dataDir));
    const int newer = SqliteMigrations::latestVersion() + 1;
    {
        const QString name = QStringLiteral("maker");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE future(x)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer)));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QVERIFY(!openStore());
    QVERIFY(!m_store);
    QVERIFY2(m_error.contains(QLatin1String("newer")), qPrintable(m_error));
    QVERIFY2(m_error.contains(QString::number(newer)), qPrintable(m_error));
    // Left as it was: no downgrade, no tables of ours.
    QCOMPARE(probe(dbPath(), QStringLiteral("PRAGMA user_version")).toInt(), newer);
    QCOMPARE(probe(dbPath(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'events'")).toInt(), 0);
    // The failed open released its connection.
    QVERIFY(!storeConnection().isValid());
}

void TestSqliteStore::corruptFileIsRejected()
{
    QVERIFY(QDir().mkpath(m_dataDir));
    QByteArray garbage(8192, '\0');
    QRandomGenerator rng(20240611);
    for (char &c : garbage)
        c = char(rng.bounded(256));
    {
        QFile f(dbPath());
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(garbage), qint64(garbage.size()));
    }
    QVERIFY(!openStore());
    QVERIFY(!m_store);
    QVERIFY(!m_error.isEmpty());
    QVERIFY2(m_error.contains(dbPath()) || m_error.contains(QLatin1String("database")), qPrintable(m_error));
    // The store must not "repair" a file it cannot read by overwriting it.
    QFile f(dbPath());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), garbage);
    QVERIFY(!storeConnection().isValid());
}

// ---- pages, agents, customers

void TestSqliteStore::pages()
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

void TestSqliteStore::agents()
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

void TestSqliteStore::customers()
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

void TestSqliteStore::customerWithUnknownProfile()
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

// ---- conversations

void TestSqliteStore::conversationsInsertAndLookup()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    Conversation c;
    c.pageId = QStringLiteral("p1");
    c.customer.psid = QStringLiteral("u1");
    c.lastMessageAt = 1000;
    c.lastCustomerMessageAt = 900;
    c.previewText = QStringLiteral("hello");
    c.previewKind = QStringLiteral("text");
    c.previewOutgoing = true;
    c.unreadCount = 3;
    c.status = Conversation::Status::Pending;
    c.assigneeId = 7;
    QVERIFY(m_store->saveConversation(&c));
    QVERIFY(c.id > 0);
    QCOMPARE(m_store->conversationCount(), 1);

    auto byId = m_store->conversation(c.id);
    QVERIFY(byId);
    QCOMPARE(*byId, c);
    auto byPair = m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u1"));
    QVERIFY(byPair);
    QCOMPARE(*byPair, c);
    QVERIFY(!m_store->conversationFor(QStringLiteral("p2"), QStringLiteral("u1")));
    QVERIFY(!m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u2")));
    QVERIFY(!m_store->conversation(c.id + 100));

    // One conversation per (page, customer).
    Conversation dup;
    dup.pageId = QStringLiteral("p1");
    dup.customer.psid = QStringLiteral("u1");
    dup.previewText = QStringLiteral("x");
    dup.previewKind = QStringLiteral("text");
    QVERIFY(!m_store->saveConversation(&dup));
    QCOMPARE(m_store->conversationCount(), 1);

    // A conversation with no preview yet (null strings).
    Conversation bare;
    bare.pageId = QStringLiteral("p1");
    bare.customer.psid = QStringLiteral("u-bare");
    QVERIFY2(m_store->saveConversation(&bare), qPrintable(m_store->lastError()));
    QVERIFY(bare.id > c.id);
    QCOMPARE(*m_store->conversation(bare.id), bare);
    bare.unreadCount = 1;
    QVERIFY(m_store->saveConversation(&bare));
    QCOMPARE(m_store->conversation(bare.id)->unreadCount, 1);

    // Update.
    c.lastMessageAt = 2000;
    c.previewText = QStringLiteral("bye");
    c.previewOutgoing = false;
    c.unreadCount = 0;
    c.status = Conversation::Status::Resolved;
    c.assigneeId = 0;
    const qint64 id = c.id;
    QVERIFY(m_store->saveConversation(&c));
    QCOMPARE(c.id, id);
    QCOMPARE(*m_store->conversation(id), c);

    // The customer's name and picture are joined in.
    CustomerRecord cu;
    cu.pageId = QStringLiteral("p1");
    cu.customer = {QStringLiteral("u1"), QStringLiteral("Ana"), QStringLiteral("https://x.invalid/a.png")};
    cu.profileState = CustomerRecord::ProfileState::Known;
    QVERIFY(m_store->saveCustomer(cu));
    c.customer = cu.customer;
    QCOMPARE(*m_store->conversation(id), c);
    QCOMPARE(m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u1"))->customer.name, QStringLiteral("Ana"));
    const QList<Conversation> listed = m_store->conversations({}, 0, 0, 1);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().id, id);
    QCOMPARE(listed.first().customer.name, QStringLiteral("Ana"));
    QCOMPARE(listed.first().customer.pictureUrl, QStringLiteral("https://x.invalid/a.png"));
    // A customer of the same psid on another page is not joined.
    const qint64 other = addConversation(QStringLiteral("p2"), QStringLiteral("u1"), 5);
    QVERIFY(other > 0);
    QVERIFY(m_store->conversation(other)->customer.name.isEmpty());
}

void TestSqliteStore::conversationsKeysetPaging()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    // 30 conversations over three pages with many ties in last_message_at (and some at 0).
    QList<Conversation> all;
    const QStringList pageIds{QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3")};
    for (int i = 0; i < 30; ++i) {
        const qint64 at = (i % 7 == 3) ? 0 : 1000 + (i * 37 % 5) * 100;
        const qint64 id = addConversation(pageIds.at(i % 3), QStringLiteral("u%1").arg(i), at);
        QVERIFY(id > 0);
        all.append(*m_store->conversation(id));
    }
    QCOMPARE(m_store->conversationCount(), 30);

    auto expected = [&](const QStringList &filter) {
        QList<Conversation> list;
        for (const Conversation &c : all)
            if (filter.isEmpty() || filter.contains(c.pageId))
                list.append(c);
        std::sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
            return a.lastMessageAt != b.lastMessageAt ? a.lastMessageAt > b.lastMessageAt : a.id > b.id;
        });
        return idsOf(list);
    };
    auto walk = [&](const QStringList &filter, int limit) {
        QList<qint64> seen;
        qint64 at = 0, id = 0;
        for (int guard = 0; guard < 100; ++guard) {
            const QList<Conversation> page = m_store->conversations(filter, at, id, limit);
            if (page.isEmpty())
                break;
            if (page.size() > limit)
                return QList<qint64>{-1};
            for (const Conversation &c : page) {
                if (!filter.isEmpty() && !filter.contains(c.pageId))
                    return QList<qint64>{-2};
                seen.append(c.id);
            }
            at = page.last().lastMessageAt;
            id = page.last().id;
        }
        return seen;
    };

    const QList<qint64> everything = expected({});
    QCOMPARE(everything.size(), 30);
    QCOMPARE(idsOf(m_store->conversations({}, 0, 0, 100)), everything);
    for (int limit : {1, 4, 7, 30}) {
        const QList<qint64> seen = walk({}, limit);
        QCOMPARE(seen, everything);
        QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), seen.size());
    }
    const QStringList two{QStringLiteral("p1"), QStringLiteral("p3")};
    QCOMPARE(expected(two).size(), 20);
    QCOMPARE(walk(two, 3), expected(two));
    QCOMPARE(walk({QStringLiteral("p2")}, 4), expected({QStringLiteral("p2")}));
    QVERIFY(m_store->conversations({QStringLiteral("nope")}, 0, 0, 10).isEmpty());

    // The first page holds the newest, and the cursor is exclusive.
    const QList<Conversation> first = m_store->conversations({}, 0, 0, 3);
    QCOMPARE(first.size(), 3);
    QCOMPARE(first.first().lastMessageAt, 1400);
    const QList<Conversation> after = m_store->conversations({}, first.at(0).lastMessageAt, first.at(0).id, 2);
    QCOMPARE(idsOf(after), (QList<qint64>{first.at(1).id, first.at(2).id}));
}

// ---- messages

void TestSqliteStore::messagesRoundTrip()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(QStringLiteral("p1"), QStringLiteral("u1"), 0);
    QVERIFY(conv > 0);

    Message m;
    m.conversationId = conv;
    m.direction = Message::Direction::Outgoing;
    m.kind = QStringLiteral("attachments");
    m.text = QStringLiteral("Gr\u00fc\u00dfe \U0001F44B");
    m.attachments = {{QStringLiteral("image"), QStringLiteral("https://x.invalid/a.jpg"), {}, {}, QStringLiteral("a.jpg")}};
    m.timestamp = 1732521600000;
    m.status = Message::Status::Pending;
    m.clientId = QStringLiteral("c-1");
    m.agentId = 3;
    m.source = QStringLiteral("relaydesk");
    m.replyToMid = QStringLiteral("m_prev");
    QVERIFY(m.id == 0);
    QVERIFY(m_store->saveMessage(&m));
    QVERIFY(m.id > 0);
    QCOMPARE(m_store->messageCount(), 1);

    auto back = m_store->message(m.id);
    QVERIFY(back);
    QCOMPARE(*back, m);
    QCOMPARE(*m_store->messageByClientId(QStringLiteral("c-1")), m);
    QVERIFY(!m_store->messageByMid(QStringLiteral("m_1"))); // no mid yet

    // The Send API answered, then delivery, a reaction and an edit.
    m.mid = QStringLiteral("m_1");
    m.status = Message::Status::Delivered;
    m.reactions = {{QStringLiteral("love"), QStringLiteral("\u2764")}};
    m.editCount = 1;
    m.text = QStringLiteral("edited");
    const qint64 id = m.id;
    QVERIFY(m_store->saveMessage(&m));
    QCOMPARE(m.id, id);
    QCOMPARE(m_store->messageCount(), 1);
    QCOMPARE(*m_store->message(id), m);
    QCOMPARE(*m_store->messageByMid(QStringLiteral("m_1")), m);
    QCOMPARE(*m_store->messageByClientId(QStringLiteral("c-1")), m);

    // Failure details survive too.
    m.status = Message::Status::Failed;
    m.errorCode = 10;
    m.errorSubcode = 2018278;
    m.errorMessage = QStringLiteral("outside window");
    QVERIFY(m_store->saveMessage(&m));
    QCOMPARE(*m_store->message(id), m);

    QVERIFY(!m_store->message(id + 1));
    QVERIFY(!m_store->messageByMid(QString()));
    QVERIFY(!m_store->messageByClientId(QString()));

    // A message must belong to an existing conversation.
    Message orphan = textMessage(conv + 1000, Message::Direction::Incoming, 5, Message::Status::Received);
    QVERIFY(!m_store->saveMessage(&orphan));
    QCOMPARE(m_store->messageCount(), 1);
}

void TestSqliteStore::messageUniqueness()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(QStringLiteral("p1"), QStringLiteral("u1"), 0);
    QVERIFY(conv > 0);

    Message a = textMessage(conv, Message::Direction::Incoming, 100, Message::Status::Received);
    a.mid = QStringLiteral("m_dup");
    QVERIFY(m_store->saveMessage(&a));
    Message b = textMessage(conv, Message::Direction::Incoming, 101, Message::Status::Received);
    b.mid = QStringLiteral("m_dup");
    QVERIFY(!m_store->saveMessage(&b));
    QCOMPARE(b.id, 0);
    QVERIFY(!m_store->lastError().isEmpty());
    QCOMPARE(m_store->messageCount(), 1);
    QCOMPARE(m_store->messageByMid(QStringLiteral("m_dup"))->id, a.id);

    Message c = textMessage(conv, Message::Direction::Outgoing, 102, Message::Status::Pending);
    c.clientId = QStringLiteral("client-1");
    QVERIFY(m_store->saveMessage(&c));
    Message d = textMessage(conv, Message::Direction::Outgoing, 103, Message::Status::Pending);
    d.clientId = QStringLiteral("client-1");
    QVERIFY(!m_store->saveMessage(&d));
    QCOMPARE(m_store->messageCount(), 2);

    // Updating a message to another one's mid is refused as well.
    c.mid = QStringLiteral("m_dup");
    QVERIFY(!m_store->saveMessage(&c));
    QCOMPARE(m_store->messageByMid(QStringLiteral("m_dup"))->id, a.id);

    // Pending replies have neither mid nor (from other tools) a client id: many may exist.
    QSet<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        Message e = textMessage(conv, Message::Direction::Outgoing, 200 + i, Message::Status::Pending);
        QVERIFY2(m_store->saveMessage(&e), qPrintable(m_store->lastError()));
        ids.insert(e.id);
    }
    QCOMPARE(ids.size(), 4);
    QCOMPARE(m_store->messageCount(), 6);
}

void TestSqliteStore::outgoingUpTo()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 other = addConversation(QStringLiteral("p1"), QStringLiteral("u2"), 0);
    QVERIFY(conv > 0 && other > 0);
    using D = Message::Direction;
    using S = Message::Status;
    struct Row { qint64 conv; D dir; qint64 ts; S status; };
    const Row rows[] = {
        {conv, D::Outgoing, 200, S::Delivered}, // 0
        {conv, D::Outgoing, 100, S::Sent},      // 1
        {conv, D::Outgoing, 150, S::Read},      // 2: already read
        {conv, D::Outgoing, 120, S::Pending},   // 3: not sent yet
        {conv, D::Outgoing, 130, S::Failed},    // 4
        {conv, D::Incoming, 110, S::Received},  // 5: theirs
        {conv, D::Outgoing, 300, S::Sent},      // 6: after the watermark below
        {other, D::Outgoing, 100, S::Sent},     // 7: another conversation
        {conv, D::Outgoing, 250, S::Sent},      // 8: exactly at the watermark
    };
    QList<qint64> ids;
    for (const Row &r : rows) {
        Message m = textMessage(r.conv, r.dir, r.ts, r.status);
        QVERIFY(m_store->saveMessage(&m));
        ids.append(m.id);
    }

    // Read receipt at 250: everything sent or delivered, up to and including 250.
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 250, S::Read)), (QList<qint64>{ids[1], ids[0], ids[8]}));
    // Delivery receipt at 250: only what is not delivered yet.
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 250, S::Delivered)), (QList<qint64>{ids[1], ids[8]}));
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 249, S::Delivered)), (QList<qint64>{ids[1]}));
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 1000, S::Read)), (QList<qint64>{ids[1], ids[0], ids[8], ids[6]}));
    QVERIFY(m_store->outgoingUpTo(conv, 99, S::Read).isEmpty());
    QVERIFY(m_store->outgoingUpTo(conv, 1000, S::Sent).isEmpty());
    QCOMPARE(idsOf(m_store->outgoingUpTo(other, 1000, S::Read)), (QList<qint64>{ids[7]}));
    for (const Message &m : m_store->outgoingUpTo(conv, 1000, S::Read)) {
        QCOMPARE(m.direction, D::Outgoing);
        QCOMPARE(m.conversationId, conv);
        QCOMPARE(*m_store->message(m.id), m);
    }
}

void TestSqliteStore::messagesBeforePaging()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 other = addConversation(QStringLiteral("p1"), QStringLiteral("u2"), 0);
    QVERIFY(conv > 0 && other > 0);
    QList<Message> mine;
    for (int i = 0; i < 17; ++i) {
        // Timestamps with ties and out of insertion order.
        Message m = textMessage(conv, i % 2 ? Message::Direction::Outgoing : Message::Direction::Incoming,
                                1000 + (i * 7 % 6) * 10, i % 2 ? Message::Status::Sent : Message::Status::Received);
        QVERIFY(m_store->saveMessage(&m));
        mine.append(m);
        Message n = textMessage(other, Message::Direction::Incoming, 1000 + i, Message::Status::Received);
        QVERIFY(m_store->saveMessage(&n));
    }
    std::sort(mine.begin(), mine.end(), [](const Message &a, const Message &b) {
        return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.id > b.id;
    });
    const QList<qint64> expected = idsOf(mine);

    QCOMPARE(idsOf(m_store->messagesBefore(conv, 0, 0, 100)), expected);
    const QList<Message> top = m_store->messagesBefore(conv, 0, 0, 1);
    QCOMPARE(top.size(), 1);
    QCOMPARE(top.first(), mine.first());

    for (int limit : {1, 3, 5, 17}) {
        QList<qint64> seen;
        qint64 ts = 0, id = 0;
        for (int guard = 0; guard < 50; ++guard) {
            const QList<Message> page = m_store->messagesBefore(conv, ts, id, limit);
            if (page.isEmpty())
                break;
            QVERIFY(page.size() <= limit);
            for (const Message &m : page) {
                QCOMPARE(m.conversationId, conv);
                seen.append(m.id);
            }
            ts = page.last().timestamp;
            id = page.last().id;
        }
        QCOMPARE(seen, expected);
    }
    // The cursor is exclusive.
    const QList<Message> after = m_store->messagesBefore(conv, mine.at(0).timestamp, mine.at(0).id, 2);
    QCOMPARE(idsOf(after), (QList<qint64>{mine.at(1).id, mine.at(2).id}));
    QVERIFY(m_store->messagesBefore(conv + 1000, 0, 0, 10).isEmpty());
}

void TestSqliteStore::pendingOutgoing()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 a = addConversation(QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 b = addConversation(QStringLiteral("p2"), QStringLiteral("u1"), 0);
    QVERIFY(a > 0 && b > 0);
    QVERIFY(m_store->pendingOutgoing().isEmpty());

    Message p1 = textMessage(a, Message::Direction::Outgoing, 300, Message::Status::Pending);
    Message sent = textMessage(a, Message::Direction::Outgoing, 100, Message::Status::Sent);
    Message in = textMessage(a, Message::Direction::Incoming, 50, Message::Status::Received);
    Message p2 = textMessage(b, Message::Direction::Outgoing, 100, Message::Status::Pending);
    Message failed = textMessage(b, Message::Direction::Outgoing, 90, Message::Status::Failed);
    for (Message *m : {&p1, &sent, &in, &p2, &failed})
        QVERIFY(m_store->saveMessage(m));

    QList<Message> pending = m_store->pendingOutgoing();
    QCOMPARE(idsOf(pending), (QList<qint64>{p1.id, p2.id}));
    QCOMPARE(pending.at(0), p1);
    QCOMPARE(pending.at(1), p2);

    p1.status = Message::Status::Sent;
    p1.mid = QStringLiteral("m_p1");
    QVERIFY(m_store->saveMessage(&p1));
    failed.status = Message::Status::Pending; // retry
    QVERIFY(m_store->saveMessage(&failed));
    QCOMPARE(idsOf(m_store->pendingOutgoing()), (QList<qint64>{p2.id, failed.id}));
}

// ---- receipts, raw events

void TestSqliteStore::receipts()
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

void TestSqliteStore::rawEvents()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QCOMPARE(m_store->rawEventCount(), 0);
    const QByteArray raw1 = R"({"sender":{"id":"1"},"unknown_thing":{"x":1}})";
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p1"), QStringLiteral("unknown_thing"), 1000, raw1));
    QCOMPARE(m_store->rawEventCount(), 1);
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p1"), QStringLiteral("unknown_thing"), 1000, raw1));
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p2"), QStringLiteral("other"), 2000, QByteArray("\x00\xff", 2)));
    QCOMPARE(m_store->rawEventCount(), 3);
    // Kept as received.
    QCOMPARE(probe(dbPath(), QStringLiteral("SELECT count(*) FROM raw_events WHERE body = x'00ff' AND kind = 'other' "
                                             "AND page_id = 'p2' AND timestamp = 2000")).toInt(), 1);
}

// ---- event log

void TestSqliteStore::eventLogAppendAndRead()
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

void TestSqliteStore::eventLogSavepointRollbackReusesSeq()
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
    QCOMPARE(probe(dbPath(), QStringLiteral("SELECT max(seq) FROM events")).toLongLong(), 3);
}

void TestSqliteStore::eventLogTransactionRollback()
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

void TestSqliteStore::eventLogPrune()
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

void TestSqliteStore::eventLogPruneKeepsNewest()
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

// ---- restart

void TestSqliteStore::restartKeepsEverything()
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

    m_store->close();
    m_store.reset();
    QVERIFY(!storeConnection().isValid());

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
    QCOMPARE(idsOf(m_store->pendingOutgoing()), (QList<qint64>{reply.id}));
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

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
