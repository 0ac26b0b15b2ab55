#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Relaydesk::Test {

// A private PostgreSQL 15 server for one test executable: initdb into a temporary
// folder and pg_ctl start on a free loopback port, stopped and deleted at the end.
// initdb refuses to run as root (CI runs as root), so the server then runs as
// "nobody". Binaries from RELAYDESK_PG_BIN, else /usr/lib/postgresql/15/bin.
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // The one server a test executable shares among its stores and relays: started on
    // first use, stopped when the application ends. Null (and *error says why) when it
    // could not start; later calls then fail the same way without trying again.
    static PostgresServer *shared(QString *error);

    bool start(QString *error);
    // "immediate" is a crash as far as PostgreSQL is concerned (recovers from WAL on the next start).
    bool stop(bool immediate = false);
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }

    // A fresh database, and its URL (user relaydesk, no password: trust on loopback).
    bool createDatabase(const QString &name, QString *error);
    QString url(const QString &database) const;
    // Runs one SQL statement in `database` (tests use it to look at what the relay wrote).
    bool exec(const QString &database, const QString &sql, QString *error);
    QString log() const;

private:
    bool run(const QStringList &command, QString *output, int timeoutMs = 60'000);
    QStringList asServerUser(const QString &program, const QStringList &args) const;

    QString m_bin;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_initialised = false;
};

} // namespace Relaydesk::Test
