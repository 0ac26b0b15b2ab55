// What only the SQLite backend has: the file on disk and its modes, WAL and
// synchronous=FULL, user_version migrations, the bytes as stored. SqliteStore is
// used directly; each test gets a fresh data folder, and the file is inspected
// through a second QSqlDatabase connection. What every backend must do is the
// Store contract, in the tst_store_* suites.

#include "sqlitemigrations.h"
#include "sqlitestore.h"
#include "storetestdata.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Relaydesk;
using namespace Relaydesk::Store;
using StoreTestData::makeEvent;

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

} // namespace

class TestSqliteStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void defaultStoreIsThisFile();
    void openCreatesPrivateFiles();
    void openTightensExistingPermissions();
    void walAndSynchronousFull();
    void migrationsReachLatestVersion();
    void reopenIsNoOp();
    void newerSchemaIsRejected();
    void corruptFileIsRejected();
    void closeReleasesItsConnection();
    void rawEventKeptAsReceived();

private:
    bool openStore();
    QString dbPath() const { return QDir(m_dataDir).filePath(kDbName); }

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<SqliteStore> m_store;
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
    auto store = std::make_unique<SqliteStore>(dbPath());
    if (!store->open(&m_error))
        return false;
    m_store = std::move(store);
    return true;
}

// ---- files, pragmas, migrations

void TestSqliteStore::defaultStoreIsThisFile()
{
    // The relay opens its data folder through openDefaultStore (so do the tst_store_*
    // suites on SQLite); everything below is about the file that opens.
    std::unique_ptr<Relaydesk::Store::Store> store = openDefaultStore(m_dataDir, &m_error);
    QVERIFY2(store, qPrintable(m_error));
    auto *sqlite = dynamic_cast<SqliteStore *>(store.get());
    QVERIFY(sqlite);
    QCOMPARE(sqlite->databasePath(), dbPath());
    QVERIFY(QFileInfo::exists(dbPath()));
}

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

void TestSqliteStore::closeReleasesItsConnection()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(storeConnection().isValid());
    m_store->close();
    m_store.reset();
    QVERIFY(!storeConnection().isValid());
}

// ---- what is stored, byte for byte

void TestSqliteStore::rawEventKeptAsReceived()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    QVERIFY(m_store->storeRawEvent(QStringLiteral("p2"), QStringLiteral("other"), 2000, QByteArray("\x00\xff", 2)));
    // Kept as received.
    QCOMPARE(probe(dbPath(), QStringLiteral("SELECT count(*) FROM raw_events WHERE body = x'00ff' AND kind = 'other' "
                                             "AND page_id = 'p2' AND timestamp = 2000")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
