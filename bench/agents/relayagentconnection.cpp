#include "relayagentconnection.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Relaydesk::Bench {

RelayAgentConnection::RelayAgentConnection(QUrl url, QByteArray token, qint64 since, bool slow, QObject *parent)
    : AgentConnection(parent), m_url(std::move(url)), m_token(std::move(token)), m_since(since), m_slow(slow)
{
    m_socket.setParent(this);
    connect(&m_socket, &WebSocketStream::connected, this, [this] {
        QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("protocol"), 1}};
        if (m_since >= 0)
            hello.insert(QStringLiteral("since"), double(m_since));
        m_socket.sendText(QJsonDocument(hello).toJson(QJsonDocument::Compact));
        emit opened();
        if (m_slow) {
            m_socket.stopReading();
            m_ready = true;
            emit ready();
        }
    });
    connect(&m_socket, &WebSocketStream::textReceived, this, &RelayAgentConnection::onText);
    connect(&m_socket, &WebSocketStream::disconnected, this, [this] {
        emit failed(QStringLiteral("closed %1").arg(m_socket.closeCode()));
    });
    connect(&m_socket, &WebSocketStream::failed, this, &AgentConnection::failed);
}

void RelayAgentConnection::open() { m_socket.open(m_url, {{"Authorization", "Bearer " + m_token}}); }

void RelayAgentConnection::close() { m_socket.close(); }

void RelayAgentConnection::onText(const QByteArray &frame)
{
    if (m_ready) {
        // Live: only the message itself counts; the conversation.updated that
        // follows repeats the text in its preview.
        if (frame.contains("\"message.created\""))
            emit frameReceived(frame);
        return;
    }
    // Before live: welcome, then resync_required (no since) or the replay and replay_done.
    if (frame.contains("\"type\":\"event\"")) {
        ++m_replayFrames;
        if (frame.contains("\"message.created\""))
            ++m_replayed;
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(frame).object();
    const QString type = object.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("welcome"))
        m_head = object.value(QStringLiteral("head")).toInteger(-1);
    if (type == QLatin1String("replay_done"))
        emit replayFinished(m_replayed, m_replayFrames);
    if (type == QLatin1String("replay_done") || type == QLatin1String("resync_required")) {
        m_ready = true;
        emit ready();
    }
}

} // namespace Relaydesk::Bench
