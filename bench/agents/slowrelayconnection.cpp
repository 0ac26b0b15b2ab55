#include "slowrelayconnection.h"

#include <QRandomGenerator>

namespace Relaydesk::Bench {

SlowRelayConnection::SlowRelayConnection(QUrl url, QByteArray token, QObject *parent)
    : AgentConnection(parent), m_url(std::move(url)), m_token(std::move(token))
{
    m_socket.setParent(this);
    m_socket.setReadBufferSize(4096);
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        QByteArray key(16, Qt::Uninitialized);
        for (char &c : key)
            c = char(QRandomGenerator::global()->bounded(256));
        m_socket.write("GET " + m_url.path(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: "
                       + m_url.host().toLatin1() + ':' + QByteArray::number(m_url.port())
                       + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                         "Sec-WebSocket-Key: " + key.toBase64() + "\r\nAuthorization: Bearer " + m_token + "\r\n\r\n");
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (m_upgraded)
            return; // the point: never read again
        m_head += m_socket.read(4096 - m_head.size());
        if (!m_head.contains("\r\n\r\n") && m_head.size() < 4096)
            return;
        if (!m_head.startsWith("HTTP/1.1 101")) {
            emit failed(QString::fromLatin1(m_head.left(m_head.indexOf('\r'))));
            return;
        }
        m_upgraded = true;
        m_socket.write(maskedTextFrame(R"({"type":"hello","protocol":1})"));
        emit ready();
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { emit failed(QStringLiteral("disconnected")); });
}

void SlowRelayConnection::open() { m_socket.connectToHost(m_url.host(), quint16(m_url.port())); }
void SlowRelayConnection::close() { m_socket.abort(); }

QByteArray SlowRelayConnection::maskedTextFrame(const QByteArray &payload)
{
    Q_ASSERT(payload.size() < 126);
    QByteArray frame;
    frame.append(char(0x81)).append(char(0x80 | payload.size()));
    const quint32 mask = QRandomGenerator::global()->generate();
    const char maskBytes[4] = {char(mask), char(mask >> 8), char(mask >> 16), char(mask >> 24)};
    frame.append(maskBytes, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ maskBytes[i % 4]));
    return frame;
}

} // namespace Relaydesk::Bench
