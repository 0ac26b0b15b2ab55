#pragma once

#include "agentconnection.h"

#include <QUrl>
#include <QWebSocket>

namespace Relaydesk::Bench {

// An agent of relaydesk-relay as docs/protocol.md describes it: token in the
// upgrade request, hello (with `since` to catch up), then events.
class RelayAgentConnection : public AgentConnection
{
    Q_OBJECT
public:
    RelayAgentConnection(QUrl url, QByteArray token, qint64 since, QObject *parent = nullptr);
    void open() override;
    void close() override;

private:
    void onText(const QString &frame);

    QWebSocket m_socket;
    QUrl m_url;
    QByteArray m_token;
    qint64 m_since;
    qint64 m_replayed = 0;
    bool m_ready = false;
};

} // namespace Relaydesk::Bench
