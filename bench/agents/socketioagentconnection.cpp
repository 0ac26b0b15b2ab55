#include "socketioagentconnection.h"

namespace Relaydesk::Bench {

SocketIoAgentConnection::SocketIoAgentConnection(QUrl url, QJsonObject auth, QObject *parent)
    : AgentConnection(parent), m_url(std::move(url)), m_auth(std::move(auth))
{
    m_client.setParent(this);
    connect(&m_client, &SocketIoClient::connected, this, &AgentConnection::ready);
    connect(&m_client, &SocketIoClient::eventFrame, this, [this](const QByteArray &packet) {
        if (packet.startsWith("42[\"new-message\""))
            emit frameReceived(packet);
    });
    connect(&m_client, &SocketIoClient::connectError, this, &AgentConnection::failed);
    connect(&m_client, &SocketIoClient::disconnected, this, [this] { emit failed(QStringLiteral("disconnected")); });
}

void SocketIoAgentConnection::open() { m_client.open(m_url, m_auth); }
void SocketIoAgentConnection::close() { m_client.close(); }

} // namespace Relaydesk::Bench
