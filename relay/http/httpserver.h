#pragma once

#include "httpbodybudget.h"
#include "httprequest.h"
#include "httprequestparser.h"
#include "httpresponse.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>
#include <optional>

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
// request head within limits, refuses oversized or slow requests before
// buffering them, decodes chunked bodies within the same limits, lets a route refuse a request from its head alone (before any
// body byte is read), keeps the bytes of bodies held at once under global caps,
// answers plain routes through handlers, and hands WebSocket upgrades to an
// upgrade handler with the head still unread in the socket, so
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
        // Bytes of request bodies held at once across all connections, in memory and
        // in temporary files; a request that would pass either gets 503 with Retry-After.
        qint64 maxBodyMemoryBytes = 64 * 1024 * 1024;
        qint64 maxBodyFileBytes = 1024LL * 1024 * 1024;
        int retryAfterSeconds = 5;
        // Where bodies of RouteOptions::bodyToFile routes go; empty: the system's temp
        // folder. When set, listen() creates it (0700) and removes files left by a crash.
        QString bodyFileDirectory;
    };
    using Handler = std::function<void(const HttpRequest &request, const HttpResponder &responder)>;
    // Takes the socket (and its ownership) for an upgrade; returns false to let the server answer 400.
    using UpgradeHandler = std::function<bool(const HttpRequest &request, QTcpSocket *socket)>;
    // Looks at a request's head (request.body is empty) before a byte of its body
    // is read: a response refuses the request (e.g. 401) and the body is never read.
    using HeadCheck = std::function<std::optional<HttpResponse>(const HttpRequest &head)>;

    struct RouteOptions
    {
        qint64 maxBodyBytes = -1; // < 0: options().limits.maxBodyBytes
        HeadCheck checkHead;
        // The body is streamed to a 0600 temporary file (HttpRequest::bodyFile) rather
        // than memory, counted against maxBodyFileBytes.
        bool bodyToFile = false;
    };

    // Why a connection was refused and closed (the relay counts them in /metrics).
    enum class Refusal {
        TooManyConnections, // maxConnections
        BodyMemoryFull,     // maxBodyMemoryBytes
        BodyFilesFull,      // maxBodyFileBytes
    };
    Q_ENUM(Refusal)

    explicit HttpServer(QObject *parent = nullptr);
    explicit HttpServer(const Options &options, QObject *parent = nullptr);
    ~HttpServer() override;

    // maxBodyBytes < 0 uses options().limits.maxBodyBytes. A path ending in "/*"
    // matches every path under that prefix.
    void route(const QByteArray &method, const QByteArray &path, Handler handler, qint64 maxBodyBytes = -1);
    void route(const QByteArray &method, const QByteArray &path, Handler handler, const RouteOptions &options);
    // check, if given, can refuse an upgrade from its head (e.g. 503 over a cap).
    void setUpgradeHandler(const QByteArray &path, UpgradeHandler handler, HeadCheck check = {});
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
    // Bytes of request bodies held now, in memory and in temporary files.
    qint64 bodyBytesInMemory() const { return m_bodyBudget.inUse(HttpBodyBudget::Kind::Memory); }
    qint64 bodyBytesInFiles() const { return m_bodyBudget.inUse(HttpBodyBudget::Kind::File); }

signals:
    void requestServed(const QByteArray &method, const QByteArray &path, int status);
    void connectionRefused(Relaydesk::Http::HttpServer::Refusal reason);
    // A request refused with 413 for its body's size (Content-Length or chunks over the limit).
    void requestTooLarge(const QByteArray &method, const QByteArray &path);

private:
    friend class HttpConnection;
    struct Route { QByteArray method; QByteArray path; Handler handler; RouteOptions options; };
    const Route *findRoute(const QByteArray &method, const QByteArray &path, bool *pathKnown) const;
    QByteArray allowedMethods(const QByteArray &path) const;
    qint64 largestBodyLimit() const;
    void onNewConnection();
    void prepareBodyFileDirectory();

    Options m_options;
    HttpBodyBudget m_bodyBudget;
    QTcpServer *m_server = nullptr;
    QList<Route> m_routes;
    QByteArray m_upgradePath;
    UpgradeHandler m_upgradeHandler;
    HeadCheck m_upgradeCheck;
    int m_connections = 0;
    bool m_stopping = false;
};

} // namespace Relaydesk::Http
