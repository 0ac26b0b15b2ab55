#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include "websocketstream.h"

namespace Relaydesk::Bench {

// A compiled Socket.IO 4 client (Engine.IO protocol 4, WebSocket transport only,
// default namespace), so the benchmark's agents cost the same in C++ for both
// systems and the harness is not the bottleneck of the peer's figures.
// Handshake: GET /socket.io/?EIO=4&transport=websocket, server "0{sid,pingInterval,…}",
// client "40{auth}", server "40{sid}" → connected(). Server pings ("2") are
// answered ("3"). Events arrive as "42[\"name\",payload]" and are handed over raw.
class SocketIoClient : public QObject
{
    Q_OBJECT
public:
    explicit SocketIoClient(QObject *parent = nullptr);

    // serverUrl: http://host:port (the path /socket.io/ is added).
    void open(const QUrl &serverUrl, const QJsonObject &auth);
    void close();
    bool isConnected() const { return m_connected; }

signals:
    void connected();
    // The whole Engine.IO text packet of an event, e.g. 42["new-message",{…}].
    void eventFrame(const QByteArray &packet);
    void connectError(const QString &message); // "44{…}" or a transport failure
    void disconnected();

private:
    void onTextMessage(const QByteArray &packet);
    void endSession(const QString &why);

    WebSocketStream m_socket;
    QJsonObject m_auth;
    bool m_connected = false;
    bool m_pending = false; // open() called, neither connected() nor connectError() yet
};

} // namespace Relaydesk::Bench
