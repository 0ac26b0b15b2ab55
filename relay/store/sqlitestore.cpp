#include "sqlitestore.h"

#include "sqlitemigrations.h"
#include "storelogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Relaydesk::Store {

namespace {
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
}

SqliteStore::SqliteStore(const QString &databasePath)
    : SqlStore(SqlConnection::Backend::Sqlite, QStringLiteral("relaydesk-store-")), m_path(databasePath)
{
}

SqliteStore::~SqliteStore()
{
    close();
}

bool SqliteStore::open(QString *error)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create data folder %1").arg(info.absolutePath());
        return false;
    }
    // The folder holds page tokens: owner only.
    QFile::setPermissions(info.absolutePath(), kOwnerOnly | QFileDevice::ExeOwner);
    if (!info.exists()) {
        QFile f(m_path);
        if (!f.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot create %1: %2").arg(m_path, f.errorString());
            return false;
        }
        f.close();
    }
    QFile::setPermissions(m_path, kOwnerOnly);

    QSqlDatabase &db = m_sql.database();
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    // FULL: a commit returns only after the WAL is synced, so an answered webhook survives a crash.
    const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                                   "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"};
    for (const char *pragma : pragmas) {
        if (!m_sql.execSql(QString::fromLatin1(pragma))) {
            *error = QStringLiteral("cannot set up %1: %2").arg(m_path, m_sql.lastError());
            return false;
        }
    }
    QSqlQuery mode(db);
    if (!mode.exec(QStringLiteral("PRAGMA journal_mode")) || !mode.next()
        || mode.value(0).toString() != QLatin1String("wal")) {
        *error = QStringLiteral("%1: the file system does not support SQLite's WAL mode").arg(m_path);
        return false;
    }
    mode.finish(); // an unfinished statement would make the migration's COMMIT fail
    if (!SqliteMigrations::migrate(db, error))
        return false;
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString side = m_path + QLatin1String(suffix);
        if (QFile::exists(side))
            QFile::setPermissions(side, kOwnerOnly);
    }
    return true;
}

qint64 SqliteStore::lastSeq()
{
    // max(seq) survives rollbacks (no reuse gaps); pruned_through covers a fully pruned log.
    return qMax(m_events.maxSeq(), m_events.prunedThrough());
}

bool SqliteStore::takeNextSeq(qint64 *seq)
{
    // BEGIN IMMEDIATE holds the write lock: nobody else can take the same number.
    *seq = lastSeq() + 1;
    return true;
}

std::unique_ptr<Store> openDefaultStore(const QString &dataDir, QString *error)
{
    auto store = std::make_unique<SqliteStore>(QDir(dataDir).filePath(QStringLiteral("relaydesk.sqlite")));
    if (!store->open(error))
        return nullptr;
    return store;
}

} // namespace Relaydesk::Store
