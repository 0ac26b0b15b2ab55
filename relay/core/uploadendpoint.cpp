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
} // namespace

void UploadEndpoint::registerRoutes(Http::HttpServer &server)
{
    Http::HttpServer::RouteOptions options;
    options.maxBodyBytes = UploadStore::MaxBytes;
    // Up to 25 MiB from anyone on the Internet: the token is checked from the head,
    // before a byte of the body is read, and the body goes to a file, not memory.
    options.bodyToFile = true;
    options.checkHead = [this](const Http::HttpRequest &head) -> std::optional<Http::HttpResponse> {
        if (!m_hub.authenticate(head.bearerToken()))
            return unauthorized();
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
    QString mime = QString::fromLatin1(request.header("content-type")).section(QLatin1Char(';'), 0, 0).trimmed();
    if (mime.isEmpty())
        mime = QStringLiteral("application/octet-stream");
    QString name = QUrl::fromPercentEncoding(request.header("x-relaydesk-filename")).section(QLatin1Char('/'), -1);
    if (name.isEmpty())
        name = QStringLiteral("attachment");
    const QString id = m_uploads.save(agent->id, mime, name.left(200), data);
    if (id.isEmpty()) {
        responder.respond(Http::HttpResponse::error(500, "could not store the upload"));
        return;
    }
    qCInfo(lcAgents) << "agent" << agent->id << "uploaded" << data.size() << "bytes";
    const QJsonObject body{{QStringLiteral("upload_id"), id}, {QStringLiteral("size"), data.size()},
                           {QStringLiteral("mime_type"), mime}, {QStringLiteral("name"), name.left(200)},
                           {QStringLiteral("type"), UploadStore::attachmentType(mime)}};
    responder.respond(Http::HttpResponse::json(201, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

} // namespace Relaydesk::Relay
