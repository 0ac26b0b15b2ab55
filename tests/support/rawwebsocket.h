#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

namespace Relaydesk::Test {

// A WebSocket client written by hand over a QTcpSocket, for what QWebSocket will not
// do: never answering pings, never reading (a slow consumer), sending odd frames.
class RawWebSocket : public QObject
{
    Q_OBJECT
public:
    struct Frame { int opcode = 0; QByteArray payload; };

    explicit RawWebSocket(QObject *parent = nullptr);

    // Connects to 127.0.0.1:port, does the upgrade on /ws and waits for the 101 (false if none).
    bool connectTo(quint16 port, const QByteArray &bearer = {}, int timeoutMs = 5000);
    // The status and head of the answer to the upgrade (101, or a refusal such as 503).
    int upgradeStatus() const { return m_upgradeStatus; }
    QByteArray upgradeAnswer() const { return m_upgradeAnswer; }
    // Sends one masked text frame.
    void sendText(const QByteArray &payload);
    // Stops taking bytes from the kernel: the relay's writes back up as they would
    // with a client that stopped reading.
    void stopReading();
    // Frames received so far (parses what is buffered; unmasked server frames).
    QList<Frame> frames();
    // Close code of a received close frame, 0 if none.
    int closeCode();
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool wasDisconnected() const { return m_disconnected; }
    QTcpSocket &socket() { return m_socket; }

private:
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<Frame> m_frames;
    bool m_disconnected = false;
    bool m_reading = true;
    int m_upgradeStatus = 0;
    QByteArray m_upgradeAnswer;
};

} // namespace Relaydesk::Test
