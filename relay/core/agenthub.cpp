#include "agenthub.h"

#include "agentsession.h"
#include "agenttoken.h"
#include "metrics.h"
#include "protocol.h"
#include "relaylogging.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace Relaydesk::Relay {

namespace {
QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char(':') + QString::number(port);
}
} // namespace

AgentHub::AgentHub(Store::Store &store, const RelayConfig &config, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
    , m_metrics(metrics)
    , m_server(new QWebSocketServer(QStringLiteral("relaydesk-relay"), QWebSocketServer::NonSecureMode, this))
{
    // The HTTP front already parsed the head with limits; the handshake itself must be quick.
    m_server->setHandshakeTimeout(config.authTimeoutMs);
    connect(m_server, &QWebSocketServer::newConnection, this, &AgentHub::onNewConnection);
    m_revocationTimer.setInterval(10'000);
    connect(&m_revocationTimer, &QTimer::timeout, this, &AgentHub::checkRevocations);
    m_revocationTimer.start();
}

AgentHub::~AgentHub()
{
    const auto sessions = m_sessions;
    m_sessions.clear();
    qDeleteAll(sessions);
}

bool AgentHub::handleUpgrade(const Http::HttpRequest &request, QTcpSocket *socket)
{
    const QByteArray token = request.bearerToken();
    if (!token.isEmpty()) {
        const QString key = peerKey(socket->peerAddress(), socket->peerPort());
        m_headerTokens.insert(key, token);
        // A failed handshake deletes the socket: forget its token then, so the map cannot grow.
        connect(socket, &QObject::destroyed, this, [this, key] { m_headerTokens.remove(key); });
    }
    socket->setParent(m_server);
    m_server->handleConnection(socket);
    return true;
}

void AgentHub::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        const QByteArray token = m_headerTokens.take(peerKey(socket->peerAddress(), socket->peerPort()));
        auto *session = new AgentSession(socket, *this, token, this);
        m_sessions.append(session);
        connect(session, &AgentSession::closed, this, [this](AgentSession *s) {
            m_sessions.removeOne(s);
            s->deleteLater();
        });
    }
}

std::optional<Store::AgentRecord> AgentHub::authenticate(const QByteArray &token) const
{
    if (!token.startsWith("rdk_"))
        return std::nullopt;
    auto agent = m_store.agentByTokenHash(AgentToken::hash(token));
    if (!agent || agent->isRevoked())
        return std::nullopt;
    return agent;
}

void AgentHub::deliverEvents(const QList<Event> &events)
{
    if (m_sessions.isEmpty())
        return;
    // Serialized once, shared by every session: with a thousand agents the JSON
    // encoding per session was most of the relay's CPU time (docs/benchmarks.md).
    QStringList frames;
    frames.reserve(events.size());
    for (const Event &e : events)
        frames.append(AgentSession::frameText(e.toFrame()));
    const auto sessions = m_sessions; // a session may close while we deliver
    for (AgentSession *session : sessions)
        session->deliver(events, frames);
}

void AgentHub::broadcast(const QJsonObject &frame, const QString &pageId, const AgentSession *except)
{
    const auto sessions = m_sessions;
    for (AgentSession *session : sessions)
        if (session != except && session->state() == AgentSession::State::Live && session->mayAccess(pageId))
            session->sendFrame(frame);
}

void AgentHub::closeAll(int code, const QString &reason)
{
    const auto sessions = m_sessions;
    for (AgentSession *session : sessions)
        session->closeWith(code, reason);
}

void AgentHub::checkRevocations()
{
    if (m_sessions.isEmpty())
        return;
    const QList<Store::AgentRecord> agents = m_store.agents();
    const auto sessions = m_sessions;
    for (AgentSession *session : sessions) {
        if (!session->isAuthenticated())
            continue;
        bool active = false;
        for (const Store::AgentRecord &a : agents) {
            if (a.id == session->agent().id && !a.isRevoked()) {
                active = true;
                session->refreshAgent(a); // page grants may have changed
            }
        }
        if (!active) {
            qCInfo(lcAgents) << "closing the session of revoked agent" << session->agent().id;
            session->closeWith(Protocol::CloseCode::Revoked, QStringLiteral("token revoked"));
        }
    }
}

} // namespace Relaydesk::Relay
