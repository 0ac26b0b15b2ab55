#include "directtcpsocket.h"

#include <cerrno>
#include <sys/socket.h>

namespace Relaydesk::Http {

qint64 DirectTcpSocket::writeData(const char *data, qint64 size)
{
    // Once Qt holds a backlog (the kernel was full), new bytes queue behind it there.
    if (QTcpSocket::bytesToWrite() > 0 || state() != ConnectedState)
        return QTcpSocket::writeData(data, size);
    m_gathered.append(data, size);
    if (!m_sendQueued) {
        m_sendQueued = true;
        QMetaObject::invokeMethod(this, &DirectTcpSocket::sendGathered, Qt::QueuedConnection);
    }
    return size;
}

void DirectTcpSocket::sendGathered()
{
    m_sendQueued = false;
    if (m_gathered.isEmpty())
        return;
    QByteArray bytes;
    bytes.swap(m_gathered); // and the gathered memory goes when this returns
    if (state() != ConnectedState)
        return; // aborted meanwhile: nothing to send to
    qint64 sent;
    do {
        sent = ::send(int(socketDescriptor()), bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    // EAGAIN (kernel full) or an error: Qt's buffer takes the rest, and its write
    // path reports a real error through the usual signals.
    sent = qMax<qint64>(sent, 0);
    if (sent < bytes.size())
        QTcpSocket::writeData(bytes.constData() + sent, bytes.size() - sent);
    if (sent > 0)
        emit bytesWritten(sent);
}

void DirectTcpSocket::disconnectFromHost()
{
    sendGathered();
    QTcpSocket::disconnectFromHost();
}

void DirectTcpSocket::close()
{
    sendGathered();
    QTcpSocket::close();
}

} // namespace Relaydesk::Http
