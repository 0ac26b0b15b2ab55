#include "testrelay.h"

#include "agenttoken.h"
#include "postgresserver.h"
#include "store.h"

#include <QDateTime>

namespace Relaydesk::Test {

namespace {

// RELAYDESK_TEST_STORE=postgresql runs the relay tests on PostgreSQL: one private
// server for the test executable, a fresh schema for each TestRelay (a schema costs
// a twentieth of a database to make).
int s_databases = 0;

QString postgresDatabaseUrl()
{
    QString error;
    Test::PostgresServer *server = Test::PostgresServer::shared(&error);
    if (!server)
        qFatal("TestRelay: cannot start PostgreSQL: %s", qPrintable(error));
    if (s_databases == 0 && !server->createDatabase(QStringLiteral("relays"), &error))
        qFatal("TestRelay: cannot create a database: %s", qPrintable(error));
    const QString schema = QStringLiteral("relay_%1").arg(++s_databases);
    if (!server->exec(QStringLiteral("relays"), QStringLiteral("CREATE SCHEMA ") + schema, &error))
        qFatal("TestRelay: cannot create a schema: %s", qPrintable(error));
    return server->url(QStringLiteral("relays")) + QStringLiteral("?options=-csearch_path%3D") + schema;
}

} // namespace

bool TestRelay::onPostgres()
{
    return qgetenv("RELAYDESK_TEST_STORE") == "postgresql";
}

TestRelay::TestRelay()
{
    m_config.listenAddress = QHostAddress::LocalHost;
    m_config.listenPort = 0;
    m_config.dataDir = m_dir.path() + QStringLiteral("/data");
    m_config.appSecret = AppSecret;
    m_config.verifyToken = VerifyToken;
    m_config.graphUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard: nothing answers
    m_config.sendRetryInitialMs = 50;
    if (onPostgres())
        m_config.store = postgresDatabaseUrl();
}

TestRelay::~TestRelay() = default;

bool TestRelay::start()
{
    m_server = std::make_unique<Relay::RelayServer>(m_config);
    QString error;
    if (!m_server->start(&error)) {
        qWarning("TestRelay: %s", qPrintable(error));
        m_server.reset();
        return false;
    }
    return true;
}

void TestRelay::stop()
{
    if (m_server)
        m_server->shutdown();
    m_server.reset();
}

bool TestRelay::restart()
{
    const quint16 previous = port();
    stop();
    m_config.listenPort = previous; // keep the URL clients reconnect to
    const bool ok = start();
    m_config.listenPort = 0;
    return ok;
}

quint16 TestRelay::port() const { return m_server ? m_server->port() : 0; }

QUrl TestRelay::httpUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
}

QUrl TestRelay::wsUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port()));
}

Store::Store &TestRelay::store() { return m_server->store(); }

bool TestRelay::addPage(const QString &id, const QString &name, const QByteArray &token)
{
    Store::PageRecord page;
    page.id = id;
    page.name = name;
    page.accessToken = token;
    page.createdAt = QDateTime::currentMSecsSinceEpoch();
    return store().savePage(page);
}

QByteArray TestRelay::addAgent(const QString &name, const QStringList &pages)
{
    Store::AgentRecord agent;
    agent.name = name;
    agent.pages = pages;
    const QByteArray token = Relay::AgentToken::generate();
    agent.tokenHash = Relay::AgentToken::hash(token);
    agent.createdAt = QDateTime::currentMSecsSinceEpoch();
    return store().addAgent(&agent) ? token : QByteArray();
}

} // namespace Relaydesk::Test
