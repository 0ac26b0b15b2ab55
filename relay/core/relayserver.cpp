#include "relayserver.h"

#include "agenthub.h"
#include "backfillservice.h"
#include "commandhandler.h"
#include "eventwriter.h"
#include "graphclient.h"
#include "httpserver.h"
#include "logfollower.h"
#include "metrics.h"
#include "metricsaccess.h"
#include "profileservice.h"
#include "protocol.h"
#include "relaylogging.h"
#include "sendservice.h"
#include "store.h"
#include "uploadendpoint.h"
#include "uploadstore.h"
#include "uploadsweeper.h"
#include "webhookendpoint.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSysInfo>
#include <QTimer>
#include <QUuid>

namespace Relaydesk::Relay {

RelayServer::RelayServer(RelayConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_metrics(std::make_unique<Metrics>())
{
    if (m_config.instanceId.isEmpty())
        m_config.instanceId = QSysInfo::machineHostName() + QLatin1Char('/')
                              + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const qint64 offset = qgetenv("RELAYDESK_CLOCK_OFFSET_MS").toLongLong();
    if (offset != 0)
        m_clock.setOffsetMs(offset);
}

RelayServer::~RelayServer()
{
    // Children (hub, sessions, services) go before the store they use.
    const auto children = this->children();
    for (QObject *child : children)
        delete child;
}

Store::Store &RelayServer::store() { return *m_store; }

quint16 RelayServer::port() const { return m_http ? m_http->serverPort() : 0; }

bool RelayServer::start(QString *error)
{
    const QStringList problems = m_config.problems();
    if (!problems.isEmpty()) {
        *error = problems.join(QStringLiteral("; "));
        return false;
    }
    QByteArray password;
    if (!m_config.readStorePassword(&password, error))
        return false;
    m_store = Store::openStore(m_config.store, m_config.dataDir, password, error);
    if (!m_store)
        return false;

    m_network = new QNetworkAccessManager(this);
    m_graph = new Messenger::GraphClient(m_network, m_config.graphUrl, this);
    m_graph->setApiVersion(m_config.graphApiVersion);
    m_writer = new EventWriter(*m_store, m_clock, this);
    m_hub = new AgentHub(*m_store, m_config, *m_metrics, this);
    constexpr qint64 MiB = 1024 * 1024;
    m_uploads = std::make_unique<UploadStore>(
        *m_store, m_config.dataDir, m_clock,
        UploadQuota::Limits{m_config.uploadRatePerMinute, m_config.uploadAgentQuotaMiB * MiB,
                            m_config.uploadTotalQuotaMiB * MiB});
    m_uploadSweeper = new UploadSweeper(
        *m_uploads, *m_store, m_clock, m_metrics.get(),
        {qint64(m_config.uploadRetentionHours) * 3600 * 1000, m_config.instanceId, m_config.leaseMs}, this);
    m_uploadEndpoint = std::make_unique<UploadEndpoint>(*m_hub, *m_uploads, *m_metrics);
    m_sender = new SendService(*m_store, *m_writer, *m_graph, m_clock, *m_metrics, m_config, *m_uploads, this);
    m_commands = new CommandHandler(*m_hub, *m_writer, *m_sender, *m_uploads, m_clock, this);
    m_hub->setCommandHandler(m_commands);
    m_profiles = new ProfileService(*m_store, *m_writer, *m_graph, m_clock, m_config, this);
    m_backfill = new BackfillService(*m_store, *m_writer, *m_graph, m_clock, m_config, this);
    m_webhook = new WebhookEndpoint(m_config.appSecret, m_config.verifyToken, *m_writer, *m_metrics, this);
    m_follower = new LogFollower(*m_store, this);
    connect(m_writer, &EventWriter::eventsCommitted, m_follower, &LogFollower::onLocalCommit);
    connect(m_follower, &LogFollower::eventsReady, m_hub, &AgentHub::deliverEvents);
    m_follower->start();
    connect(m_webhook, &WebhookEndpoint::webhookCommitted, m_profiles, &ProfileService::poke);

    Http::HttpServer::Options options;
    options.maxConnections = m_config.maxConnections;
    options.headTimeoutMs = m_config.headTimeoutMs;
    options.idleTimeoutMs = m_config.idleTimeoutMs;
    options.maxBodyMemoryBytes = m_config.maxBodyMemoryBytes;
    options.maxBodyFileBytes = m_config.maxBodyFileBytes;
    options.bodyFileDirectory = m_config.dataDir + QStringLiteral("/incoming");
    m_http = new Http::HttpServer(options, this);
    connect(m_http, &Http::HttpServer::connectionRefused, this, [this](Http::HttpServer::Refusal refusal) {
        switch (refusal) {
        case Http::HttpServer::Refusal::TooManyConnections: m_metrics->connectionRefused("http_connections"); break;
        case Http::HttpServer::Refusal::BodyMemoryFull: m_metrics->connectionRefused("body_memory"); break;
        case Http::HttpServer::Refusal::BodyFilesFull: m_metrics->connectionRefused("body_files"); break;
        }
    });
    m_metrics->addGauge("relaydesk_http_body_memory_bytes", "Bytes of request bodies held in memory.",
                        [http = m_http] { return http->bodyBytesInMemory(); });
    m_metrics->addGauge("relaydesk_http_body_file_bytes", "Bytes of request bodies held in temporary files.",
                        [http = m_http] { return http->bodyBytesInFiles(); });
    if (!m_config.tlsCertificate.isEmpty()) {
        QFile certFile(m_config.tlsCertificate);
        QFile keyFile(m_config.tlsPrivateKey);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the TLS certificate or key");
            return false;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        const QSslKey rsaKey(keyPem, QSsl::Rsa, QSsl::Pem);
        const QSslKey ecKey = rsaKey.isNull() ? QSslKey(keyPem, QSsl::Ec, QSsl::Pem) : rsaKey;
        if (chain.isEmpty() || ecKey.isNull()) {
            *error = QStringLiteral("the TLS certificate or key could not be parsed (PEM expected)");
            return false;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(ecKey);
        m_http->setSslConfiguration(tls);
    }
    registerRoutes();
    if (!m_http->listen(m_config.listenAddress, m_config.listenPort)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_config.listenAddress.toString()).arg(m_config.listenPort).arg(m_http->errorString());
        return false;
    }
    qCInfo(lcRelay) << "relay" << m_config.instanceId << "listening on" << m_config.listenAddress.toString() << m_http->serverPort()
                    << (m_config.tlsCertificate.isEmpty() ? "(plain HTTP; put a TLS proxy in front)" : "(TLS)")
                    << "data in" << m_config.dataDir << "store" << Store::displayLocation(m_config.store)
                    << "event log at seq" << m_store->lastSeq();

    if (!m_store->isShared())
        m_store->clearLeases(); // only this relay uses the store: earlier runs' leases are void
    m_sender->claimAbandoned();
    auto *leaseTimer = new QTimer(this);
    leaseTimer->setInterval(qMax(100, m_config.leaseMs / 3));
    connect(leaseTimer, &QTimer::timeout, this, &RelayServer::keepLeases);
    leaseTimer->start();
    m_profiles->poke();
    m_backfill->check();
    auto *pruneTimer = new QTimer(this);
    pruneTimer->setInterval(3600 * 1000);
    connect(pruneTimer, &QTimer::timeout, this, &RelayServer::pruneEventLog);
    pruneTimer->start();
    pruneEventLog();
    m_uploadSweeper->start();
    return true;
}

void RelayServer::registerRoutes()
{
    m_webhook->registerRoutes(*m_http);
    m_uploadEndpoint->registerRoutes(*m_http);
    m_http->route("GET", "/healthz", [this](const Http::HttpRequest &, const Http::HttpResponder &responder) {
        // A balancer's health check: 503 while the database is away, so it sends traffic elsewhere.
        const qint64 seq = m_store->lastSeq();
        QJsonObject body{{QStringLiteral("seq"), seq}, {QStringLiteral("agents"), m_hub->sessionCount()},
                         {QStringLiteral("relay"), m_config.instanceId}};
        int status = 200;
        if (m_store->isUnreachable()) {
            status = 503;
            body.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
            body.insert(QStringLiteral("reason"), QStringLiteral("the database cannot be reached")); // details: the log
            body.remove(QStringLiteral("seq"));
        } else {
            body.insert(QStringLiteral("status"), QStringLiteral("ok"));
        }
        responder.respond(Http::HttpResponse::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    });
    m_http->route("GET", "/metrics", [this](const Http::HttpRequest &request, const Http::HttpResponder &responder) {
        if (const auto refused = MetricsAccess(m_config.metricsToken).refusal(request)) {
            responder.respond(*refused);
            return;
        }
        Http::HttpResponse response = Http::HttpResponse::text(
            200, m_metrics->render(m_hub->sessionCount(), m_http->connectionCount(), m_store->lastSeq()));
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        responder.respond(response);
    });
    m_http->setUpgradeHandler(
        "/ws", [this](const Http::HttpRequest &request, QTcpSocket *socket) { return m_hub->handleUpgrade(request, socket); },
        [this](const Http::HttpRequest &request) { return m_hub->checkUpgrade(request); });
}

void RelayServer::keepLeases()
{
    // Renewed well before they expire; then whatever a stopped relay left is taken over.
    m_store->renewLeases(m_config.instanceId, m_clock.nowMs() + m_config.leaseMs);
    m_sender->claimAbandoned();
}

void RelayServer::pruneEventLog()
{
    const qint64 now = m_clock.nowMs();
    const qint64 cutoff = now - qint64(m_config.eventRetentionDays) * 24 * 3600 * 1000;
    // One relay of a cluster prunes: it keeps the lease (renewed with its others) while it runs.
    if (!m_store->takeLease(QStringLiteral("prune"), QStringLiteral("events"), m_config.instanceId, now,
                            now + m_config.leaseMs))
        return;
    if (!m_store->beginTransaction())
        return;
    const int removed = m_store->pruneEvents(cutoff);
    if (!m_store->commitTransaction()) {
        m_store->rollbackTransaction();
        return;
    }
    if (removed > 0)
        qCInfo(lcRelay) << "pruned" << removed << "events older than" << m_config.eventRetentionDays << "days";
}

void RelayServer::shutdown()
{
    qCInfo(lcRelay) << "shutting down";
    if (m_http)
        m_http->stopListening();
    if (m_writer)
        m_writer->flush();
    if (m_store)
        m_store->releaseLeases(m_config.instanceId); // replies not yet sent go to the next relay at once
    if (m_hub)
        m_hub->closeAll(Protocol::CloseCode::GoingAway, QStringLiteral("relay is shutting down"));
}

} // namespace Relaydesk::Relay
