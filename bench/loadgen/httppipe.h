#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>

namespace Relaydesk::Bench {

// One keep-alive HTTP/1.1 connection that carries one request at a time. Raw
// TCP rather than QNetworkAccessManager: QNAM allows six connections per host
// and costs more per request than the servers being measured.
class HttpPipe : public QObject
{
    Q_OBJECT
public:
    HttpPipe(QString host, quint16 port, QObject *parent = nullptr);

    bool isIdle() const { return !m_busy; }
    void send(QByteArray request); // a whole request: head and body

signals:
    void answered(int status, qint64 sentNs, qint64 answeredNs);
    void failed(const QString &reason, qint64 sentNs);

private:
    void onReadyRead();

    QTcpSocket m_socket;
    QString m_host;
    quint16 m_port;
    QByteArray m_pending;  // written once connected
    QByteArray m_response;
    qint64 m_sentNs = 0;
    bool m_busy = false;
};

} // namespace Relaydesk::Bench
