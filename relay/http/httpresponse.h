#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace Relaydesk::Http {

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers

    static HttpResponse text(int status, const QByteArray &body);
    static HttpResponse json(int status, const QByteArray &body);
    // A short plain-text error whose body is the reason phrase plus detail.
    static HttpResponse error(int status, const QByteArray &detail = {});

    // Status line, Content-Length, Connection and the extra headers, then the body.
    QByteArray serialize(bool keepAlive) const;
    static QByteArray reasonPhrase(int status);
};

} // namespace Relaydesk::Http
