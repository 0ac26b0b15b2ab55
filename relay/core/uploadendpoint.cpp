#include "uploadendpoint.h"

#include "agenthub.h"
#include "relaylogging.h"
#include "uploadstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace Relaydesk::Relay {

void UploadEndpoint::registerRoutes(Http::HttpServer &server)
{
    server.route("POST", "/uploads",
                 [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { receive(r, a); },
                 UploadStore::MaxBytes);
}

void UploadEndpoint::receive(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    const auto agent = m_hub.authenticate(request.bearerToken());
    if (!agent) {
        Http::HttpResponse response = Http::HttpResponse::error(401, "a valid agent token is required");
        response.headers.append(qMakePair(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")));
        responder.respond(response);
        return;
    }
    if (request.body.isEmpty()) {
        responder.respond(Http::HttpResponse::error(400, "empty upload"));
        return;
    }
    QString mime = QString::fromLatin1(request.header("content-type")).section(QLatin1Char(';'), 0, 0).trimmed();
    if (mime.isEmpty())
        mime = QStringLiteral("application/octet-stream");
    QString name = QUrl::fromPercentEncoding(request.header("x-relaydesk-filename")).section(QLatin1Char('/'), -1);
    if (name.isEmpty())
        name = QStringLiteral("attachment");
    const QString id = m_uploads.save(agent->id, mime, name.left(200), request.body);
    if (id.isEmpty()) {
        responder.respond(Http::HttpResponse::error(500, "could not store the upload"));
        return;
    }
    qCInfo(lcAgents) << "agent" << agent->id << "uploaded" << request.body.size() << "bytes";
    const QJsonObject body{{QStringLiteral("upload_id"), id}, {QStringLiteral("size"), request.body.size()},
                           {QStringLiteral("mime_type"), mime}, {QStringLiteral("name"), name.left(200)},
                           {QStringLiteral("type"), UploadStore::attachmentType(mime)}};
    responder.respond(Http::HttpResponse::json(201, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

} // namespace Relaydesk::Relay
