#pragma once

#include "httprequest.h"
#include "httprequestparser.h"
#include "httpresponse.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Relaydesk::Http {

class HttpConnection;

// Answers one request, possibly later (the webhook answers after its events are
// committed). Copyable; if the client has gone away meanwhile, respond() does nothing.
class HttpResponder
{
public:
    HttpResponder() = default;
    HttpResponder(HttpConnection *connection, quint64 requestId);
    void respond(const HttpResponse &response) const;
    bool isConnected() const;

private:
    QPointer<HttpConnection> m_connection;
    quint64 m_requestId = 0;
};

// The relay's own strict HTTP/1.1 front door on QTcpServer (or TLS). It reads the
// request head within limits, refuses oversized, chunked or slow requests before
// buffering them, answers plain routes through handlers, and hands WebSocket
// upgrades to an upgrade handler with the head still unread in the socket, so
// QWebSocketServer::handleConnection() can complete the handshake.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        HttpRequestParser::Limits limits;
        int headTimeoutMs = 10'000;  // the whole head must arrive within this
        int bodyTimeoutMs = 30'000;  // and the body within this after the head
        int idleTimeoutMs = 30'000;  // keep-alive connections idle longer are closed
        int maxConnections = 1024;   // over this, new connections get 503 and are closed
        qint64 maxPendingWriteBytes = 4 * 1024 * 1024;
    };
    using Handler = std::function<void(const HttpRequest &request, const HttpResponder &responder)>;
    // Takes the socket (and its ownership) for an upgrade; returns false to let the server answer 400.
    using UpgradeHandler = std::function<bool(const HttpRequest &request, QTcpSocket *socket)>;

    explicit HttpServer(QObject *parent = nullptr);
    explicit HttpServer(const Options &options, QObject *parent = nullptr);
    ~HttpServer() override;

    // maxBodyBytes < 0 uses options().limits.maxBodyBytes. A path ending in "/*"
    // matches every path under that prefix.
    void route(const QByteArray &method, const QByteArray &path, Handler handler, qint64 maxBodyBytes = -1);
    void setUpgradeHandler(const QByteArray &path, UpgradeHandler handler);
    // Enables direct TLS for connections accepted from now on.
    void setSslConfiguration(const QSslConfiguration &configuration);

    bool listen(const QHostAddress &address, quint16 port);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    // Stops accepting; open connections finish their current request and close.
    void stopListening();

    int connectionCount() const;
    const Options &options() const { return m_options; }

signals:
    void requestServed(const QByteArray &method, const QByteArray &path, int status);
    void connectionRefused(const QString &reason);

private:
    friend class HttpConnection;
    struct Route { QByteArray method; QByteArray path; Handler handler; qint64 maxBodyBytes; };
    const Route *findRoute(const QByteArray &method, const QByteArray &path, bool *pathKnown) const;
    QByteArray allowedMethods(const QByteArray &path) const;
    qint64 largestBodyLimit() const;
    void onNewConnection();

    Options m_options;
    QTcpServer *m_server = nullptr;
    QList<Route> m_routes;
    QByteArray m_upgradePath;
    UpgradeHandler m_upgradeHandler;
    int m_connections = 0;
    bool m_stopping = false;
};

} // namespace Relaydesk::Http
