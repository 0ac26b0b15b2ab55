#pragma once

#include "event.h"
#include "httprequest.h"
#include "relayconfig.h"
#include "store.h"

#include <QHash>
#include <QList>
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
// allowed to see its page.
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

    // HttpServer upgrade handler for /ws: takes the socket.
    bool handleUpgrade(const Http::HttpRequest &request, QTcpSocket *socket);

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

    Store::Store &m_store;
    const RelayConfig &m_config;
    Metrics &m_metrics;
    CommandHandler *m_commands = nullptr;
    QWebSocketServer *m_server;
    QList<AgentSession *> m_sessions;
    QHash<QString, QByteArray> m_headerTokens; // "addr:port" -> bearer token of a pending handshake
    QTimer m_revocationTimer;
};

} // namespace Relaydesk::Relay
