#pragma once

#include "httpserver.h"

namespace Relaydesk::Relay {

class AgentHub;
class UploadStore;

// POST /uploads: an agent (bearer token) uploads a file of at most 25 MiB to send
// as an attachment; the answer carries the upload_id that send_message names.
// Content-Type gives the MIME type, X-Relaydesk-Filename the percent-encoded name.
class UploadEndpoint
{
public:
    UploadEndpoint(AgentHub &hub, UploadStore &uploads) : m_hub(hub), m_uploads(uploads) {}
    void registerRoutes(Http::HttpServer &server);

private:
    void receive(const Http::HttpRequest &request, const Http::HttpResponder &responder);

    AgentHub &m_hub;
    UploadStore &m_uploads;
};

} // namespace Relaydesk::Relay
