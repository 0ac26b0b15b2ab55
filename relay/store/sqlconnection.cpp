#include "sqlconnection.h"

#include "storelogging.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace Relaydesk::Store {

SqlConnection::SqlConnection(Backend backend, QString connectionName)
    : m_backend(backend), m_connectionName(std::move(connectionName))
{
    m_db = QSqlDatabase::addDatabase(backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"),
                                     m_connectionName);
}

SqlConnection::~SqlConnection()
{
    close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void SqlConnection::close()
{
    qDeleteAll(m_queries);
    m_queries.clear();
    delete m_unprepared;
    m_unprepared = nullptr;
    if (m_db.isOpen())
        m_db.close();
}

bool SqlConnection::ensureUsable()
{
    if (!m_connectionLost || m_inTransaction || !m_reconnect)
        return !m_connectionLost;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastReconnectMs < 1000)
        return false;
    m_lastReconnectMs = now;
    close(); // prepared statements died with the old connection
    if (!m_reconnect())
        return false;
    m_connectionLost = false;
    qCInfo(lcStore) << "connection to the database is back";
    return true;
}

bool SqlConnection::begin(const QString &statement)
{
    if (!ensureUsable() && m_connectionLost)
        return false;
    m_failedInTransaction = false;
    m_inTransaction = execSql(statement);
    return m_inTransaction;
}

bool SqlConnection::commit()
{
    if (m_failedInTransaction && m_backend == Backend::Postgres) {
        // PostgreSQL would roll back and still say COMMIT went fine.
        const QString why = m_lastError;
        rollback();
        m_lastError = QStringLiteral("a statement of the transaction failed, so nothing was committed: %1").arg(why);
        return false;
    }
    const bool ok = execSql(QStringLiteral("COMMIT"));
    if (ok)
        m_inTransaction = false;
    return ok;
}

void SqlConnection::rollback()
{
    execSql(QStringLiteral("ROLLBACK"));
    m_inTransaction = false;
    m_failedInTransaction = false;
}

bool SqlConnection::rollbackTo(const QString &savepoint)
{
    if (!execSql(QStringLiteral("ROLLBACK TO ") + savepoint))
        return false;
    m_failedInTransaction = false;
    return true;
}

QSqlQuery &SqlConnection::prepared(const char *sql)
{
    ensureUsable();
    QSqlQuery *&query = m_queries[sql];
    if (!query) {
        query = new QSqlQuery(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(QString::fromLatin1(sql))) {
            // Prepared again on the next use (the server may have been away).
            noteFailure(query->lastError());
            qCWarning(lcStore) << "cannot prepare statement:" << m_lastError;
            delete query;
            m_queries.remove(sql);
            if (!m_unprepared)
                m_unprepared = new QSqlQuery;
            return *m_unprepared;
        }
    }
    return *query;
}

bool SqlConnection::exec(QSqlQuery &query)
{
    if (&query == m_unprepared)
        return false; // m_lastError says why the prepare failed
    if (query.exec()) {
        m_connectionLost = false;
        return true;
    }
    noteFailure(query.lastError());
    qCWarning(lcStore) << "statement failed:" << m_lastError;
    return false;
}

bool SqlConnection::execSql(const QString &sql)
{
    QSqlQuery q(m_db);
    if (q.exec(sql)) {
        m_connectionLost = false;
        return true;
    }
    noteFailure(q.lastError());
    return false;
}

qint64 SqlConnection::scalar(const char *sql)
{
    QSqlQuery &q = prepared(sql);
    if (!exec(q) || !q.next())
        return 0;
    const qint64 value = q.value(0).toLongLong();
    q.finish();
    return value;
}

bool SqlConnection::insertReturningId(QSqlQuery &query, qint64 *id)
{
    if (!exec(query))
        return false;
    if (!query.next()) {
        m_lastError = QStringLiteral("the insert returned no id");
        return false;
    }
    *id = query.value(0).toLongLong();
    query.finish();
    return true;
}

QVariant SqlConnection::jsonText(const QByteArray &utf8) const
{
    if (m_backend == Backend::Sqlite)
        return utf8;
    return QString::fromUtf8(utf8);
}

void SqlConnection::noteFailure(const QSqlError &error)
{
    m_lastError = error.text();
    if (m_inTransaction)
        m_failedInTransaction = true;
    m_connectionLost = error.type() == QSqlError::ConnectionError || !m_db.isOpen()
                       || (m_isConnectionError && m_isConnectionError(error));
}

} // namespace Relaydesk::Store
