#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QByteArray>

#include <optional>

namespace Relaydesk::Relay {

// Who may read GET /metrics. With a metrics token, whoever presents it as a Bearer
// token, from anywhere. Without one, only clients on this machine: a loopback peer
// whose request no reverse proxy forwarded (a proxy on the same machine connects
// from loopback too, so Forwarded, X-Forwarded-For or X-Real-IP make it remote).
class MetricsAccess
{
public:
    explicit MetricsAccess(QByteArray token) : m_token(std::move(token)) {}

    // The answer that refuses this request, or nothing when it may read the metrics.
    std::optional<Http::HttpResponse> refusal(const Http::HttpRequest &request) const;

    static bool isLoopback(const QHostAddress &peer);
    static bool isForwarded(const Http::HttpRequest &request);

private:
    QByteArray m_token; // secret: never logged
};

} // namespace Relaydesk::Relay
