#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;

// A minimal stand-in for the Graph API on 127.0.0.1 (port 0): records every
// request it reads in full and answers all of them the same configured way.
// One request per connection ("Connection: close"), which is all QNAM needs.
class FakeGraphServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // as sent, query included
        QByteArray path;
        QUrlQuery query;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;

        QByteArray header(QByteArrayView name) const;
    };

    explicit FakeGraphServer(QObject *parent = nullptr);

    bool listen();
    quint16 port() const;
    QUrl baseUrl() const;

    void answer(int status, const QByteArray &body,
                const QByteArray &contentType = QByteArrayLiteral("application/json; charset=UTF-8"));
    void closeWithoutAnswer();
    void neverAnswer(); // keeps the connection open and silent

    QList<Request> requests;

signals:
    void requestReceived();

private:
    enum class Behaviour { Answer, Close, Silent };
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket);

    QTcpServer *m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    Behaviour m_behaviour = Behaviour::Answer;
    int m_status = 200;
    QByteArray m_body;
    QByteArray m_contentType;
};
