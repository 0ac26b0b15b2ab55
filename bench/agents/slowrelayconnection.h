#pragma once

#include "agentconnection.h"

#include <QTcpSocket>
#include <QUrl>

namespace Relaydesk::Bench {

// A relay agent that signs in and then stops reading: the deliberately slow
// consumer. Plain TCP with a hand-made handshake, because QWebSocket always
// drains the socket; with a 4 KiB read buffer Qt stops reading from the kernel,
// the TCP window closes and the relay's send buffer for it grows.
class SlowRelayConnection : public AgentConnection
{
    Q_OBJECT
public:
    SlowRelayConnection(QUrl url, QByteArray token, QObject *parent = nullptr);
    void open() override;
    void close() override;

    static QByteArray maskedTextFrame(const QByteArray &payload);

private:
    QTcpSocket m_socket;
    QUrl m_url;
    QByteArray m_token;
    QByteArray m_head;
    bool m_upgraded = false;
};

} // namespace Relaydesk::Bench
