#pragma once

#include "agentconnection.h"
#include "websocketstream.h"

#include <QUrl>

namespace Relaydesk::Bench {

// An agent of relaydesk-relay as docs/protocol.md describes it: token in the
// upgrade request, hello (with `since` to catch up), then events. A slow one
// signs in and then stops reading: the deliberately slow consumer.
class RelayAgentConnection : public AgentConnection
{
    Q_OBJECT
public:
    RelayAgentConnection(QUrl url, QByteArray token, qint64 since, bool slow, QObject *parent = nullptr);
    void open() override;
    void close() override;
    qint64 logHead() const override { return m_head; }

private:
    void onText(const QByteArray &frame);

    WebSocketStream m_socket;
    QUrl m_url;
    QByteArray m_token;
    qint64 m_since;
    bool m_slow;
    qint64 m_replayed = 0;
    qint64 m_replayFrames = 0;
    qint64 m_head = -1;
    bool m_ready = false;
};

} // namespace Relaydesk::Bench
