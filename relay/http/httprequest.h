#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QUrlQuery>

#include <memory>

class QTemporaryFile;

namespace Relaydesk::Http {

// One parsed HTTP/1.1 request. Header names are stored lower-case.
struct HttpRequest
{
    QByteArray method;   // "GET", "POST", ...
    QByteArray target;   // raw request-target, e.g. "/webhook?hub.mode=subscribe"
    QByteArray path;     // target without the query, percent-decoding not applied
    QUrlQuery query;
    QByteArray version;  // "HTTP/1.1" or "HTTP/1.0"
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Set instead of body for routes that take their body as a file (HttpServer::RouteOptions):
    // a 0600 temporary file, removed when the last copy of the request goes (unless renamed).
    std::shared_ptr<QTemporaryFile> bodyFile;
    QHostAddress peer;

    // Size of the body, in memory or in bodyFile.
    qint64 bodySize() const;

    // First value of a header (name compared case-insensitively), or empty.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // HTTP/1.1 keeps the connection unless "Connection: close"; 1.0 only with "keep-alive".
    bool keepAlive() const;
    // "Upgrade: websocket" with "Connection: upgrade".
    bool isWebSocketUpgrade() const;
    // The credentials of "Authorization: Bearer <token>" (scheme case-insensitive), or empty.
    QByteArray bearerToken() const;
};

} // namespace Relaydesk::Http
