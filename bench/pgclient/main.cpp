// relaydesk-pgclient-bench: what the Qt PostgreSQL driver (QPSQL) costs against
// libpq used directly, for the two things the relay asks of PostgreSQL most often:
// a write transaction shaped like the relay's (lock the log head, insert an event,
// move the head, commit) and a replay page (500 events read in seq order). Both
// clients run the same statements, prepared once, on one private server
// (fsync off: the client's cost is what is measured, not the disk's). Prints, per
// client, the median over rounds of wall time and of this process's CPU per
// operation, and the ratio. See docs/benchmarks.md.
#include "postgresserver.h"

#include <QCoreApplication>
#include <QCommandLineParser>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <libpq-fe.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

constexpr int kPage = 500;

struct Cost { double wallUs = 0; double cpuUs = 0; };

double cpuNowUs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

Cost measure(int operations, const std::function<void(int)> &op)
{
    const double cpu0 = cpuNowUs();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < operations; ++i)
        op(i);
    const double wall = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    return {wall / operations, (cpuNowUs() - cpu0) / operations};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

const QByteArray kPayload = QByteArray(R"({"kind":"message","conversation_id":17,"text":")") + QByteArray(300, 'x')
                          + QByteArray(R"(","mid":"m_1234567890","from":"customer"})");

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "relaydesk-pgclient-bench: %s\n", qPrintable(why));
    std::exit(1);
}

// --- QPSQL -------------------------------------------------------------------
class QtClient
{
public:
    explicit QtClient(quint16 port)
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench"));
        m_db.setHostName(QStringLiteral("127.0.0.1"));
        m_db.setPort(port);
        m_db.setDatabaseName(QStringLiteral("bench"));
        m_db.setUserName(QStringLiteral("relaydesk"));
        if (!m_db.open())
            fail(QStringLiteral("QPSQL: %1").arg(m_db.lastError().text()));
        m_lock = QSqlQuery(m_db);
        m_insert = QSqlQuery(m_db);
        m_head = QSqlQuery(m_db);
        m_page = QSqlQuery(m_db);
        m_page.setForwardOnly(true);
        if (!m_lock.prepare(QStringLiteral("SELECT seq FROM log_head WHERE id = 1 FOR UPDATE"))
            || !m_insert.prepare(QStringLiteral("INSERT INTO events(seq, kind, payload) VALUES(?, ?, ?)"))
            || !m_head.prepare(QStringLiteral("UPDATE log_head SET seq = ? WHERE id = 1"))
            || !m_page.prepare(QStringLiteral("SELECT seq, kind, payload FROM events WHERE seq > ? ORDER BY seq LIMIT 500")))
            fail(QStringLiteral("QPSQL prepare: %1").arg(m_db.lastError().text()));
    }
    void write()
    {
        m_db.transaction();
        if (!m_lock.exec() || !m_lock.next())
            fail(m_lock.lastError().text());
        const qint64 seq = m_lock.value(0).toLongLong() + 1;
        m_insert.bindValue(0, seq);
        m_insert.bindValue(1, QStringLiteral("message"));
        m_insert.bindValue(2, QString::fromUtf8(kPayload));
        m_head.bindValue(0, seq);
        if (!m_insert.exec() || !m_head.exec() || !m_db.commit())
            fail(m_db.lastError().text());
    }
    qint64 readPage(qint64 after)
    {
        m_page.bindValue(0, after);
        if (!m_page.exec())
            fail(m_page.lastError().text());
        qint64 bytes = 0;
        while (m_page.next())
            bytes += m_page.value(0).toLongLong() + m_page.value(1).toString().size() + m_page.value(2).toString().size();
        return bytes;
    }

private:
    QSqlDatabase m_db;
    QSqlQuery m_lock, m_insert, m_head, m_page;
};

