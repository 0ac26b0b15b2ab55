#include "testrelay.h"

#include "agenttoken.h"
#include "store.h"

#include <QDateTime>

namespace Relaydesk::Test {

TestRelay::TestRelay()
{
    m_config.listenAddress = QHostAddress::LocalHost;
    m_config.listenPort = 0;
    m_config.dataDir = m_dir.path() + QStringLiteral("/data");
    m_config.appSecret = AppSecret;
    m_config.verifyToken = VerifyToken;
    m_config.graphUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard: nothing answers
    m_config.sendRetryInitialMs = 50;
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
