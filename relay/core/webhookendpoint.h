#pragma once

#include "eventwriter.h"
#include "httpserver.h"
#include "inboundapplier.h"
#include "metrics.h"

#include <QObject>

namespace Relaydesk::Relay {

// GET /webhook answers Meta's verification handshake; POST /webhook verifies the
// signature over the raw bytes, parses, and answers 200 only once every event of
// the body is committed. Nothing slow (profile look-ups, fan-out) runs before the answer.
class WebhookEndpoint : public QObject
{
    Q_OBJECT
public:
    WebhookEndpoint(QByteArray appSecret, QByteArray verifyToken, EventWriter &writer, Metrics &metrics,
                    QObject *parent = nullptr);

    void registerRoutes(Http::HttpServer &server);

signals:
    // Events from a webhook were committed (the profile look-up listens).
    void webhookCommitted();

private:
    void verify(const Http::HttpRequest &request, const Http::HttpResponder &responder);
    void receive(const Http::HttpRequest &request, const Http::HttpResponder &responder);
    void answer(const Http::HttpResponder &responder, const Http::HttpResponse &response, qint64 startedNs);

    QByteArray m_appSecret;
    QByteArray m_verifyToken;
    EventWriter &m_writer;
    Metrics &m_metrics;
    InboundApplier m_applier;
};

} // namespace Relaydesk::Relay
