#include "httprequest.h"

#include <QTemporaryFile>

namespace Relaydesk::Http {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Whether a comma-separated token list (Connection, Upgrade), possibly spread over
// several fields of the same name, contains token.
bool listHasToken(const HttpRequest &request, QByteArrayView name, QByteArrayView token)
{
    for (const auto &field : request.headers) {
        if (!sameName(field.first, name))
            continue;
        const QList<QByteArray> items = field.second.split(',');
        for (const QByteArray &item : items) {
            if (sameName(QByteArrayView(item).trimmed(), token))
                return true;
        }
    }
    return false;
}

} // namespace

qint64 HttpRequest::bodySize() const
{
    return bodyFile ? bodyFile->size() : body.size();
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (sameName(field.first, name))
            return field.second;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (sameName(field.first, name))
            return true;
    }
    return false;
}

bool HttpRequest::keepAlive() const
{
    if (listHasToken(*this, "connection", "close"))
        return false;
    if (version == QByteArrayView("HTTP/1.1"))
        return true;
    return listHasToken(*this, "connection", "keep-alive");
}

bool HttpRequest::isWebSocketUpgrade() const
{
    return listHasToken(*this, "upgrade", "websocket") && listHasToken(*this, "connection", "upgrade");
}

QByteArray HttpRequest::bearerToken() const
{
    const QByteArray authorization = header("authorization").trimmed();
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0 || authorization.left(space).toLower() != "bearer")
        return {};
    return authorization.mid(space + 1).trimmed();
}

} // namespace Relaydesk::Http
