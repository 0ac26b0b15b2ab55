#include "webhookendpoint.h"

#include "relaylogging.h"
#include "secretcompare.h"
#include "webhookparser.h"
#include "webhooksignature.h"

#include <QElapsedTimer>

#include <memory>

namespace Relaydesk::Relay {

namespace {

QElapsedTimer &monotonic()
{
    static QElapsedTimer timer = [] { QElapsedTimer t; t.start(); return t; }();
    return timer;
}

} // namespace

WebhookEndpoint::WebhookEndpoint(QByteArray appSecret, QByteArray verifyToken, EventWriter &writer,
                                 Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_appSecret(std::move(appSecret))
    , m_verifyToken(std::move(verifyToken))
    , m_writer(writer)
    , m_metrics(metrics)
{
}

void WebhookEndpoint::registerRoutes(Http::HttpServer &server)
{
    server.route("GET", "/webhook", [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { verify(r, a); });
    server.route("POST", "/webhook", [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { receive(r, a); });
}

void WebhookEndpoint::verify(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    const QString mode = request.query.queryItemValue(QStringLiteral("hub.mode"), QUrl::FullyDecoded);
    const QByteArray token = request.query.queryItemValue(QStringLiteral("hub.verify_token"), QUrl::FullyDecoded).toUtf8();
    const QByteArray challenge = request.query.queryItemValue(QStringLiteral("hub.challenge"), QUrl::FullyDecoded).toUtf8();
    if (mode == QLatin1String("subscribe") && secretsEqual(token, m_verifyToken) && !challenge.isEmpty()) {
        qCInfo(lcIngest) << "webhook verification succeeded";
        // The challenge is whatever the caller put in the URL: it goes back as plain
        // text that no browser may sniff into HTML (a reflected script otherwise).
        Http::HttpResponse response = Http::HttpResponse::text(200, challenge);
        response.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
        response.headers.append(qMakePair(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")));
        responder.respond(response);
        return;
    }
    qCWarning(lcIngest) << "webhook verification refused: wrong verify token or mode";
    responder.respond(Http::HttpResponse::error(403, "verification failed"));
}

void WebhookEndpoint::answer(const Http::HttpResponder &responder, const Http::HttpResponse &response, qint64 startedNs)
{
    m_metrics.webhookAnswered(response.status, (monotonic().nsecsElapsed() - startedNs) / 1000);
    responder.respond(response);
}

void WebhookEndpoint::receive(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    const qint64 started = monotonic().nsecsElapsed();
    const QByteArray signature = request.header("x-hub-signature-256");
    if (signature.isEmpty()) {
        qCWarning(lcIngest) << "webhook refused: no X-Hub-Signature-256 header";
        answer(responder, Http::HttpResponse::error(403, "missing X-Hub-Signature-256"), started);
        return;
    }
    if (!Messenger::WebhookSignature::verify(request.body, signature, m_appSecret)) {
        qCWarning(lcIngest) << "webhook refused: signature does not match the body";
        answer(responder, Http::HttpResponse::error(403, "bad signature"), started);
        return;
    }
    const Messenger::WebhookParser::Result parsed = Messenger::WebhookParser::parse(request.body);
    if (!parsed.ok) {
        qCWarning(lcIngest) << "webhook refused: malformed body:" << parsed.error;
        answer(responder, Http::HttpResponse::error(400, parsed.error.toUtf8()), started);
        return;
    }
    if (!parsed.isPage || parsed.events.isEmpty()) {
        answer(responder, Http::HttpResponse::text(200, "EVENT_RECEIVED"), started);
        return;
    }
    // One unit for the whole body: all of its events are kept, or none (and Meta retries).
    const auto events = std::make_shared<QList<Messenger::InboundEvent>>(parsed.events);
    m_writer.submit(
        [this, events](WriteContext &context) {
            for (const Messenger::InboundEvent &event : std::as_const(*events))
                if (!m_applier.apply(event, context))
                    return false;
            return true;
        },
        [this, responder, started, count = int(events->size())](bool ok, const QList<Event> &logged) {
            if (!ok) {
                // Not stored, so not 200: Meta delivers it again later.
                if (m_writer.storeUnreachable()) {
                    Http::HttpResponse busy = Http::HttpResponse::error(503, "the database is unreachable; retry later");
                    busy.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("5")));
                    answer(responder, busy, started);
                } else {
                    answer(responder, Http::HttpResponse::error(500, "could not store the events"), started);
                }
                return;
            }
            m_metrics.eventsIngested(int(logged.size()));
            answer(responder, Http::HttpResponse::text(200, "EVENT_RECEIVED"), started);
            qCDebug(lcIngest) << "webhook with" << count << "events committed as" << logged.size() << "log events";
            emit webhookCommitted();
        });
}

} // namespace Relaydesk::Relay
