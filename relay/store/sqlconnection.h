#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>

#include <optional>

class QSqlError;

namespace Relaydesk::Store {

// One database connection as the store's tables use it: statements prepared once
// (keyed by the address of their literal), the last error, and the few ways the
// two backends' drivers want values bound. Used from the thread that opened it.
class SqlConnection
{
public:
    enum class Backend { Sqlite, Postgres };

    SqlConnection(Backend backend, QString connectionName);
    ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    Backend backend() const { return m_backend; }
    QSqlDatabase &database() { return m_db; }
    QString connectionName() const { return m_connectionName; }
    // Forgets prepared statements and closes the connection (a reconnect prepares again).
    void close();

    QSqlQuery &prepared(const char *sql);
    bool exec(QSqlQuery &query);
    bool execSql(const QString &sql);
    qint64 scalar(const char *sql);
    // Runs `query` and makes a T of each row with `row(query)`; empty when it fails
    // (lastError() says why). The tables' readers share this, not copies of the loop.
    template <typename T, typename RowReader>
    QList<T> readRows(QSqlQuery &query, RowReader row)
    {
        QList<T> list;
        if (!exec(query))
            return list;
        while (query.next())
            list.append(row(query));
        query.finish();
        return list;
    }
    // The first row of `query` with `key` bound as its last value, if any.
    template <typename T, typename RowReader>
    std::optional<T> firstRow(QSqlQuery &query, const QVariant &key, RowReader row)
    {
        query.addBindValue(key);
        const QList<T> list = readRows<T>(query, row);
        return list.isEmpty() ? std::nullopt : std::optional<T>(list.first());
    }
    // Runs an INSERT … RETURNING id and reads the id.
    bool insertReturningId(QSqlQuery &query, qint64 *id);

    QString lastError() const { return m_lastError; }
    void setLastError(const QString &error) { m_lastError = error; }
    // Transactions: tracked so that a lost connection is opened again only between them.
    bool begin(const QString &statement);
    bool commit();
    void rollback();
    // ROLLBACK TO a savepoint, which also ends PostgreSQL's "transaction aborted" state.
    bool rollbackTo(const QString &savepoint);
    bool inTransaction() const { return m_inTransaction; }

    // True when the last failure was the connection itself (the server went away),
    // not the statement. The backend says how to tell from the driver's error.
    bool connectionLost() const { return m_connectionLost; }
    void setConnectionProbe(std::function<bool(const QSqlError &)> isConnectionError)
    {
        m_isConnectionError = std::move(isConnectionError);
    }
    // How to open the connection again after it was lost; tried at most once a second,
    // before the next statement outside a transaction.
    void setReconnect(std::function<bool()> reconnect) { m_reconnect = std::move(reconnect); }
    // Reconnects if the connection was lost and it is time to try; false while it stays lost.
    bool ensureUsable();

    // JSON kept as text: SQLite takes the UTF-8 bytes as they are; PostgreSQL's text
    // columns need a string (bytes would be bound as bytea).
    QVariant jsonText(const QByteArray &utf8) const;

private:
    void noteFailure(const QSqlError &error);

    Backend m_backend;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<const char *, QSqlQuery *> m_queries;
    QSqlQuery *m_unprepared = nullptr; // stands in for a statement whose prepare failed
    std::function<bool(const QSqlError &)> m_isConnectionError;
    std::function<bool()> m_reconnect;
    qint64 m_lastReconnectMs = 0;
    bool m_inTransaction = false;
    bool m_failedInTransaction = false; // PostgreSQL then answers COMMIT with a silent ROLLBACK
    QString m_lastError;
    bool m_connectionLost = false;
};

// Qt binds a null QString/QByteArray as SQL NULL; NOT NULL columns get '' instead.
inline QString orEmpty(const QString &s) { return s.isNull() ? QString(QLatin1String("")) : s; }
inline QByteArray orEmpty(const QByteArray &b) { return b.isNull() ? QByteArray("") : b; }
inline QVariant nullIfEmpty(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }

} // namespace Relaydesk::Store
