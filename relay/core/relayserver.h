#pragma once

#include "clock.h"
#include "relayconfig.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace Relaydesk::Store { class Store; }
namespace Relaydesk::Http { class HttpServer; }
namespace Relaydesk::Messenger { class GraphClient; }

namespace Relaydesk::Relay {

class AgentHub;
class BackfillService;
class CommandHandler;
class EventWriter;
class LogFollower;
class Metrics;
class ProfileService;
class SendService;
class UploadEndpoint;
class UploadStore;
class UploadSweeper;
class WebhookEndpoint;

// The relay assembled: store, group-commit writer, HTTP front with the webhook,
// health and metrics routes, the agents' WebSocket hub, and the Graph API services.
class RelayServer : public QObject
{
    Q_OBJECT
public:
    explicit RelayServer(RelayConfig config, QObject *parent = nullptr);
    ~RelayServer() override;

    bool start(QString *error);
    // Stop accepting, commit what is queued, close agents with "going away".
    void shutdown();
    quint16 port() const;
    Store::Store &store();
    // For tests: the agents' hub (e.g. to run checkRevocations() without waiting for its timer).
    AgentHub *hub() const { return m_hub; }

private:
    void registerRoutes();
    void pruneEventLog();
    void keepLeases();

    RelayConfig m_config;
    Clock m_clock;
    std::unique_ptr<Store::Store> m_store;
    std::unique_ptr<Metrics> m_metrics;
    QNetworkAccessManager *m_network = nullptr;
    Messenger::GraphClient *m_graph = nullptr;
    EventWriter *m_writer = nullptr;
    LogFollower *m_follower = nullptr;
    Http::HttpServer *m_http = nullptr;
    AgentHub *m_hub = nullptr;
    SendService *m_sender = nullptr;
    CommandHandler *m_commands = nullptr;
    ProfileService *m_profiles = nullptr;
    BackfillService *m_backfill = nullptr;
    WebhookEndpoint *m_webhook = nullptr;
    std::unique_ptr<UploadStore> m_uploads;
    std::unique_ptr<UploadEndpoint> m_uploadEndpoint;
    UploadSweeper *m_uploadSweeper = nullptr;
};

} // namespace Relaydesk::Relay
