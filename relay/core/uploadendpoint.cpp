#include "uploadendpoint.h"

#include "agenthub.h"
#include "relaylogging.h"
#include "uploadstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QUrl>

namespace Relaydesk::Relay {

namespace {
Http::HttpResponse unauthorized()
{
    Http::HttpResponse response = Http::HttpResponse::error(401, "a valid agent token is required");
    response.headers.append(qMakePair(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")));
    return response;
}

// 413 (a quota) or 429 (the rate), with the reason as JSON for the app to show.
Http::HttpResponse refused(qint64 agentId, const UploadQuota::Refusal &refusal)
{
    qCInfo(lcAgents) << "upload of agent" << agentId << "refused:" << refusal.reason;
    Http::HttpResponse response = Http::HttpResponse::json(refusal.status, refusal.toJson());
    if (refusal.retryAfterSeconds > 0)
        response.headers.append(qMakePair(QByteArrayLiteral("Retry-After"), QByteArray::number(refusal.retryAfterSeconds)));
    return response;
}
} // namespace

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
}

void UploadEndpoint::receive(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    // Again: the token may have been revoked while the body arrived.
    const auto agent = m_hub.authenticate(request.bearerToken());
    if (!agent) {
        responder.respond(unauthorized());
        return;
    }
    if (request.bodySize() == 0) {
        responder.respond(Http::HttpResponse::error(400, "empty upload"));
        return;
    }
    // An authenticated agent's file, read back in one piece for UploadStore::save().
    const QByteArray data = request.bodyFile ? request.bodyFile->readAll() : request.body;
    if (data.size() != request.bodySize()) {
        responder.respond(Http::HttpResponse::error(500, "could not read the upload back"));
        return;
    }
    // The store checks the declared type against the content, makes the name safe,
    // and the quotas again with the real size (other uploads may have come meanwhile).
    UploadQuota::Refusal refusal;
    const auto stored = m_uploads.save(agent->id, QString::fromLatin1(request.header("content-type")),
                                       QUrl::fromPercentEncoding(request.header("x-relaydesk-filename")), data,
                                       &refusal);
    if (!stored) {
        responder.respond(refusal.status ? refused(agent->id, refusal)
                                         : Http::HttpResponse::error(500, "could not store the upload"));
        return;
    }
    qCInfo(lcAgents) << "agent" << agent->id << "uploaded" << stored->size << "bytes";
    const QJsonObject body{{QStringLiteral("upload_id"), stored->id}, {QStringLiteral("size"), stored->size},
                           {QStringLiteral("mime_type"), stored->mimeType}, {QStringLiteral("name"), stored->name},
                           {QStringLiteral("type"), UploadStore::attachmentType(stored->mimeType)}};
    responder.respond(Http::HttpResponse::json(201, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

} // namespace Relaydesk::Relay
