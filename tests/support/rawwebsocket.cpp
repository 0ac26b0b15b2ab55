#include "rawwebsocket.h"

#include <QTest>
#include <QRandomGenerator>
#include <QtEndian>

namespace Relaydesk::Test {

RawWebSocket::RawWebSocket(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_disconnected = true; });
}

bool RawWebSocket::connectTo(quint16 port, const QByteArray &bearer, int timeoutMs)
{
    // The relay may run in this very thread: wait with the event loop running, never block.
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (m_reading)
            m_buffer += m_socket.readAll();
    });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs))
        return false;
    QByteArray request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    request += "\r\n";
    m_socket.write(request);
    if (!QTest::qWaitFor([this] { return m_buffer.contains("\r\n\r\n") || m_disconnected; }, timeoutMs)
        || !m_buffer.contains("\r\n\r\n"))
        return false;
    const qsizetype end = m_buffer.indexOf("\r\n\r\n") + 4;
    m_upgradeAnswer = m_buffer.left(end);
    m_upgradeStatus = m_buffer.startsWith("HTTP/1.1 ") ? m_buffer.mid(9, 3).toInt() : 0;
    const bool upgraded = m_upgradeStatus == 101;
    m_buffer.remove(0, end);
    return upgraded;
}

void RawWebSocket::sendText(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81)); // FIN + text
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(0x80 | n));
    } else if (n < 65536) {
        frame.append(char(0x80 | 126));
        frame.append(char((n >> 8) & 0xff)).append(char(n & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(n) >> shift) & 0xff));
    }
    const quint32 maskValue = QRandomGenerator::global()->generate();
    char mask[4];
    qToBigEndian(maskValue, mask);
    frame.append(mask, 4);
    for (qsizetype i = 0; i < n; ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    m_socket.write(frame);
    m_socket.flush();
}

void RawWebSocket::stopReading()
{
    m_reading = false;
    m_socket.setReadBufferSize(1024); // Qt stops pulling from the kernel once this is full
}

void RawWebSocket::parse()
{
    if (m_reading)
        m_buffer += m_socket.readAll();
    for (;;) {
        if (m_buffer.size() < 2)
            return;
        const auto *d = reinterpret_cast<const uchar *>(m_buffer.constData());
        const int opcode = d[0] & 0x0f;
        quint64 length = d[1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(d + 2);
            header = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qFromBigEndian<quint64>(d + 2);
            header = 10;
        }
        if (quint64(m_buffer.size() - header) < length)
            return;
        m_frames.append({opcode, m_buffer.mid(header, qsizetype(length))});
        m_buffer.remove(0, header + qsizetype(length));
    }
}

QList<RawWebSocket::Frame> RawWebSocket::frames()
{
    parse();
    return m_frames;
}

int RawWebSocket::closeCode()
{
    parse();
    for (const Frame &f : std::as_const(m_frames))
        if (f.opcode == 0x8 && f.payload.size() >= 2)
            return qFromBigEndian<quint16>(reinterpret_cast<const uchar *>(f.payload.constData()));
    return 0;
}

} // namespace Relaydesk::Test
