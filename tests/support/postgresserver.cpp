#include "postgresserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace Relaydesk::Test {

namespace {
constexpr const char *kUser = "relaydesk";
}

PostgresServer *PostgresServer::shared(QString *error)
{
    static PostgresServer *server = nullptr;
    static QString startError;
    if (!server) {
        server = new PostgresServer;
        if (!server->start(&startError))
            startError = startError.isEmpty() ? QStringLiteral("PostgreSQL did not start") : startError;
        qAddPostRoutine([] {
            delete server;
            server = nullptr;
        });
    }
    if (!server || !server->isRunning()) {
        *error = startError;
        return nullptr;
    }
    return server;
}

PostgresServer::PostgresServer()
{
    const QByteArray bin = qgetenv("RELAYDESK_PG_BIN");
    m_bin = bin.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : QString::fromLocal8Bit(bin);
}

PostgresServer::~PostgresServer()
{
    if (m_running)
        stop(true);
}

QStringList PostgresServer::asServerUser(const QString &program, const QStringList &args) const
{
    const QString path = m_bin + QLatin1Char('/') + program;
    if (::geteuid() != 0)
        return QStringList{path} + args;
    return QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                       path} + args;
}

bool PostgresServer::run(const QStringList &command, QString *output, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir.path());
    p.start(command.first(), command.mid(1));
    const bool finished = p.waitForFinished(timeoutMs);
    *output = QString::fromLocal8Bit(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool PostgresServer::start(QString *error)
{
    if (!QFile::exists(m_bin + QStringLiteral("/initdb"))) {
        *error = QStringLiteral("PostgreSQL 15 is not installed (%1/initdb); scripts/setup.sh installs it").arg(m_bin);
        return false;
    }
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    if (::geteuid() == 0) {
        const passwd *nobody = ::getpwnam("nobody");
        if (!nobody || ::chown(QFile::encodeName(m_dir.path()).constData(), nobody->pw_uid, nobody->pw_gid) != 0) {
            *error = QStringLiteral("cannot hand %1 to the user nobody").arg(m_dir.path());
            return false;
        }
    }
    QString output;
    const QString data = m_dir.filePath(QStringLiteral("data"));
    if (!m_initialised) {
        if (!run(asServerUser(QStringLiteral("initdb"), {QStringLiteral("-D"), data, QStringLiteral("-A"),
                                                          QStringLiteral("trust"), QStringLiteral("-U"),
                                                          QString::fromLatin1(kUser), QStringLiteral("-E"),
                                                          QStringLiteral("UTF8"), QStringLiteral("--no-sync")}),
                 &output)) {
            *error = QStringLiteral("initdb failed: %1").arg(output);
            return false;
        }
        m_initialised = true;
    }
    if (m_port == 0) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
    }
    const QString options = QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c max_connections=200 "
                                           "-c shared_buffers=32MB -c log_min_messages=warning "
                                           "-c fsync=off -c full_page_writes=off")
                                .arg(m_port)
                                .arg(m_dir.path());
    if (!run(asServerUser(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), data, QStringLiteral("-o"), options,
                                                      QStringLiteral("-l"), m_dir.filePath(QStringLiteral("log")),
                                                      QStringLiteral("-w"), QStringLiteral("start")}),
             &output)) {
        *error = QStringLiteral("pg_ctl start failed: %1 %2").arg(output, log());
        return false;
    }
    m_running = true;
    return true;
}

bool PostgresServer::stop(bool immediate)
{
    QString output;
    const bool ok = run(asServerUser(QStringLiteral("pg_ctl"),
                                     {QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"),
                                      immediate ? QStringLiteral("immediate") : QStringLiteral("fast"),
                                      QStringLiteral("-w"), QStringLiteral("stop")}),
                        &output);
    m_running = false;
    return ok;
}

QString PostgresServer::url(const QString &database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(QLatin1String(kUser)).arg(m_port).arg(database);
}

bool PostgresServer::exec(const QString &database, const QString &sql, QString *error)
{
    const QString name = QStringLiteral("pgtest-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QString::fromLatin1(kUser));
        db.setDatabaseName(database);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool PostgresServer::createDatabase(const QString &name, QString *error)
{
    return exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE \"%1\"").arg(name), error);
}

QString PostgresServer::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll().right(4000)) : QString();
}

} // namespace Relaydesk::Test
