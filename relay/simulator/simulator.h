#pragma once

#include "httpserver.h"
#include "simcontent.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>
#include <QUrl>

class QNetworkAccessManager;
class QTimer;

namespace Relaydesk::Simulator {

// How the Send API misbehaves when a failure is injected.
enum class Failure { ServerError, OutsideWindow, Temporary, Slow };

struct SimulatorConfig
{
    QUrl relayUrl;                 // the relay's webhook URL
    QByteArray appSecret;          // signs every webhook
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 0;
    QStringList pages{QStringLiteral("104216672283716")};
    double ratePerMinute = 20;     // customer events per minute, on average
    int burst = 0;                 // customer events posted at once when traffic starts
    quint64 seed = 1;              // same seed, same customers (PSIDs, names)
    int count = 0;                 // stop after this many customer events; 0 = forever
    int customersPerPage = 30;
    double failRate = 0;           // fraction of Send API calls answered with a failure
    QList<Failure> failures{Failure::ServerError, Failure::OutsideWindow, Failure::Temporary};
    int slowMs = 0;                // how long a Failure::Slow answer takes
    // Messenger's pace after a successful send; tests shorten these.
    int echoDelayMs = 200;
    int deliveryDelayMs = 2'000;   // after the echo
    int readDelayMs = 4'000;       // after the echo
    // Meta retries a webhook the relay did not answer 200.
    int webhookAttempts = 4;
    int webhookRetryInitialMs = 1'000;
};

struct SimCustomer
{
    QString pageId;
    QString psid;
    Persona persona;
    QString lastCustomerMid;  // for replies-to and edits
    QString lastCustomerText;
    QString lastPageMid;      // from echoes: what the customer can react to
    int messages = 0;
};

// Plays Meta's side on loopback: customers' webhooks out (signed, Meta's shapes,
// retried), and the Graph API in (Send API with echo, delivery and read receipts,
// sender actions, User Profile API with generated avatars, Conversations API).
class Simulator : public QObject
{
    Q_OBJECT
public:
    explicit Simulator(const SimulatorConfig &config, QObject *parent = nullptr);
    ~Simulator() override;

    bool listen();
    QString errorString() const;
    quint16 port() const;
    QUrl baseUrl() const; // the Graph API (and media) base URL

    void startTraffic();
    void stopTraffic();
    void setFailures(double rate, const QList<Failure> &failures);
    // The relay usually starts after the simulator (it needs the Graph API URL).
    void setRelayUrl(const QUrl &url) { m_config.relayUrl = url; }

    const QList<SimCustomer> &customers() const { return m_customers; }
    const SimCustomer *customer(const QString &psid) const;
    int customerEventsPosted() const { return m_posted; }
    // Mids of posted customer events that create a message in the relay.
    const QStringList &messageMids() const { return m_messageMids; }

    // Meta's webhook body encoding: compact JSON with every non-ASCII character as \uXXXX.
    static QByteArray metaJson(const QJsonObject &object);

signals:
    void webhookDelivered(const QString &kind, int status); // final answer after retries
    void trafficFinished();
    void sendApiCalled(const QString &pageId, const QString &psid, int status);

private:
    void handle(const Http::HttpRequest &request, const Http::HttpResponder &responder);
    void handleSend(const QString &pageId, const Http::HttpRequest &request, const Http::HttpResponder &responder);
    void acceptMessage(const QString &pageId, const QString &psid, QJsonObject message,
                       const Http::HttpResponder &responder, int delayMs);
    void scheduleNext();
    void postCustomerEvent();
    QJsonObject customerEvent(SimCustomer &customer, bool *createsMessage, QString *kind);
    void postEvent(const QString &pageId, const QJsonObject &event, const QString &kind);
    void post(const QByteArray &body, const QString &kind, int attempt);
    QString newMid();
    QString mediaUrl(const QString &name) const;

    SimulatorConfig m_config;
    Http::HttpServer m_server;
    QNetworkAccessManager *m_network;
    QTimer *m_timer;
    QRandomGenerator m_random;   // traffic; the customer pool has its own, seeded alike
    QList<SimCustomer> m_customers;
    QHash<QString, int> m_customerIndex;
    QHash<QString, QPair<QByteArray, QByteArray>> m_uploads; // name -> (content type, bytes)
    QStringList m_uploadOrder;
    QStringList m_messageMids;
    QString m_runId;
    int m_nextMid = 1;
    int m_posted = 0;
    int m_burstLeft = 0;
    int m_burstCustomer = -1;
    bool m_running = false;
};

} // namespace Relaydesk::Simulator
