#include "relayagentconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

namespace Relaydesk::Bench {

RelayAgentConnection::RelayAgentConnection(QUrl url, QByteArray token, qint64 since, QObject *parent)
    : AgentConnection(parent), m_url(std::move(url)), m_token(std::move(token)), m_since(since)
{
    m_socket.setParent(this);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("protocol"), 1}};
        if (m_since >= 0)
            hello.insert(QStringLiteral("since"), double(m_since));
        m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RelayAgentConnection::onText);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        emit failed(QStringLiteral("closed %1 %2").arg(int(m_socket.closeCode())).arg(m_socket.closeReason()));
    });
}

void RelayAgentConnection::open()
{
    QNetworkRequest request(m_url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    m_socket.open(request);
}

void RelayAgentConnection::close() { m_socket.close(); }

void RelayAgentConnection::onText(const QString &frame)
{
    if (m_ready) {
        // Live: only the message itself counts; the conversation.updated that
        // follows repeats the text in its preview.
        if (frame.contains(QLatin1String("\"message.created\"")))
            emit frameReceived(frame);
        return;
    }
    // Before live: welcome, then resync_required (no since) or the replay and replay_done.
    if (frame.contains(QLatin1String("\"type\":\"event\""))) {
        if (frame.contains(QLatin1String("\"message.created\"")))
            ++m_replayed;
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(frame.toUtf8()).object();
    const QString type = object.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("replay_done"))
        emit replayFinished(m_replayed);
    if (type == QLatin1String("replay_done") || type == QLatin1String("resync_required")) {
        m_ready = true;
        emit ready();
    }
}

} // namespace Relaydesk::Bench
