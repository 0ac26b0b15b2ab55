#pragma once

#include "httpserver.h"
#include "uploadquota.h"

namespace Relaydesk::Relay {

class AgentHub;
class Metrics;
class UploadStore;

// POST /uploads: an agent (bearer token) uploads a file of at most 25 MiB to send
// as an attachment; the answer carries the upload_id that send_message names.
// Content-Type gives the MIME type, X-Relaydesk-Filename the percent-encoded name.
// Refusals are counted in /metrics by reason.
class UploadEndpoint
{
public:
    UploadEndpoint(AgentHub &hub, UploadStore &uploads, Metrics &metrics)
        : m_hub(hub), m_uploads(uploads), m_metrics(metrics) {}
    void registerRoutes(Http::HttpServer &server);

private:
    void receive(const Http::HttpRequest &request, const Http::HttpResponder &responder);
    Http::HttpResponse unauthorized();
    Http::HttpResponse refused(qint64 agentId, const UploadQuota::Refusal &refusal);

    AgentHub &m_hub;
    UploadStore &m_uploads;
    Metrics &m_metrics;
};

} // namespace Relaydesk::Relay
