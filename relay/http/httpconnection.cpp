#include "httpconnection.h"

#include "httpbodybuffer.h"
#include "httpchunkeddecoder.h"
#include "httplogging.h"

#include <QDir>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace Relaydesk::Http {

namespace {

// How long a closing connection may take to flush its answer and see the client's
// FIN before it is aborted.
constexpr int kMaxLingerMs = 2000;

QByteArray orDash(const QByteArray &s) { return s.isEmpty() ? QByteArrayLiteral("-") : s; }

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, bool counted)
    : QObject(server)
    , m_socket(socket)
    , m_server(server)
    , m_counted(counted)
{
    m_socket->setParent(this);
    // Bound what Qt buffers for us: while a request is being handled the client's
    // next bytes wait in the kernel (TCP backpressure), not in our memory. Must
    // hold a whole head, since heads are peeked, not read.
    m_socket->setReadBufferSize(qMax<qint64>(m_server->m_options.limits.maxHeadBytes, 64 * 1024));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onDeadline);
    connectSocket();
    // The head deadline runs from accept, so it also covers a slow TLS handshake.
    startTimer(m_server->m_options.headTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        scheduleProcessInput();
}

HttpConnection::~HttpConnection()
{
    if (m_socket)
        m_socket->disconnect(this);
    releaseSlot();
}

void HttpConnection::connectSocket()
{
    connect(m_socket, &QIODevice::readyRead, this, [this] {
        if (m_state == State::Closing)
            m_socket->skip(m_socket->bytesAvailable()); // the answer is final; drop the rest
        else if (m_state != State::Handling)
            processInput();
    });
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::onSocketGone);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcHttp) << "socket error from" << m_socket->peerAddress().toString() << error;
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onSocketGone();
    });
}

void HttpConnection::startTimer(int ms)
{
    m_timer.start(qMax(ms, 1));
}

