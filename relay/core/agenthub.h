#pragma once

#include "event.h"
#include "httprequest.h"
#include "httpresponse.h"
#include "relayconfig.h"
#include "replaycache.h"
#include "store.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QSet>
#include <QObject>
#include <QTimer>

#include <optional>

class QTcpSocket;
class QWebSocketServer;

namespace Relaydesk::Relay {

class AgentSession;
class CommandHandler;
class Metrics;

// Accepts agents' WebSocket connections (handed over by the HTTP front on /ws),
// keeps their sessions, and fans every committed event out to each agent
// allowed to see its page. An upgraded socket has left the HTTP front's
// connection cap, so the hub keeps its own: sockets not yet authenticated (in
// all and per remote address) and authenticated agents' sockets.
class AgentHub : public QObject
{
    Q_OBJECT
public:
    AgentHub(Store::Store &store, const RelayConfig &config, Metrics &metrics, QObject *parent = nullptr);
    ~AgentHub() override;

    void setCommandHandler(CommandHandler *handler) { m_commands = handler; }
    CommandHandler *commandHandler() const { return m_commands; }
    Store::Store &store() { return m_store; }
    const RelayConfig &config() const { return m_config; }
    Metrics &metrics() { return m_metrics; }
    // Log pages replaying sessions share (read and serialized once).
    ReplayCache &replayCache() { return m_replayCache; }

    // HttpServer upgrade check for /ws: refuses (503, or 429 for one address) over the caps.
    std::optional<Http::HttpResponse> checkUpgrade(const Http::HttpRequest &request);
    // HttpServer upgrade handler for /ws: takes the socket.
    bool handleUpgrade(const Http::HttpRequest &request, QTcpSocket *socket);
    // A session whose hello authenticated it: false if the relay is at max_agent_connections.
    bool admit(AgentSession *session);
    // Sockets upgraded (or upgrading) and not yet authenticated.
    int unauthenticatedCount() const { return m_unauthenticated; }

    std::optional<Store::AgentRecord> authenticate(const QByteArray &token) const;
    int sessionCount() const { return int(m_sessions.size()); }
    QList<AgentSession *> sessions() const { return m_sessions; }
    // Sends an ephemeral frame (presence) to every other agent allowed on the page.
    void broadcast(const QJsonObject &frame, const QString &pageId, const AgentSession *except);
    void closeAll(int code, const QString &reason);

public slots:
    void deliverEvents(const QList<Relaydesk::Event> &events);
    // Closes sessions of agents revoked since they connected.
    void checkRevocations();

private:
    void onNewConnection();
    void onSessionClosed(AgentSession *session);
    void releaseUnauthenticated(const QHostAddress &address);

    Store::Store &m_store;
    const RelayConfig &m_config;
    Metrics &m_metrics;
    CommandHandler *m_commands = nullptr;
    QWebSocketServer *m_server;
    QList<AgentSession *> m_sessions;
    QHash<QString, QByteArray> m_headerTokens; // "addr:port" -> bearer token of a pending handshake
    // Not yet authenticated: sockets in the handshake ("addr:port" -> address), then
    // sessions awaiting hello; counted in all and per address.
    QHash<QString, QHostAddress> m_handshaking;
    QHash<AgentSession *, QHostAddress> m_awaitingHello;
    QHash<QHostAddress, int> m_unauthenticatedPerAddress;
    int m_unauthenticated = 0;
    QSet<AgentSession *> m_admitted;
    QTimer m_revocationTimer;
    ReplayCache m_replayCache;
};

} // namespace Relaydesk::Relay
