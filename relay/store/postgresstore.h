#pragma once

#include "sqlstore.h"

#include <QUrl>

namespace Relaydesk::Store {

// The backend several relays share: PostgreSQL 15 through Qt's QPSQL driver.
// Every write transaction locks the one row of log_head at BEGIN, so writers across
// the cluster take turns: seq is gap-free and in commit order, and read-modify-write
// units stay correct as under SQLite's BEGIN IMMEDIATE. A commit that appended
// events sends NOTIFY relaydesk_log (payload: the new head seq), which other relays
// use as a wake-up before they read the log.
class PostgresStore final : public SqlStore
{
public:
    static constexpr const char *kNotifyChannel = "relaydesk_log";

    // url: postgresql://[user@]host[:port]/database[?host=/socket/dir&sslmode=…].
    // A password in the URL is refused; it comes from `password` (a file or the environment).
    PostgresStore(QUrl url, QByteArray password);
    ~PostgresStore() override;

    // Checks a store URL before anything connects; false with a reason if unusable.
    static bool checkUrl(const QUrl &url, QString *error);
    // The URL with nothing secret in it, for logs.
    static QString displayUrl(const QUrl &url);

    bool open(QString *error) override;
    qint64 lastSeq() override;
    bool isShared() const override { return true; }

    bool beginTransaction() override;
    bool commitTransaction() override;
    void rollbackTransaction() override;
    bool savepoint() override;
    // Outside a transaction an append makes one of its own (the head is locked in one).
    bool appendEvent(Event *event) override;
    void rollbackToSavepoint() override;

    // A second connection to the same database, for a thread of its own.
    std::unique_ptr<PostgresStore> openAnother(QString *error) const;
    std::unique_ptr<ChangeNotifier> changeNotifier() override;
    // Sets host, port, database, user, password and libpq options from the URL.
    static void configure(QSqlDatabase &db, const QUrl &url, const QByteArray &password);

protected:
    bool takeNextSeq(qint64 *seq) override;

private:
    bool connect(QString *error);

    QUrl m_url;
    QByteArray m_password;
    qint64 m_headAtBegin = -1;    // log_head as locked at BEGIN; -1 outside a transaction
    qint64 m_head = -1;           // with this transaction's events
    qint64 m_headAtSavepoint = -1;
};

} // namespace Relaydesk::Store
