#pragma once

#include <QByteArray>
#include <QTcpSocket>

namespace Relaydesk::Http {

// A server-side QTcpSocket that gathers what is written during one pass of the
// event loop and sends it with one send() when control returns to the loop;
// only what the kernel does not take goes to Qt's own write buffer.
// Why: a buffered QTcpSocket keeps a 32 KiB write chunk for good after its first
// write, and toggles its write notifier on every flush (glib rewrites a linked
// list of all notifiers each time). With a thousand agents that was most of the
// relay's memory per agent and a third of its CPU (bench/profiles,
// docs/benchmarks.md). Qt ignores QIODevice::Unbuffered in setSocketDescriptor().
class DirectTcpSocket : public QTcpSocket
{
    Q_OBJECT
public:
    using QTcpSocket::QTcpSocket;

    qint64 bytesToWrite() const override { return QTcpSocket::bytesToWrite() + m_gathered.size(); }
    void disconnectFromHost() override;
    void close() override;

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void sendGathered();

    QByteArray m_gathered;
    bool m_sendQueued = false;
};

} // namespace Relaydesk::Http