// --- libpq ---------------------------------------------------------------------
class PqClient
{
public:
    explicit PqClient(quint16 port)
    {
        const QByteArray info = QStringLiteral("host=127.0.0.1 port=%1 dbname=bench user=relaydesk").arg(port).toUtf8();
        m_conn = PQconnectdb(info.constData());
        if (PQstatus(m_conn) != CONNECTION_OK)
            fail(QStringLiteral("libpq: %1").arg(QString::fromUtf8(PQerrorMessage(m_conn))));
        prepare("lock", "SELECT seq FROM log_head WHERE id = 1 FOR UPDATE", 0);
        prepare("insert", "INSERT INTO events(seq, kind, payload) VALUES($1, $2, $3)", 3);
        prepare("head", "UPDATE log_head SET seq = $1 WHERE id = 1", 1);
        prepare("page", "SELECT seq, kind, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT 500", 1);
    }
    ~PqClient() { PQfinish(m_conn); }
    void write()
    {
        command("BEGIN");
        PGresult *r = PQexecPrepared(m_conn, "lock", 0, nullptr, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
            fail(QString::fromUtf8(PQerrorMessage(m_conn)));
        const QByteArray seq = QByteArray::number(QByteArray(PQgetvalue(r, 0, 0)).toLongLong() + 1);
        PQclear(r);
        const char *insertParams[] = {seq.constData(), "message", kPayload.constData()};
        exec("insert", 3, insertParams);
        const char *headParams[] = {seq.constData()};
        exec("head", 1, headParams);
        command("COMMIT");
    }
    qint64 readPage(qint64 after)
    {
        const QByteArray from = QByteArray::number(after);
        const char *params[] = {from.constData()};
        PGresult *r = PQexecPrepared(m_conn, "page", 1, params, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail(QString::fromUtf8(PQerrorMessage(m_conn)));
        // The same conversions the relay's reader makes: a number and two strings.
        qint64 bytes = 0;
        for (int row = 0; row < PQntuples(r); ++row)
            bytes += QByteArray(PQgetvalue(r, row, 0)).toLongLong() + QString::fromUtf8(PQgetvalue(r, row, 1)).size()
                   + QString::fromUtf8(PQgetvalue(r, row, 2)).size();
        PQclear(r);
        return bytes;
    }

private:
    void prepare(const char *name, const char *sql, int params)
    {
        PGresult *r = PQprepare(m_conn, name, sql, params, nullptr);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            fail(QString::fromUtf8(PQerrorMessage(m_conn)));
        PQclear(r);
    }
    void exec(const char *name, int count, const char *const *params)
    {
        PGresult *r = PQexecPrepared(m_conn, name, count, params, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            fail(QString::fromUtf8(PQerrorMessage(m_conn)));
        PQclear(r);
    }
    void command(const char *sql)
    {
        PGresult *r = PQexec(m_conn, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            fail(QString::fromUtf8(PQerrorMessage(m_conn)));
        PQclear(r);
    }
    PGconn *m_conn = nullptr;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("QPSQL against libpq on a private PostgreSQL 15."));
    parser.addHelpOption();
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds (medians over them)."), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption writes(QStringLiteral("writes"), QStringLiteral("Write transactions per round and client."), QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("500-event pages read per round and client."), QStringLiteral("N"), QStringLiteral("200"));
    parser.addOptions({rounds, writes, pages});
    parser.process(app);
    const int roundCount = parser.value(rounds).toInt();
    const int writeCount = parser.value(writes).toInt();
    const int pageCount = parser.value(pages).toInt();

    Relaydesk::Test::PostgresServer server;
    QString error;
    if (!server.start(&error) || !server.createDatabase(QStringLiteral("bench"), &error))
        fail(error);
    for (const char *sql : {"CREATE TABLE events(seq bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL)",
                            "CREATE TABLE log_head(id integer PRIMARY KEY, seq bigint NOT NULL)",
                            "INSERT INTO log_head VALUES(1, 0)"})
        if (!server.exec(QStringLiteral("bench"), QString::fromLatin1(sql), &error))
            fail(error);

    QtClient qt(server.port());
    PqClient pq(server.port());
    std::vector<double> qtWrite, pqWrite, qtWriteCpu, pqWriteCpu, qtRead, pqRead, qtReadCpu, pqReadCpu;
    qint64 written = 0;
    for (int round = 0; round < roundCount; ++round) {
        // Alternate which goes first, so neither always meets a warmer server.
        const bool qtFirst = round % 2 == 0;
        for (int turn = 0; turn < 2; ++turn) {
            const bool isQt = (turn == 0) == qtFirst;
            const Cost c = measure(writeCount, [&](int) { isQt ? qt.write() : pq.write(); });
            (isQt ? qtWrite : pqWrite).push_back(c.wallUs);
            (isQt ? qtWriteCpu : pqWriteCpu).push_back(c.cpuUs);
            written += writeCount;
        }
        const qint64 span = std::max<qint64>(1, written - kPage);
        for (int turn = 0; turn < 2; ++turn) {
            const bool isQt = (turn == 0) == qtFirst;
            qint64 sink = 0;
            const Cost c = measure(pageCount, [&](int i) {
                const qint64 after = (qint64(i) * 7919) % span; // spread over the log, same for both
                sink += isQt ? qt.readPage(after) : pq.readPage(after);
            });
            if (sink == 0)
                fail(QStringLiteral("a page read returned nothing"));
            (isQt ? qtRead : pqRead).push_back(c.wallUs);
            (isQt ? qtReadCpu : pqReadCpu).push_back(c.cpuUs);
        }
    }
    std::printf("QPSQL against libpq, PostgreSQL 15 on loopback, medians of %d rounds\n\n", roundCount);
    std::printf("| operation | client | wall per op (us) | client CPU per op (us) |\n|---|---|---:|---:|\n");
    const auto row = [](const char *op, const char *client, double wall, double cpu) {
        std::printf("| %s | %s | %.1f | %.1f |\n", op, client, wall, cpu);
    };
    row("write transaction (lock head, insert, move head, commit)", "QPSQL", median(qtWrite), median(qtWriteCpu));
    row("write transaction (lock head, insert, move head, commit)", "libpq", median(pqWrite), median(pqWriteCpu));
    row("read a page of 500 events", "QPSQL", median(qtRead), median(qtReadCpu));
    row("read a page of 500 events", "libpq", median(pqRead), median(pqReadCpu));
    std::printf("\nQPSQL / libpq: write wall %.2f, write CPU %.2f, page wall %.2f, page CPU %.2f\n",
                median(qtWrite) / median(pqWrite), median(qtWriteCpu) / median(pqWriteCpu),
                median(qtRead) / median(pqRead), median(qtReadCpu) / median(pqReadCpu));
    return 0;
}
