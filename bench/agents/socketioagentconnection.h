#pragma once

#include "agentconnection.h"
#include "socketioclient.h"

namespace Relaydesk::Bench {

// An agent of the Express + Socket.IO peer: connects with its token and pages
// in the Socket.IO auth payload and counts `new-message` events.
class SocketIoAgentConnection : public AgentConnection
{
    Q_OBJECT
public:
    SocketIoAgentConnection(QUrl url, QJsonObject auth, QObject *parent = nullptr);
    void open() override;
    void close() override;

private:
    SocketIoClient m_client;
    QUrl m_url;
    QJsonObject m_auth;
};

} // namespace Relaydesk::Bench
