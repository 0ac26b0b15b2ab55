#include "metricsaccess.h"

#include "secretcompare.h"

namespace Relaydesk::Relay {

bool MetricsAccess::isLoopback(const QHostAddress &peer)
{
    // A dual-stack socket reports an IPv4 client as ::ffff:127.0.0.1.
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).isLoopback();
    return peer.isLoopback();
}

bool MetricsAccess::isForwarded(const Http::HttpRequest &request)
{
    return request.hasHeader("forwarded") || request.hasHeader("x-forwarded-for") || request.hasHeader("x-real-ip");
}

std::optional<Http::HttpResponse> MetricsAccess::refusal(const Http::HttpRequest &request) const
{
    if (!m_token.isEmpty()) {
        if (secretsEqual(request.bearerToken(), m_token))
            return std::nullopt;
        Http::HttpResponse response = Http::HttpResponse::error(401, "the metrics token is required (Bearer)");
        response.headers.append(qMakePair(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")));
        return response;
    }
    if (isLoopback(request.peer) && !isForwarded(request))
        return std::nullopt;
    return Http::HttpResponse::error(
        403, "metrics are served to this machine only; set metrics_token to read them from elsewhere");
}

} // namespace Relaydesk::Relay
