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
// Room for the pages of a mass reconnect: 500 events of a few hundred bytes a page,
// kept as UTF-16 frames, are under 0.5 MiB; 16 MiB holds the last ~16,000 events.
constexpr qint64 kReplayCacheBytes = 16 * 1024 * 1024;

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
    , m_replayCache(
          [&store](qint64 seq, int limit, QList<Event> *events) {
              *events = store.eventsAfter(seq, limit);
              // A short page from a database that is away is a failed read, not the tail.
              return events->size() >= limit || !store.isUnreachable();
          },
          Protocol::ReplayPageSize, kReplayCacheBytes)
{
    // The HTTP front already parsed the head with limits; the handshake itself must be quick.
    m_server->setHandshakeTimeout(config.authTimeoutMs);
    connect(m_server, &QWebSocketServer::newConnection, this, &AgentHub::onNewConnection);
    // Once a second: in a cluster the CLI revokes through the shared database, and every
    // relay must close that agent's sockets within a second (the query reads a small table).
    m_revocationTimer.setInterval(1000);
    connect(&m_revocationTimer, &QTimer::timeout, this, &AgentHub::checkRevocations);
    m_revocationTimer.start();
    m_metrics.addGauge("relaydesk_unauthenticated_websockets",
                       "Agents' WebSockets upgraded and not yet authenticated.", [this] { return m_unauthenticated; });
    m_metrics.addGauge("relaydesk_replay_log_reads", "Pages of the event log read for replays since start.",
                       [this] { return m_replayCache.reads(); });
    m_metrics.addGauge("relaydesk_replay_cache_hits", "Replay pages served from memory since start.",
                       [this] { return m_replayCache.hits(); });
    m_metrics.addGauge("relaydesk_replay_cache_bytes", "Bytes of replay pages held in memory (estimate).",
                       [this] { return m_replayCache.bytes(); });
}

AgentHub::~AgentHub()
{
    const auto sessions = m_sessions;
    m_sessions.clear();
    qDeleteAll(sessions);
}

std::optional<Http::HttpResponse> AgentHub::checkUpgrade(const Http::HttpRequest &request)
{
    // Refused before the handshake, so a refusal costs no more than a 503.
    auto refuse = [this, &request](int status, const char *reason, const QByteArray &detail) {
        qCWarning(lcAgents).noquote() << "refused a WebSocket from" << request.peer.toString() << ":" << detail;
        m_metrics.connectionRefused(reason);
        Http::HttpResponse response = Http::HttpResponse::error(status, detail);
        response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
        return std::optional<Http::HttpResponse>(response);
    };
    if (m_admitted.size() >= m_config.maxAgentConnections)
        return refuse(503, "agent_connections", "the relay is at its limit of agent connections");
    if (m_unauthenticated >= m_config.maxUnauthenticatedWebSockets)
        return refuse(503, "websocket_unauthenticated", "too many connections waiting to authenticate");
    if (m_unauthenticatedPerAddress.value(request.peer) >= m_config.maxUnauthenticatedWebSocketsPerAddress)
        return refuse(429, "websocket_per_address", "too many connections waiting to authenticate from this address");
    return std::nullopt;
}

bool AgentHub::handleUpgrade(const Http::HttpRequest &request, QTcpSocket *socket)
{
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    const QByteArray token = request.bearerToken();
    if (!token.isEmpty())
        m_headerTokens.insert(key, token);
    const QHostAddress address = socket->peerAddress();
    m_handshaking.insert(key, address);
    ++m_unauthenticated;
    ++m_unauthenticatedPerAddress[address];
    // A failed handshake deletes the socket: forget it then, so nothing is left counted.
    connect(socket, &QObject::destroyed, this, [this, key] {
        m_headerTokens.remove(key);
        if (const auto it = m_handshaking.constFind(key); it != m_handshaking.cend()) {
            const QHostAddress address = it.value();
            m_handshaking.erase(it);
            releaseUnauthenticated(address);
        }
    });
    socket->setParent(m_server);
    m_server->handleConnection(socket);
    return true;
}

void AgentHub::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        const QString key = peerKey(socket->peerAddress(), socket->peerPort());
        const QByteArray token = m_headerTokens.take(key);
        auto *session = new AgentSession(socket, *this, token, this);
        m_sessions.append(session);
        // Still not authenticated: the count moves from the handshake to the session.
        if (const auto it = m_handshaking.constFind(key); it != m_handshaking.cend()) {
            m_awaitingHello.insert(session, it.value());
            m_handshaking.erase(it);
        }
        connect(session, &AgentSession::closed, this, &AgentHub::onSessionClosed);
    }
}

void AgentHub::onSessionClosed(AgentSession *session)
{
    m_sessions.removeOne(session);
    m_admitted.remove(session);
    if (const auto it = m_awaitingHello.constFind(session); it != m_awaitingHello.cend()) {
        const QHostAddress address = it.value();
        m_awaitingHello.erase(it);
        releaseUnauthenticated(address);
    }
    session->deleteLater();
}

bool AgentHub::admit(AgentSession *session)
{
    if (const auto it = m_awaitingHello.constFind(session); it != m_awaitingHello.cend()) {
        const QHostAddress address = it.value();
        m_awaitingHello.erase(it);
        releaseUnauthenticated(address);
    }
    if (m_admitted.size() >= m_config.maxAgentConnections) {
        qCWarning(lcAgents) << "refused an agent at" << session->peer() << ": already" << m_admitted.size()
                            << "agent connections";
        m_metrics.connectionRefused("agent_connections");
        return false;
    }
    m_admitted.insert(session);
    return true;
}

void AgentHub::releaseUnauthenticated(const QHostAddress &address)
{
    --m_unauthenticated;
    auto it = m_unauthenticatedPerAddress.find(address);
    if (it != m_unauthenticatedPerAddress.end() && --it.value() <= 0)
        m_unauthenticatedPerAddress.erase(it);
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
    // Even with nobody connected: a cached tail page is no longer the tail.
    if (!events.isEmpty())
        m_replayCache.eventsDelivered(events.last().seq);
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
    // A read that failed (the database away) is no revocation: connected agents
    // exist in the table, so an empty list can only be a failure.
    if (agents.isEmpty() || m_store.isUnreachable())
        return;
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
