#include "uploadendpoint.h"

#include "agenthub.h"
#include "metrics.h"
#include "relaylogging.h"
#include "uploadstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QUrl>

namespace Relaydesk::Relay {

Http::HttpResponse UploadEndpoint::unauthorized()
{
    m_metrics.uploadRefused("unauthenticated");
    Http::HttpResponse response = Http::HttpResponse::error(401, "a valid agent token is required");
    response.headers.append(qMakePair(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")));
    return response;
}

// 413 (a quota), 429 (the rate) or 503 (the database away), with the reason as JSON for the app to show.
Http::HttpResponse UploadEndpoint::refused(qint64 agentId, const UploadQuota::Refusal &refusal)
{
    m_metrics.uploadRefused(refusal.status == 429 ? "rate" : refusal.status == 503 ? "unavailable" : "quota");
    qCInfo(lcAgents) << "upload of agent" << agentId << "refused:" << refusal.reason;
    Http::HttpResponse response = Http::HttpResponse::json(refusal.status, refusal.toJson());
    if (refusal.retryAfterSeconds > 0)
        response.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), QByteArray::number(refusal.retryAfterSeconds)));
    return response;
}

void UploadEndpoint::registerRoutes(Http::HttpServer &server)
{
    Http::HttpServer::RouteOptions options;
    options.maxBodyBytes = UploadStore::MaxBytes;
    // Up to 25 MiB from anyone on the Internet: the token, the agent's rate and its
    // quotas (by the declared size) are checked from the head, before a byte of the
    // body is read, and the body goes to a file, not memory.
    options.bodyToFile = true;
    options.checkHead = [this](const Http::HttpRequest &head) -> std::optional<Http::HttpResponse> {
        const auto agent = m_hub.authenticate(head.bearerToken());
        if (!agent)
            return unauthorized();
        if (const auto refusal = m_uploads.admit(agent->id, head.header("content-length").toLongLong()))
            return refused(agent->id, *refusal);
        return std::nullopt;
    };
    server.route("POST", "/uploads",
                 [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { receive(r, a); }, options);
    // Over 25 MiB the server answers 413 itself, from Content-Length or while decoding chunks.
    QObject::connect(&server, &Http::HttpServer::requestTooLarge, &server,
                     [&metrics = m_metrics](const QByteArray &, const QByteArray &path) {
        if (path == "/uploads")
            metrics.uploadRefused("size");
    });
}

void UploadEndpoint::receive(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    // Again: the token may have been revoked while the body arrived.
    const auto agent = m_hub.authenticate(request.bearerToken());
    if (!agent) {
        responder.respond(unauthorized());
        return;
    }
    if (request.bodySize() == 0 || !request.bodyFile) {
        responder.respond(Http::HttpResponse::error(400, "empty upload"));
        return;
    }
    // The store takes the body's file as it is (never read into memory), checks the
    // declared type against the content, makes the name safe, and the quotas again
    // with the real size (other uploads may have come meanwhile, through any relay).
    const qint64 agentId = agent->id;
    m_uploads.saveLater(agentId, QString::fromLatin1(request.header("content-type")),
                        QUrl::fromPercentEncoding(request.header("x-relaydesk-filename")), request.bodyFile,
                        [this, agentId, responder](std::optional<UploadStore::Stored> stored,
                                                   const UploadQuota::Refusal &refusal) {
        if (!stored) {
            responder.respond(refusal.status ? refused(agentId, refusal)
                                             : Http::HttpResponse::error(500, "could not store the upload"));
            return;
        }
        m_metrics.uploadStored();
        qCInfo(lcAgents) << "agent" << agentId << "uploaded" << stored->size << "bytes";
        const QJsonObject body{{QStringLiteral("upload_id"), stored->id}, {QStringLiteral("size"), stored->size},
                               {QStringLiteral("mime_type"), stored->mimeType}, {QStringLiteral("name"), stored->name},
                               {QStringLiteral("type"), UploadStore::attachmentType(stored->mimeType)}};
        responder.respond(Http::HttpResponse::json(201, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    });
}

} // namespace Relaydesk::Relay
