#include "postgresstore.h"

#include "postgreslistener.h"
#include "postgresmigrations.h"
#include "storelogging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>

namespace Relaydesk::Store {

namespace {

// Errors that mean the connection is gone rather than the statement wrong: no SQLSTATE
// (libpq's own, e.g. "server closed the connection unexpectedly"), class 08
// (connection exception), or the server shutting down or starting up (57P01-57P03).
bool isConnectionError(const QSqlError &error)
{
    const QString state = error.nativeErrorCode();
    return state.isEmpty() || state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
           || state == QLatin1String("57P02") || state == QLatin1String("57P03");
}

} // namespace

PostgresStore::PostgresStore(QUrl url, QByteArray password)
    : SqlStore(SqlConnection::Backend::Postgres, QStringLiteral("relaydesk-pg-"))
    , m_url(std::move(url))
    , m_password(std::move(password))
{
    m_sql.setConnectionProbe(isConnectionError);
    m_sql.setReconnect([this] {
        QString error;
        if (connect(&error))
            return true;
        qCWarning(lcStore) << "the database is still unreachable:" << error;
        return false;
    });
}

PostgresStore::~PostgresStore()
{
    close();
}

bool PostgresStore::checkUrl(const QUrl &url, QString *error)
{
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres"))) {
        *error = QStringLiteral("the store must be \"sqlite\" or a postgresql://user@host:port/database URL");
        return false;
    }
    if (!url.password().isEmpty()) {
        *error = QStringLiteral("the store URL holds a password: put it in a file named by store_password_file "
                                "(or RELAYDESK_STORE_PASSWORD) instead, so it never shows in a command line or a log");
        return false;
    }
    const QString database = url.path().mid(1);
    if (database.isEmpty() || database.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("the store URL names no database (postgresql://user@host/DATABASE)");
        return false;
    }
    return true;
}

QString PostgresStore::displayUrl(const QUrl &url)
{
    return url.toString(QUrl::RemovePassword | QUrl::RemoveQuery);
}

void PostgresStore::configure(QSqlDatabase &db, const QUrl &url, const QByteArray &password)
{
    const QUrlQuery query(url);
    // A host given as ?host=/dir (a socket folder) wins over the URL's authority.
    const QString host = query.hasQueryItem(QStringLiteral("host")) ? query.queryItemValue(QStringLiteral("host"))
                                                                    : url.host();
    db.setHostName(host);
    db.setPort(url.port(5432));
    db.setDatabaseName(url.path().mid(1));
    db.setUserName(url.userName());
    db.setPassword(QString::fromUtf8(password));
    // Other libpq options pass through (sslmode, sslrootcert, …); a dead host is given up on quickly.
    QStringList options{QStringLiteral("connect_timeout=5"), QStringLiteral("application_name=relaydesk-relay")};
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        if (item.first != QLatin1String("host"))
            options.append(item.first + QLatin1Char('=') + item.second);
    db.setConnectOptions(options.join(QLatin1Char(';')));
}

std::unique_ptr<ChangeNotifier> PostgresStore::changeNotifier()
{
    return std::make_unique<PostgresListener>(m_url, m_password);
}

bool PostgresStore::connect(QString *error)
{
    QSqlDatabase &db = m_sql.database();
    db.close();
    configure(db, m_url, m_password);
    if (!db.open()) {
        *error = QStringLiteral("cannot connect to %1: %2").arg(displayUrl(m_url), db.lastError().text());
        return false;
    }
    // UTC, and statements that wait on a lock give up rather than hang the relay.
    QSqlQuery setup(db);
    if (!setup.exec(QStringLiteral("SET TIME ZONE 'UTC'; SET lock_timeout = '10s'; SET client_min_messages = warning"))) {
        *error = QStringLiteral("cannot set up the session: %1").arg(setup.lastError().text());
        return false;
    }
    return true;
}

bool PostgresStore::open(QString *error)
{
    if (!checkUrl(m_url, error) || !connect(error))
        return false;
    return PostgresMigrations::migrate(m_sql.database(), error);
}

std::unique_ptr<PostgresStore> PostgresStore::openAnother(QString *error) const
{
    auto store = std::make_unique<PostgresStore>(m_url, m_password);
    if (!store->checkUrl(m_url, error) || !store->connect(error))
        return nullptr;
    return store;
}

qint64 PostgresStore::lastSeq()
{
    if (m_head >= 0)
        return m_head;
    // Committed head: every event at or below it is committed and visible.
    return m_sql.scalar("SELECT seq FROM log_head WHERE id = 1");
}

bool PostgresStore::beginTransaction()
{
    if (!m_sql.begin(QStringLiteral("BEGIN")))
        return false;
    // Taken first in every write transaction, so writers never wait on each other in
    // two orders (no deadlock) and the seq they take is the next one to commit.
    QSqlQuery &q = m_sql.prepared("SELECT seq FROM log_head WHERE id = 1 FOR UPDATE");
    if (!m_sql.exec(q) || !q.next()) {
        m_sql.rollback();
        return false;
    }
    m_headAtBegin = m_head = q.value(0).toLongLong();
    q.finish();
    return true;
}

bool PostgresStore::appendEvent(Event *event)
{
    if (m_sql.inTransaction())
        return SqlStore::appendEvent(event);
    if (!beginTransaction())
        return false;
    if (!SqlStore::appendEvent(event)) {
        rollbackTransaction();
        return false;
    }
    return commitTransaction();
}

bool PostgresStore::takeNextSeq(qint64 *seq)
{
    if (m_head < 0) {
        m_sql.setLastError(QStringLiteral("events are appended only inside a write transaction"));
        return false;
    }
    *seq = ++m_head;
    return true;
}

bool PostgresStore::commitTransaction()
{
    if (m_head != m_headAtBegin) {
        QSqlQuery &head = m_sql.prepared("UPDATE log_head SET seq = ? WHERE id = 1");
        head.addBindValue(m_head);
        QSqlQuery &notify = m_sql.prepared("SELECT pg_notify('relaydesk_log', ?)");
        notify.addBindValue(QString::number(m_head));
        if (!m_sql.exec(head) || !m_sql.exec(notify)) {
            rollbackTransaction();
            return false;
        }
        notify.finish();
    }
    const bool ok = m_sql.commit();
    if (ok)
        m_headAtBegin = m_head = -1;
    return ok;
}

void PostgresStore::rollbackTransaction()
{
    m_sql.rollback();
    m_headAtBegin = m_head = m_headAtSavepoint = -1;
}

bool PostgresStore::savepoint()
{
    m_headAtSavepoint = m_head;
    return SqlStore::savepoint();
}

void PostgresStore::rollbackToSavepoint()
{
    // The unit's events are gone: so are the seqs it took.
    m_head = m_headAtSavepoint;
    SqlStore::rollbackToSavepoint();
}

} // namespace Relaydesk::Store