void HttpConnection::scheduleProcessInput()
{
    // Queued, so that a handler answering synchronously does not recurse into the
    // next pipelined request, and so output gets a chance to flush in between.
    if (m_processQueued)
        return;
    m_processQueued = true;
    QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::processInput()
{
    m_processQueued = false;
    if (!m_socket)
        return;
    const HttpServer::Options &options = m_server->m_options;

    if (m_state == State::Idle || m_state == State::ReadingHead) {
        const qint64 available = m_socket->bytesAvailable();
        if (available == 0) {
            if (m_state == State::Idle && m_closeWhenIdle)
                closeQuietly();
            return;
        }
        if (m_state == State::Idle) {
            m_state = State::ReadingHead;
            m_headBytesSeen = 0;
            startTimer(options.headTimeoutMs);
        }
        if (available == m_headBytesSeen)
            return; // nothing new since the last look
        m_headBytesSeen = available;

        HttpRequestParser::Limits limits = options.limits;
        limits.maxBodyBytes = m_server->largestBodyLimit(); // per-route check follows
        HttpRequestParser parser(limits);
        const QByteArray head = m_socket->peek(options.limits.maxHeadBytes);
        switch (parser.parseHead(head)) {
        case HttpRequestParser::Result::NeedMore:
            return;
        case HttpRequestParser::Result::Error:
            sendError(parser.errorStatus(), parser.errorDetail(), parser.request());
            return;
        case HttpRequestParser::Result::Complete:
            handleHead(parser);
            return;
        }
        return;
    }

    if (m_state == State::ReadingBody)
        readBody();
}

void HttpConnection::readBody()
{
    if (m_chunked) {
        readChunkedBody();
        return;
    }
    const qint64 want = qMin(m_bodyExpected - m_body->size(), m_socket->bytesAvailable());
    if (want <= 0)
        return;
    // The budget is checked before the bytes leave the socket, so over it they are never read.
    if (!m_body->fits(want)) {
        refuseOverBudget(m_request, m_body->kind());
        return;
    }
    if (!keepBodyBytes(m_socket->read(want)))
        return;
    if (m_body->size() == m_bodyExpected)
        dispatch();
}

// The framing is decoded from a peek, so that what follows the body (a pipelined
// request) stays in the socket, and an unfinished chunk-size line is looked at
// again when more arrives.
void HttpConnection::readChunkedBody()
{
    const QByteArray received = m_socket->peek(m_socket->bytesAvailable());
    QByteArray decoded;
    qsizetype used = 0;
    const HttpChunkedDecoder::Result result = m_chunked->feed(received, &used, &decoded);
    if (!decoded.isEmpty() && !m_body->fits(decoded.size())) {
        refuseOverBudget(m_request, m_body->kind());
        return;
    }
    m_socket->skip(used);
    if (!keepBodyBytes(decoded))
        return;
    switch (result) {
    case HttpChunkedDecoder::Result::NeedMore:
        return;
    case HttpChunkedDecoder::Result::Error:
        // Bad framing (400) leaves nothing after it trustworthy, and over the limit
        // (413) nothing more is read: either way the answer closes the connection.
        qCInfo(lcHttp).noquote() << m_socket->peerAddress().toString() << "chunked body refused:"
                                 << m_chunked->errorDetail();
        sendError(m_chunked->errorStatus(), m_chunked->errorDetail(), m_request);
        return;
    case HttpChunkedDecoder::Result::Complete:
        m_chunked.reset();
        dispatch();
        return;
    }
}

// Keeps body bytes in m_body; false (after answering) when they cannot be kept.
bool HttpConnection::keepBodyBytes(const QByteArray &bytes)
{
    switch (m_body->append(bytes)) {
    case HttpBodyBuffer::Status::Ok:
        return true;
    case HttpBodyBuffer::Status::OverBudget:
        refuseOverBudget(m_request, m_body->kind());
        return false;
    case HttpBodyBuffer::Status::WriteFailed:
        qCWarning(lcHttp) << "cannot write a request body to its temporary file (disk full?)";
        sendError(507, QByteArrayLiteral("the request body could not be stored"), m_request);
        return false;
    }
    return false;
}

// Prepares m_body for the request's body, or answers (and returns false) when the
// body could not be held now.
bool HttpConnection::startBody(const HttpServer::RouteOptions &route, const HttpRequest &request,
                               qint64 declaredLength, bool chunked)
{
    m_body = std::make_unique<HttpBodyBuffer>(m_server->m_bodyBudget);
    const HttpBodyBudget::Kind kind = route.bodyToFile ? HttpBodyBudget::Kind::File : HttpBodyBudget::Kind::Memory;
    if (declaredLength > m_server->m_bodyBudget.available(kind)) {
        refuseOverBudget(request, kind);
        return false;
    }
    if (route.bodyToFile && (declaredLength > 0 || chunked)) {
        const QString directory = m_server->m_options.bodyFileDirectory.isEmpty()
            ? QDir::tempPath() : m_server->m_options.bodyFileDirectory;
        QString error;
        if (!m_body->openFile(directory, &error)) {
            qCWarning(lcHttp).noquote() << "cannot create a temporary file for a request body in" << directory
                                        << ":" << error;
            sendError(500, QByteArrayLiteral("the request body could not be stored"), request);
            return false;
        }
    }
    return true;
}

void HttpConnection::refuseOverBudget(const HttpRequest &request, HttpBodyBudget::Kind kind)
{
    const bool memory = kind == HttpBodyBudget::Kind::Memory;
    qCWarning(lcHttp).noquote() << m_socket->peerAddress().toString() << "refused: request bodies held"
                                << (memory ? "in memory" : "in temporary files") << "are at their cap";
    HttpResponse response = HttpResponse::error(503, QByteArrayLiteral("too many request bodies at once; try again"));
    response.headers.append(
        { QByteArrayLiteral("Retry-After"), QByteArray::number(m_server->m_options.retryAfterSeconds) });
    QPointer<HttpConnection> guard(this);
    emit m_server->connectionRefused(memory ? HttpServer::Refusal::BodyMemoryFull
                                            : HttpServer::Refusal::BodyFilesFull);
    if (guard && m_socket)
        send(response, request, false);
}

void HttpConnection::handleHead(const HttpRequestParser &parser)
{
    HttpRequest request = parser.request();
    request.peer = m_socket->peerAddress();
    m_headBytesSeen = 0;

    if (tryUpgrade(request, parser.headLength()))
        return;

    const qint64 contentLength = parser.contentLength();
    const bool chunked = parser.isChunked();
    const bool bodyless = contentLength == 0 && !chunked;
    bool pathKnown = false;
    const HttpServer::Route *route = m_server->findRoute(request.method, request.path, &pathKnown);
    if (!route) {
        HttpResponse response;
        if (!pathKnown) {
            response = HttpResponse::error(404);
        } else if (m_server->m_upgradeHandler && request.path == m_server->m_upgradePath
                   && request.method == QByteArrayView("GET")) {
            response = HttpResponse::error(400, QByteArrayLiteral("WebSocket upgrade expected"));
        } else {
            response = HttpResponse::error(405);
            response.headers.append({ QByteArrayLiteral("Allow"), m_server->allowedMethods(request.path) });
        }
        // Without a body the framing is intact and the connection can stay; with
        // one we would have to read bytes nobody wants, so close instead.
        m_socket->skip(parser.headLength());
        send(response, request, bodyless && request.keepAlive());
        return;
    }

    const HttpServer::RouteOptions &routeOptions = route->options;
    if (routeOptions.checkHead) {
        if (const std::optional<HttpResponse> refusal = routeOptions.checkHead(request)) {
            // Refused from the head (a missing token, say): not a byte of the body
            // is read. Without a body the framing is intact and the connection can stay.
            if (bodyless)
                m_socket->skip(parser.headLength());
            send(*refusal, request, bodyless && request.keepAlive());
            return;
        }
    }

    const qint64 limit = routeOptions.maxBodyBytes < 0 ? m_server->m_options.limits.maxBodyBytes
                                                       : routeOptions.maxBodyBytes;
    if (contentLength > limit) {
        // Refused from Content-Length alone, before a byte of the body is read.
        sendError(413, QByteArrayLiteral("body exceeds ") + QByteArray::number(limit) + " bytes", request);
        return;
    }

    m_sendContinue = false;
    if (request.version == QByteArrayView("HTTP/1.1") && request.hasHeader("expect")) {
        const QByteArray expect = request.header("expect").trimmed();
        if (expect.compare(QByteArrayView("100-continue"), Qt::CaseInsensitive) != 0) {
            sendError(417, QByteArrayLiteral("only 100-continue is supported"), request);
            return;
        }
        m_sendContinue = !bodyless;
    }

    if (!startBody(routeOptions, request, contentLength, chunked))
        return;
    m_socket->skip(parser.headLength());
    m_request = request;
    m_handler = route->handler;
    m_bodyExpected = contentLength;
    // Decoded within the route's limit: over it, 413 and nothing more is read.
    m_chunked = chunked ? std::make_unique<HttpChunkedDecoder>(limit, m_server->m_options.limits.maxHeadBytes)
                        : nullptr;
    if (bodyless) {
        dispatch();
        return;
    }
    m_state = State::ReadingBody;
    startTimer(m_server->m_options.bodyTimeoutMs);
    if (m_sendContinue && m_socket->bytesAvailable() == 0)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    if (m_socket->bytesAvailable() > 0)
        processInput();
}

bool HttpConnection::tryUpgrade(const HttpRequest &request, qsizetype headLength)
{
    if (!m_server->m_upgradeHandler || request.path != m_server->m_upgradePath
        || request.method != QByteArrayView("GET") || !request.isWebSocketUpgrade())
        return false;

    if (m_server->m_upgradeCheck) {
        if (const std::optional<HttpResponse> refusal = m_server->m_upgradeCheck(request)) {
            m_socket->skip(headLength);
            send(*refusal, request, false);
            return true;
        }
    }

    // Hand over the socket with the head still unread, so QWebSocketServer's
    // handshake runs from the bytes already buffered. Nothing of ours may stay
    // attached to it.
    QTcpSocket *socket = m_socket;
    m_timer.stop();
    socket->disconnect(this);
    socket->setReadBufferSize(0);
    socket->setParent(nullptr);
    m_socket = nullptr;
    m_state = State::Closed;
    releaseSlot();

    const HttpServer::UpgradeHandler handler = m_server->m_upgradeHandler;
    if (!handler(request, socket)) {
        m_socket = socket;
        m_socket->setParent(this);
        connectSocket();
        m_state = State::ReadingHead;
        sendError(400, QByteArrayLiteral("WebSocket upgrade refused"), request);
        return true;
    }
    qCInfo(lcHttp).noquote() << request.peer.toString() << request.method << request.path << 101 << "upgraded";
    QPointer<HttpConnection> guard(this);
    emit m_server->requestServed(request.method, request.path, 101);
    if (guard)
        deleteLater();
    return true;
}

void HttpConnection::dispatch()
{
    m_state = State::Handling;
    m_timer.stop();
    if (m_body && !m_body->moveInto(m_request)) {
        qCWarning(lcHttp) << "cannot read back a request body from its temporary file";
        sendError(500, QByteArrayLiteral("the request body could not be stored"), m_request);
        return;
    }
    const HttpServer::Handler handler = m_handler; // the handler may outlive a route change
    const HttpResponder responder(this, ++m_requestId);
    handler(m_request, responder);
}

bool HttpConnection::isAwaiting(quint64 requestId) const
{
    return m_socket && m_state == State::Handling && requestId == m_requestId
        && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpConnection::respond(quint64 requestId, const HttpResponse &response)
{
    if (!isAwaiting(requestId)) {
        qCDebug(lcHttp) << "response ignored: request already answered or connection closed";
        return;
    }
    const bool keepAlive = m_request.keepAlive() && !m_closeWhenIdle;
    send(response, m_request, keepAlive);
}

void HttpConnection::sendError(int status, const QByteArray &detail, const HttpRequest &request)
{
    if (status == 413) {
        QPointer<HttpConnection> guard(this);
        emit m_server->requestTooLarge(request.method, request.path);
        if (!guard || !m_socket)
            return;
    }
    // After a refused head the framing of what follows is unknown: always close.
    send(HttpResponse::error(status, detail), request, false);
}

void HttpConnection::refuse(const HttpResponse &response)
{
    send(response, HttpRequest(), false);
}

void HttpConnection::send(const HttpResponse &response, const HttpRequest &request, bool keepAlive)
{
    QByteArray bytes = response.serialize(keepAlive);
    if (request.method == QByteArrayView("HEAD") && bytes.endsWith(response.body))
        bytes.chop(response.body.size());
    const qint64 pendingBefore = m_socket->bytesToWrite();
    m_socket->write(bytes);

    // Method, path (no query) and status only: header values and bodies carry secrets.
    qCInfo(lcHttp).noquote() << m_socket->peerAddress().toString() << orDash(request.method)
                             << orDash(request.path) << response.status;
    QPointer<HttpConnection> guard(this);
    emit m_server->requestServed(request.method, request.path, response.status);
    if (!guard || !m_socket)
        return;
    // Answered: the body's bytes go back to the server's budget.
    m_body.reset();
    m_chunked.reset();
    m_request.body = QByteArray();
    m_request.bodyFile.reset();

    if (pendingBefore > m_server->m_options.maxPendingWriteBytes) {
        // Earlier answers are still unread: the client is not reading.
        qCWarning(lcHttp).noquote() << m_socket->peerAddress().toString() << "closing: client does not read,"
                                    << pendingBefore << "bytes pending";
        m_socket->abort();
        onSocketGone();
        return;
    }
    if (!keepAlive) {
        closeAfterWriting();
        return;
    }
    m_state = State::Idle;
    m_request = HttpRequest();
    m_handler = nullptr;
    startTimer(m_server->m_options.idleTimeoutMs);
    scheduleProcessInput();
}

void HttpConnection::closeWhenIdle()
{
    m_closeWhenIdle = true;
    if (m_state == State::Idle || (m_state == State::ReadingHead && m_socket && m_socket->bytesAvailable() == 0))
        closeQuietly();
}

void HttpConnection::closeQuietly()
{
    if (!m_socket)
        return;
    if (m_socket->bytesToWrite() > 0) {
        m_socket->abort(); // a reader that stalled on an earlier answer
        onSocketGone();
        return;
    }
    closeAfterWriting();
}

void HttpConnection::closeAfterWriting()
{
    m_state = State::Closing;
    startTimer(qMin(kMaxLingerMs, m_server->m_options.headTimeoutMs));
    m_socket->skip(m_socket->bytesAvailable());
    if (qobject_cast<QSslSocket *>(m_socket)) {
        m_socket->disconnectFromHost(); // flushes, sends close_notify, then closes
        return;
    }
    if (m_socket->bytesToWrite() == 0)
        finishClose();
}

void HttpConnection::onBytesWritten()
{
    if (m_state == State::Closing && !m_halfClosed && m_socket && m_socket->bytesToWrite() == 0)
        finishClose();
}

void HttpConnection::finishClose()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
#ifdef Q_OS_UNIX
    // Lingering close: closing a socket with unread input makes the kernel send RST,
    // which can destroy our answer (a 413, say) before the client reads it. So send
    // FIN only, keep discarding input until the client closes, and abort at the
    // linger deadline.
    if (::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0) {
        m_halfClosed = true;
        return;
    }
#endif
    m_socket->disconnectFromHost();
}

void HttpConnection::onDeadline()
{
    if (!m_socket)
        return;
    const QString peer = m_socket->peerAddress().toString();
    switch (m_state) {
    case State::Idle:
        qCDebug(lcHttp).noquote() << peer << "idle keep-alive connection closed";
        closeQuietly();
        return;
    case State::ReadingHead:
        if (m_socket->bytesAvailable() == 0) {
            // Nothing sent at all (a preconnect, a port scan): no answer owed.
            qCDebug(lcHttp).noquote() << peer << "closed: no request within the head deadline";
            closeQuietly();
            return;
        }
        qCInfo(lcHttp).noquote() << peer << "request head not complete within" << m_server->m_options.headTimeoutMs
                                 << "ms";
        sendError(408, QByteArrayLiteral("request head not received in time"), HttpRequest());
        return;
    case State::ReadingBody:
        qCInfo(lcHttp).noquote() << peer << "request body not complete within" << m_server->m_options.bodyTimeoutMs
                                 << "ms";
        sendError(408, QByteArrayLiteral("request body not received in time"), m_request);
        return;
    case State::Closing:
        m_socket->abort();
        onSocketGone();
        return;
    case State::Handling:
    case State::Closed:
        return;
    }
}

void HttpConnection::onSocketGone()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_timer.stop();
    releaseSlot();
    deleteLater();
}

void HttpConnection::releaseSlot()
{
    if (m_counted) {
        m_counted = false;
        --m_server->m_connections;
    }
}

} // namespace Relaydesk::Http
