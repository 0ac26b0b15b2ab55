#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>
#include <QUrl>

namespace Relaydesk::Bench {

// The client half of RFC 6455 over a QTcpSocket, as lean as an agent process with
// hundreds of connections needs: text payloads are handed over as the bytes that
// arrived (no UTF-16 copy, no per-frame objects), pings are answered, and reads
// can be stopped to play a consumer that has stopped reading. QWebSocket made the
// harness cost more CPU than the servers it measured (docs/benchmarks.md).
class WebSocketStream : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    explicit WebSocketStream(QObject *parent = nullptr);

    void open(const QUrl &url, const Headers &headers = {}); // ws:// only
    void sendText(const QByteArray &payload);
    void close(quint16 code = 1000); // sends a close frame, then drops the connection
    void abort();
    // Stop taking bytes from the kernel: the server's writes back up.
    void stopReading();

    bool isOpen() const { return m_open; }
    int closeCode() const { return m_closeCode; }

signals:
    void connected();
    void textReceived(const QByteArray &payload);
    void disconnected(); // after connected(): closed by either side or the network
    void failed(const QString &reason); // before connected(): no upgrade

private:
    void onReadyRead();
    bool parseHandshake();
    void parseFrames();
    void sendFrame(quint8 opcode, const QByteArray &payload);
    void finish();

    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_in;
    QByteArray m_fragments;  // a fragmented text message so far
    bool m_upgraded = false;
    bool m_open = false;
    bool m_reading = true;
    bool m_finished = false;
    int m_closeCode = 0;
};

} // namespace Relaydesk::Bench
