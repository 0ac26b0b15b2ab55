#include "httpresponse.h"

#include "httplogging.h"

namespace Relaydesk::Http {

namespace {

bool isToken(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || QByteArrayView("\"(),/:;<=>?@[\\]{}").contains(c))
            return false;
    }
    return true;
}

bool isSafeValue(QByteArrayView value)
{
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

// Framing is ours to decide; a handler must not be able to contradict it.
bool isFramingHeader(QByteArrayView name)
{
    for (QByteArrayView reserved : { QByteArrayView("content-length"), QByteArrayView("transfer-encoding"),
                                     QByteArrayView("connection"), QByteArrayView("content-type") }) {
        if (name.size() == reserved.size() && name.compare(reserved, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

HttpResponse HttpResponse::text(int status, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.body = body;
    return response;
}

HttpResponse HttpResponse::json(int status, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.contentType = QByteArrayLiteral("application/json");
    response.body = body;
    return response;
}

HttpResponse HttpResponse::error(int status, const QByteArray &detail)
{
    QByteArray body = reasonPhrase(status);
    if (!detail.isEmpty())
        body += QByteArrayLiteral(": ") + detail;
    body += '\n';
    return text(status, body);
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    // 1xx, 204 and 304 never carry a body (RFC 9110 6.4.1).
    const bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
    QByteArray out;
    out.reserve(128 + body.size());
    out += QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!bodyless) {
        if (!body.isEmpty() && !contentType.isEmpty() && isSafeValue(contentType))
            out += QByteArrayLiteral("Content-Type: ") + contentType + "\r\n";
        out += QByteArrayLiteral("Content-Length: ") + QByteArray::number(body.size()) + "\r\n";
    }
    out += keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n") : QByteArrayLiteral("Connection: close\r\n");
    for (const auto &header : headers) {
        // Refuse header injection (CR/LF in a value) and framing overrides; log the name only.
        if (!isToken(header.first) || !isSafeValue(header.second) || isFramingHeader(header.first)) {
            qCWarning(lcHttp) << "dropping invalid response header" << header.first.left(64);
            continue;
        }
        out += header.first + ": " + header.second + "\r\n";
    }
    out += "\r\n";
    if (!bodyless)
        out += body;
    return out;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 101: return QByteArrayLiteral("Switching Protocols");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 301: return QByteArrayLiteral("Moved Permanently");
    case 302: return QByteArrayLiteral("Found");
    case 304: return QByteArrayLiteral("Not Modified");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 411: return QByteArrayLiteral("Length Required");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 417: return QByteArrayLiteral("Expectation Failed");
    case 422: return QByteArrayLiteral("Unprocessable Content");
    case 426: return QByteArrayLiteral("Upgrade Required");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    case 507: return QByteArrayLiteral("Insufficient Storage");
    default: return QByteArrayLiteral("Status");
    }
}

} // namespace Relaydesk::Http
