#include "graphstandin.h"

#include "testfixtures.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace Relaydesk::Test {

GraphStandIn::GraphStandIn(QObject *parent) : QObject(parent)
{
}

bool GraphStandIn::listen()
{
    auto handler = [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { handle(r, a); };
    m_server.route("GET", "/*", handler);
    m_server.route("POST", "/*", handler, 30 * 1024 * 1024); // attachment uploads
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl GraphStandIn::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

QList<GraphStandIn::Request> GraphStandIn::sends() const
{
    QList<Request> list;
    for (const Request &r : requests)
        if (r.method == "POST" && r.path.endsWith("/messages") && !r.body.contains("\"sender_action\""))
            list.append(r);
    return list;
}

QList<GraphStandIn::Request> GraphStandIn::senderActions() const
{
    QList<Request> list;
    for (const Request &r : requests)
        if (r.method == "POST" && r.body.contains("\"sender_action\""))
            list.append(r);
    return list;
}

QList<GraphStandIn::Request> GraphStandIn::profileLookups() const
{
    QList<Request> list;
    for (const Request &r : requests)
        if (r.method == "GET" && !r.path.endsWith("/conversations"))
            list.append(r);
    return list;
}

QList<GraphStandIn::Request> GraphStandIn::conversationFetches() const
{
    QList<Request> list;
    for (const Request &r : requests)
        if (r.method == "GET" && r.path.endsWith("/conversations"))
            list.append(r);
    return list;
}

void GraphStandIn::handle(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    requests.append({request.method, request.path, request.header("authorization"), request.body});
    emit requestReceived();
    Answer answer;
    if (request.method == "GET" && request.path.endsWith("/conversations")) {
        answer = m_conversations;
    } else if (request.method == "GET") {
        answer = m_profileQueue.isEmpty() ? Answer{200, fixture(QStringLiteral("graph/profile.json")), 0}
                                          : m_profileQueue.takeFirst();
    } else if (request.body.contains("\"sender_action\"")) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        answer.body = QJsonDocument(QJsonObject{{QStringLiteral("recipient_id"),
                                                 body.value(QStringLiteral("recipient")).toObject().value(QStringLiteral("id"))}})
                          .toJson(QJsonDocument::Compact);
    } else if (!m_sendQueue.isEmpty()) {
        answer = m_sendQueue.takeFirst();
    } else {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        answer.body = QJsonDocument(QJsonObject{
            {QStringLiteral("recipient_id"), body.value(QStringLiteral("recipient")).toObject().value(QStringLiteral("id"))},
            {QStringLiteral("message_id"), QStringLiteral("m_standin_%1").arg(m_nextMid++)}}).toJson(QJsonDocument::Compact);
    }
    auto send = [this, responder, answer] {
        responder.respond(Http::HttpResponse::json(answer.status, answer.body));
        emit answered();
    };
    if (answer.delayMs > 0)
        QTimer::singleShot(answer.delayMs, this, send);
    else
        send();
}

} // namespace Relaydesk::Test
