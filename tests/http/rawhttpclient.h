#pragma once

// A raw HTTP/1.1 client for the tests of the front: it sends exact bytes and
// collects every byte the server sends, splitting answers off, so every limit and
// deadline is seen from the wire.
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

namespace RawHttp {

struct Reply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

// A raw HTTP client: collects every byte the server sends and splits answers off.
class Client
{
public:
    explicit Client(QTcpSocket *socket = new QTcpSocket)
        : m_socket(socket)
    {
        QObject::connect(m_socket.get(), &QIODevice::readyRead, m_socket.get(),
                         [this] { received += m_socket->readAll(); });
    }

    bool connectTo(quint16 port)
    {
        m_socket->connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([&] { return m_socket->state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes) { m_socket->write(bytes); }

    std::optional<Reply> takeReply()
    {
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const QList<QByteArray> lines = received.left(end).split('\n');
        Reply reply;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || statusLine.first() != "HTTP/1.1")
            return std::nullopt;
        reply.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            reply.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
        }
        const qsizetype length = reply.header("content-length").toLongLong();
        if (received.size() < end + 4 + length)
            return std::nullopt;
        reply.body = received.mid(end + 4, length);
        received.remove(0, end + 4 + length);
        return reply;
    }

    std::optional<Reply> waitReply(int timeoutMs = 5000)
    {
        std::optional<Reply> reply;
        const bool arrived = QTest::qWaitFor([&] { return (reply = takeReply()).has_value(); }, timeoutMs);
        Q_UNUSED(arrived); // reply says it
        return reply;
    }

    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return m_socket->state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    bool isConnected() const { return m_socket->state() == QAbstractSocket::ConnectedState; }
    QTcpSocket *socket() const { return m_socket.get(); }

    QByteArray received;

private:
    std::unique_ptr<QTcpSocket> m_socket;
};

inline QByteArray get(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: relay\r\n" + extra + "\r\n";
}

inline QByteArray post(const QByteArray &target, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST " + target + " HTTP/1.1\r\nHost: relay\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n" + extra + "\r\n" + body;
}

} // namespace RawHttp
