#pragma once

#include "httprequest.h"
#include "httprequestparser.h"
#include "httpresponse.h"
#include "httpserver.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace Relaydesk::Http {

class HttpBodyBuffer;
class HttpChunkedDecoder;
class HttpServer;

// One client connection. Reads one request at a time (heads are peeked first so a
// WebSocket upgrade can be handed over unread), answers in order, and enforces the
// head, body and idle deadlines and the pending-output cap. Deletes itself when the
// socket closes; HttpResponder holds it through a QPointer.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // counted: whether this connection is within HttpServer's maxConnections.
    HttpConnection(QTcpSocket *socket, HttpServer *server, bool counted);
    ~HttpConnection() override;

    void respond(quint64 requestId, const HttpResponse &response);
    bool isAwaiting(quint64 requestId) const;
    // Answers with response and closes; used for the over-capacity 503.
    void refuse(const HttpResponse &response);
    // Finish the request in progress (if any), then close.
    void closeWhenIdle();

private:
    enum class State { Idle, ReadingHead, ReadingBody, Handling, Closing, Closed };

    void processInput();
    void scheduleProcessInput();
    void handleHead(const HttpRequestParser &parser);
    void dispatch();
    bool tryUpgrade(const HttpRequest &request, qsizetype headLength);
    bool startBody(const HttpServer::RouteOptions &route, const HttpRequest &request, qint64 declaredLength,
                   bool chunked);
    void readBody();
    void readChunkedBody();
    bool keepBodyBytes(const QByteArray &bytes);
    void refuseOverBudget(const HttpRequest &request, HttpBodyBudget::Kind kind);
    void connectSocket();
    void closeQuietly();
    void sendError(int status, const QByteArray &detail, const HttpRequest &request);
    void send(const HttpResponse &response, const HttpRequest &request, bool keepAlive);
    void closeAfterWriting();
    void finishClose();
    void onDeadline();
    void onBytesWritten();
    void onSocketGone();
    void releaseSlot();
    void startTimer(int ms);

    QTcpSocket *m_socket;
    HttpServer *m_server;
    QTimer m_timer;
    State m_state = State::ReadingHead;
    bool m_counted;
    bool m_closeWhenIdle = false;
    bool m_halfClosed = false;
    bool m_processQueued = false;
    HttpRequest m_request;
    HttpServer::Handler m_handler;
    std::unique_ptr<HttpBodyBuffer> m_body; // from the head until the answer is sent
    std::unique_ptr<HttpChunkedDecoder> m_chunked; // while a chunked body is read
    bool m_sendContinue = false;
    qint64 m_bodyExpected = 0;
    quint64 m_requestId = 0;
    qsizetype m_headBytesSeen = 0;
};

} // namespace Relaydesk::Http
