#include "httpserver.h"

#include "directtcpsocket.h"
#include "httpconnection.h"
#include "httplogging.h"

#include <QDir>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>

#include <optional>

namespace Relaydesk::Http {

namespace {

// Plain QTcpServer, or direct TLS when configured. TLS is started here rather than
// with QSslServer so that the handshake runs inside the connection's head deadline
// and after the maxConnections check, instead of before either applies.
class AcceptingServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::optional<QSslConfiguration> tls;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (!tls) {
            auto *socket = new DirectTcpSocket(this);
            if (!socket->setSocketDescriptor(descriptor)) {
                qCWarning(lcHttp) << "cannot adopt accepted socket:" << socket->errorString();
                delete socket;
                return;
            }
            addPendingConnection(socket);
            return;
        }
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcHttp) << "cannot adopt accepted socket:" << socket->errorString();
            delete socket;
            return;
        }
        socket->setSslConfiguration(*tls);
        socket->startServerEncryption();
        addPendingConnection(socket);
    }
};

} // namespace

HttpResponder::HttpResponder(HttpConnection *connection, quint64 requestId)
    : m_connection(connection)
    , m_requestId(requestId)
{
}

void HttpResponder::respond(const HttpResponse &response) const
{
    if (m_connection)
        m_connection->respond(m_requestId, response);
}

bool HttpResponder::isConnected() const
{
    return m_connection && m_connection->isAwaiting(m_requestId);
}

HttpServer::HttpServer(QObject *parent)
    : HttpServer(Options(), parent)
{
}

HttpServer::HttpServer(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_bodyBudget(options.maxBodyMemoryBytes, options.maxBodyFileBytes)
    , m_server(new AcceptingServer(this))
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer()
{
    // Connections reach back into the server while they die; end them while it is whole.
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

void HttpServer::route(const QByteArray &method, const QByteArray &path, Handler handler, qint64 maxBodyBytes)
{
    RouteOptions options;
    options.maxBodyBytes = maxBodyBytes;
    route(method, path, std::move(handler), options);
}

void HttpServer::route(const QByteArray &method, const QByteArray &path, Handler handler, const RouteOptions &options)
{
    for (Route &existing : m_routes) {
        if (existing.method == method && existing.path == path) {
            existing.handler = std::move(handler);
            existing.options = options;
            return;
        }
    }
    m_routes.append({ method, path, std::move(handler), options });
}

void HttpServer::setUpgradeHandler(const QByteArray &path, UpgradeHandler handler, HeadCheck check)
{
    m_upgradePath = path;
    m_upgradeHandler = std::move(handler);
    m_upgradeCheck = std::move(check);
}

void HttpServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (!QSslSocket::supportsSsl())
        qCWarning(lcHttp) << "TLS requested but no TLS backend is available; connections will fail";
    if (configuration.localCertificate().isNull() || configuration.privateKey().isNull())
        qCWarning(lcHttp) << "TLS configuration has no certificate or private key";
    static_cast<AcceptingServer *>(m_server)->tls = configuration;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_stopping = false;
    prepareBodyFileDirectory();
    if (!m_server->listen(address, port)) {
        qCWarning(lcHttp).noquote() << "cannot listen on" << address.toString() << port << ":"
                                    << m_server->errorString();
        return false;
    }
    qCInfo(lcHttp).noquote() << "listening on" << m_server->serverAddress().toString() << m_server->serverPort()
                             << (static_cast<AcceptingServer *>(m_server)->tls ? "(TLS)" : "");
    return true;
}

void HttpServer::prepareBodyFileDirectory()
{
    const QString directory = m_options.bodyFileDirectory;
    if (directory.isEmpty())
        return;
    if (!QDir().mkpath(directory))
        qCWarning(lcHttp).noquote() << "cannot create" << directory << "for request bodies";
    QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Bodies of requests cut short by a crash or kill -9: nobody will read them.
    const QStringList leftovers = QDir(directory).entryList({ QStringLiteral("body-*") }, QDir::Files | QDir::Hidden);
    for (const QString &name : leftovers)
        QFile::remove(QDir(directory).filePath(name));
    if (!leftovers.isEmpty())
        qCInfo(lcHttp) << "removed" << leftovers.size() << "request bodies left by an earlier run";
}

quint16 HttpServer::serverPort() const
{
    return m_server->serverPort();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server->serverAddress();
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

void HttpServer::stopListening()
{
    m_server->close();
    m_stopping = true;
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections)
        connection->closeWhenIdle();
}

int HttpServer::connectionCount() const
{
    return m_connections;
}

// A route path ending in "/*" matches every path under that prefix.
static bool routeMatches(const QByteArray &routePath, const QByteArray &path)
{
    if (routePath.endsWith("/*"))
        return path.startsWith(routePath.chopped(1));
    return routePath == path;
}

const HttpServer::Route *HttpServer::findRoute(const QByteArray &method, const QByteArray &path,
                                               bool *pathKnown) const
{
    bool known = !m_upgradePath.isEmpty() && m_upgradeHandler && path == m_upgradePath;
    const Route *found = nullptr;
    for (const Route &route : m_routes) {
        if (!routeMatches(route.path, path))
            continue;
        known = true;
        if (route.method == method) {
            found = &route;
            break;
        }
    }
    if (pathKnown)
        *pathKnown = known;
    return found;
}

QByteArray HttpServer::allowedMethods(const QByteArray &path) const
{
    QList<QByteArray> methods;
    if (m_upgradeHandler && path == m_upgradePath)
        methods.append(QByteArrayLiteral("GET"));
    for (const Route &route : m_routes) {
        if (routeMatches(route.path, path) && !methods.contains(route.method))
            methods.append(route.method);
    }
    return methods.join(", ");
}

qint64 HttpServer::largestBodyLimit() const
{
    qint64 largest = m_options.limits.maxBodyBytes;
    for (const Route &route : m_routes)
        largest = qMax(largest, route.options.maxBodyBytes);
    return largest;
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections >= m_options.maxConnections) {
            qCWarning(lcHttp).noquote() << "refusing" << socket->peerAddress().toString() << ": already"
                                        << m_connections << "connections";
            auto *connection = new HttpConnection(socket, this, false);
            connection->refuse(HttpResponse::error(503, QByteArrayLiteral("too many connections")));
            emit connectionRefused(Refusal::TooManyConnections);
            continue;
        }
        ++m_connections;
        // No Nagle: an agent gets many small frames (an event, then its conversation);
        // held back until the previous one is acknowledged, each waits out the
        // peer's delayed ACK (40 ms on Linux).
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *connection = new HttpConnection(socket, this, true);
        if (m_stopping)
            connection->closeWhenIdle();
    }
}

} // namespace Relaydesk::Http
