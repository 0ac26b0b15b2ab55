#include "websocketstream.h"

#include <QRandomGenerator>
#include <QtEndian>

namespace Relaydesk::Bench {

namespace {
constexpr qsizetype kMaxHead = 8192;
constexpr qint64 kMaxMessage = 16 * 1024 * 1024;
} // namespace

WebSocketStream::WebSocketStream(QObject *parent) : QObject(parent)
{
    m_socket.setParent(this);
    connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.write(std::exchange(m_request, {})); });
    connect(&m_socket, &QTcpSocket::readyRead, this, &WebSocketStream::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &WebSocketStream::finish);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError || !m_upgraded)
            finish();
    });
}

void WebSocketStream::open(const QUrl &url, const Headers &headers)
{
    QByteArray key(16, Qt::Uninitialized);
    for (char &c : key)
        c = char(QRandomGenerator::global()->bounded(256));
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const int port = url.port(80);
    m_request = "GET " + target + " HTTP/1.1\r\nHost: " + url.host().toLatin1() + ':' + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + key.toBase64() + "\r\n";
    for (const auto &header : headers)
        m_request += header.first + ": " + header.second + "\r\n";
    m_request += "\r\n";
    m_in.clear();
    m_upgraded = m_open = m_finished = false;
    m_closeCode = 0;
    m_socket.connectToHost(url.host(), quint16(port));
}

void WebSocketStream::sendFrame(quint8 opcode, const QByteArray &payload)
{
    // Client frames are masked (RFC 6455 5.3).
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char(0x80 | opcode));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else if (payload.size() <= 0xffff) {
        frame.append(char(0x80 | 126));
        const quint16 n = qToBigEndian(quint16(payload.size()));
        frame.append(reinterpret_cast<const char *>(&n), 2);
    } else {
        frame.append(char(0x80 | 127));
        const quint64 n = qToBigEndian(quint64(payload.size()));
        frame.append(reinterpret_cast<const char *>(&n), 8);
    }
    const quint32 mask = QRandomGenerator::global()->generate();
    const char m[4] = {char(mask), char(mask >> 8), char(mask >> 16), char(mask >> 24)};
    frame.append(m, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ m[i & 3]));
    m_socket.write(frame);
}

void WebSocketStream::sendText(const QByteArray &payload)
{
    if (m_open)
        sendFrame(0x1, payload);
}

void WebSocketStream::close(quint16 code)
{
    if (m_open) {
        const quint16 n = qToBigEndian(code);
        sendFrame(0x8, QByteArray(reinterpret_cast<const char *>(&n), 2));
        m_socket.flush();
    }
    m_open = false;
    m_finished = true; // the owner's decision: no signal
    m_socket.disconnectFromHost();
}

void WebSocketStream::abort()
{
    m_open = false;
    m_finished = true;
    m_socket.abort();
}

void WebSocketStream::stopReading()
{
    m_reading = false;
    m_socket.setReadBufferSize(4096); // Qt stops reading from the kernel once this is full
}

void WebSocketStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    const bool wasOpen = m_open;
    m_open = false;
    if (wasOpen || m_upgraded)
        emit disconnected();
    else
        emit failed(m_socket.errorString());
}

void WebSocketStream::onReadyRead()
{
    if (!m_reading)
        return;
    m_in += m_socket.readAll();
    if (!m_upgraded && !parseHandshake())
        return;
    parseFrames();
}

bool WebSocketStream::parseHandshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > kMaxHead) {
            abort();
            emit failed(QStringLiteral("no end of the upgrade response"));
        }
        return false;
    }
    if (!m_in.startsWith("HTTP/1.1 101")) {
        const QString status = QString::fromLatin1(m_in.left(m_in.indexOf('\r')));
        m_finished = true;
        m_socket.abort();
        emit failed(status);
        return false;
    }
    m_in.remove(0, end + 4);
    m_upgraded = m_open = true;
    emit connected();
    return m_open;
}

void WebSocketStream::parseFrames()
{
    qsizetype at = 0;
    while (m_open) {
        const qsizetype available = m_in.size() - at;
        if (available < 2)
            break;
        const auto *p = reinterpret_cast<const uchar *>(m_in.constData() + at);
        const bool fin = p[0] & 0x80;
        const int opcode = p[0] & 0x0f;
        qint64 length = p[1] & 0x7f;
        qsizetype head = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = qFromBigEndian<quint16>(p + 2);
            head = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = qint64(qFromBigEndian<quint64>(p + 2));
            head = 10;
        }
        if (p[1] & 0x80 || length < 0 || length > kMaxMessage) { // servers never mask
            abort();
            emit disconnected();
            return;
        }
        if (available < head + length)
            break;
        const QByteArray payload = m_in.mid(at + head, length);
        at += head + length;
        switch (opcode) {
        case 0x0: // continuation
        case 0x1: // text
            if (fin && m_fragments.isEmpty()) {
                emit textReceived(payload);
            } else {
                m_fragments += payload;
                if (fin)
                    emit textReceived(std::exchange(m_fragments, {}));
            }
            break;
        case 0x8: // close: answer and go
            m_closeCode = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 1005;
            sendFrame(0x8, payload.left(2));
            m_socket.flush();
            m_socket.disconnectFromHost();
            finish();
            return;
        case 0x9: // ping
            sendFrame(0xA, payload);
            break;
        default: // pong, binary: not used here
            break;
        }
    }
    m_in.remove(0, at);
}

} // namespace Relaydesk::Bench
