#include "httppipe.h"

#include "benchclock.h"

namespace Relaydesk::Bench {

HttpPipe::HttpPipe(QString host, quint16 port, QObject *parent)
    : QObject(parent), m_host(std::move(host)), m_port(port)
{
    m_socket.setParent(this);
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        if (!m_pending.isEmpty())
            m_socket.write(std::exchange(m_pending, {}));
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpPipe::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (!m_busy)
            return; // an idle keep-alive connection the server closed: reopened on the next send
        m_busy = false;
        m_response.clear();
        m_pending.clear();
        emit failed(m_socket.errorString(), m_sentNs);
    });
}

void HttpPipe::send(QByteArray request)
{
    Q_ASSERT(!m_busy);
    m_busy = true;
    m_response.clear();
    m_sentNs = monotonicNs();
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        m_socket.write(request);
        return;
    }
    // Closed by the server while idle (keep-alive timeout), or never opened.
    m_pending = std::move(request);
    m_socket.abort();
    m_socket.connectToHost(m_host, m_port);
}

void HttpPipe::onReadyRead()
{
    m_response += m_socket.readAll();
    const qsizetype headEnd = m_response.indexOf("\r\n\r\n");
    if (headEnd < 0 || !m_busy)
        return;
    const QByteArray head = m_response.left(headEnd).toLower();
    qsizetype length = 0;
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at >= 0)
        length = head.mid(at + 17, head.indexOf('\r', at + 2) - at - 17).trimmed().toLongLong();
    if (m_response.size() < headEnd + 4 + length)
        return;
    const int status = m_response.mid(9, 3).toInt();
    const bool closeAfter = head.contains("\r\nconnection: close");
    m_response.clear();
    m_busy = false;
    const qint64 now = monotonicNs();
    if (closeAfter)
        m_socket.disconnectFromHost();
    emit answered(status, m_sentNs, now);
}

} // namespace Relaydesk::Bench
