#include "socketioclient.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace Relaydesk::Bench {

// Every open() ends in exactly one of: connectError(), or connected() followed
// later by disconnected() when the server or the network ends the session
// (Engine.IO "1", Socket.IO "41", or the WebSocket closing). close() is the
// owner's own decision and emits nothing.
//
// Engine.IO v4 packet types are the first character ('0' open, '1' close,
// '2' ping, '3' pong, '4' message, '6' noop); a message's Socket.IO packet type
// is the second ('0' connect, '1' disconnect, '2' event, '4' connect error).

namespace {

QUrl engineIoUrl(const QUrl &serverUrl)
{
    QUrl url(serverUrl);
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        url.setScheme(QStringLiteral("wss"));
    else
        url.setScheme(QStringLiteral("ws"));
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QLatin1String("socket.io/"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    return url;
}

} // namespace

SocketIoClient::SocketIoClient(QObject *parent)
    : QObject(parent)
{
    m_socket.setParent(this);
    connect(&m_socket, &WebSocketStream::textReceived, this, &SocketIoClient::onTextMessage);
    connect(&m_socket, &WebSocketStream::failed, this, [this](const QString &reason) {
        if (m_pending) {
            m_pending = false;
            emit connectError(reason);
        }
    });
    connect(&m_socket, &WebSocketStream::disconnected, this, [this] { endSession(QStringLiteral("closed")); });
}

void SocketIoClient::open(const QUrl &serverUrl, const QJsonObject &auth)
{
    if (m_pending || m_connected) {
        m_pending = false;
        m_connected = false;
        m_socket.abort();
    }
    m_auth = auth;
    m_pending = true;
    m_connected = false;
    m_socket.open(engineIoUrl(serverUrl));
}

void SocketIoClient::close()
{
    const bool wasConnected = m_connected;
    m_pending = false;
    m_connected = false;
    if (wasConnected)
        m_socket.sendText("41");
    m_socket.close();
}

void SocketIoClient::endSession(const QString &why)
{
    if (m_pending) {
        m_pending = false;
        emit connectError(QStringLiteral("connection %1 before the Socket.IO handshake").arg(why));
    } else if (m_connected) {
        m_connected = false;
        emit disconnected();
    }
}

void SocketIoClient::onTextMessage(const QByteArray &packet)
{
    if (packet.isEmpty())
        return;
    switch (packet.at(0)) {
    case '4': // Engine.IO message: a Socket.IO packet follows
        if (packet.size() < 2)
            return;
        switch (packet.at(1)) {
        case '2': // event (the hot path: handed over as it is)
            if (m_connected)
                emit eventFrame(packet);
            return;
        case '0': // connected to the default namespace
            if (m_pending) {
                m_pending = false;
                m_connected = true;
                emit connected();
            }
            return;
        case '4': { // connect error, e.g. 44{"message":"unauthorized"}
            if (!m_pending)
                return;
            m_pending = false;
            const QJsonObject error = QJsonDocument::fromJson(packet.mid(2)).object();
            const QString message = error.value(QLatin1String("message")).toString();
            emit connectError(message.isEmpty() ? QString::fromUtf8(packet.mid(2)) : message);
            m_socket.close();
            return;
        }
        case '1': // the server disconnected us from the namespace
            m_socket.close();
            endSession(QStringLiteral("closed by the server"));
            return;
        default: // acks and binary packets: not used by the benchmark
            return;
        }
    case '2': // ping
        m_socket.sendText("3");
        return;
    case '0': // Engine.IO open: {"sid":…,"pingInterval":…,…}; now join the default namespace
        if (!m_pending)
            return;
        if (m_auth.isEmpty())
            m_socket.sendText("40");
        else
            m_socket.sendText("40" + QJsonDocument(m_auth).toJson(QJsonDocument::Compact));
        return;
    case '1': // Engine.IO close
        m_socket.close();
        endSession(QStringLiteral("closed by the server"));
        return;
    default: // pong, upgrade, noop
        return;
    }
}

} // namespace Relaydesk::Bench
