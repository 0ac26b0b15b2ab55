// HttpServer over real sockets on 127.0.0.1: raw QTcpSocket clients send exact bytes
// and parse exact answers, so every limit and deadline is seen from the wire.
#include "httpserver.h"
#include "rawhttpclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>
#include <optional>

using namespace Relaydesk::Http;
using namespace RawHttp;

namespace {

HttpServer::Options quickOptions()
{
    HttpServer::Options options;
    options.headTimeoutMs = 300;
    options.bodyTimeoutMs = 300;
    options.idleTimeoutMs = 300;
    return options;
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void servesRoute();
    void deliversBody();
    void refusals_data();
    void refusals();
    void bodyOverLimitRefusedBeforeReading();
    void perRouteBodyLimit();
    void expectContinue();
    void slowlorisGets408AtHeadDeadline();
    void silentConnectionClosedAtHeadDeadline();
    void slowBodyGets408();
    void idleKeepAliveClosed();
    void maxConnections();
    void pipelinedAnswersInOrder();
    void nextRequestWaitsForAsyncAnswer();
    void connectionCloseHonoured();
    void http10ClosesUnlessKeepAlive();
    void respondAfterDisconnectIsNoop();
    void clientThatDoesNotReadIsClosed();
    void stopListeningFinishesThenCloses();
    void webSocketUpgrade();
    void webSocketUpgradeRefused();
    void tls();
    void secretsAreNeverLogged();

private:
    // Installs recording routes on server: GET /hello, POST /webhook, POST /upload (25 MiB).
    void addRoutes(HttpServer &server);
    QList<HttpRequest> m_seen;
};

void TestHttpServer::init()
{
    m_seen.clear();
}

void TestHttpServer::addRoutes(HttpServer &server)
{
    server.route("GET", "/hello", [this](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::text(200, "hello"));
    });
    server.route("POST", "/webhook", [this](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::json(200, "{\"ok\":true}"));
    });
    server.route(
        "POST", "/upload",
        [this](const HttpRequest &request, const HttpResponder &responder) {
            m_seen.append(request);
            responder.respond(HttpResponse::text(200, QByteArray::number(request.body.size())));
        },
        25 * 1024 * 1024);
}

void TestHttpServer::servesRoute()
{
    HttpServer server;
    addRoutes(server);
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QVERIFY(server.serverPort() != 0);

    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/hello?x=1&y=two"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, QByteArray("hello"));
    QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
    QCOMPARE(reply->header("content-type"), QByteArray("text/plain; charset=utf-8"));

    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().method, QByteArray("GET"));
    QCOMPARE(m_seen.first().path, QByteArray("/hello"));
    QCOMPARE(m_seen.first().target, QByteArray("/hello?x=1&y=two"));
    QCOMPARE(m_seen.first().query.queryItemValue(QStringLiteral("y")), QStringLiteral("two"));
    QCOMPARE(m_seen.first().peer, QHostAddress(QHostAddress::LocalHost));

    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(0).toByteArray(), QByteArray("GET"));
    QCOMPARE(served.first().at(1).toByteArray(), QByteArray("/hello"));
    QCOMPARE(served.first().at(2).toInt(), 200);
    QCOMPARE(server.connectionCount(), 1);
}

void TestHttpServer::deliversBody()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray full = post("/webhook", "{\"entry\":[1,2,3]}");
    // Head and body in separate pieces: the body is read as it arrives.
    client.send(full.left(full.size() - 6));
    QTRY_VERIFY(client.socket()->bytesToWrite() == 0);
    client.send(full.right(6));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().body, QByteArray("{\"entry\":[1,2,3]}"));
}

void TestHttpServer::refusals_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closes");

    QTest::newRow("unknown path") << get("/nope") << 404 << false;
    QTest::newRow("unknown method on known path") << QByteArray("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n") << 405
                                                  << false;
    QTest::newRow("unknown path with a body") << post("/nope", "abc") << 404 << true;
    QTest::newRow("malformed request line") << QByteArray("GET /hello\r\nHost: x\r\n\r\n") << 400 << true;
    QTest::newRow("no Host") << QByteArray("GET /hello HTTP/1.1\r\n\r\n") << 400 << true;
    QTest::newRow("obs-fold") << get("/hello", "X-A: a\r\n b\r\n") << 400 << true;
    QTest::newRow("missing colon") << get("/hello", "X-A a\r\n") << 400 << true;
    QTest::newRow("Content-Length -1")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400 << true;
    QTest::newRow("Content-Length 1e3")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n") << 400 << true;
    QTest::newRow("two differing Content-Length")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc") << 400
        << true;
    QTest::newRow("Content-Length and Transfer-Encoding")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        << 400 << true;
    QTest::newRow("Transfer-Encoding gzip")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc") << 400 << true;
    QTest::newRow("POST without Content-Length") << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\n\r\n") << 411
                                                 << true;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n") << 505 << true;
    QTest::newRow("HTTP/1.2") << QByteArray("GET /hello HTTP/1.2\r\nHost: x\r\n\r\n") << 505 << true;
    QTest::newRow("head over 16 KiB") << get("/hello", "X-Big: " + QByteArray(17 * 1024, 'a') + "\r\n") << 431
                                      << true;
    QTest::newRow("101 header fields") << get("/hello", QByteArray("X-A: a\r\n").repeated(100)) << 431 << true;
    QTest::newRow("unsupported Expect") << get("/hello", "Expect: magic\r\n") << 417 << true;
}

void TestHttpServer::refusals()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(bool, closes);

    HttpServer server;
    addRoutes(server);
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(raw);
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QVERIFY(reply->body.startsWith(HttpResponse::reasonPhrase(status)));
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(2).toInt(), status);
    if (status == 405)
        QCOMPARE(reply->header("allow"), QByteArray("GET"));

    if (closes) {
        QCOMPARE(reply->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        QVERIFY(client.received.isEmpty());
    } else {
        // Framing intact: the same connection serves the next request.
        QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
        client.send(get("/hello"));
        const auto next = client.waitReply();
        QVERIFY(next);
        QCOMPARE(next->status, 200);
        QCOMPARE(m_seen.size(), 1);
        return;
    }
    QVERIFY(m_seen.isEmpty()); // a refused request never reaches a handler
}

void TestHttpServer::bodyOverLimitRefusedBeforeReading()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // Head only: the 413 comes without the server waiting for a single body byte.
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n");
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());

    // With body bytes already on the way, the answer still arrives intact.
    Client eager;
    QVERIFY(eager.connectTo(server.serverPort()));
    eager.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n" + QByteArray(256 * 1024, 'x'));
    reply = eager.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QVERIFY(eager.waitClosed());
    QVERIFY(m_seen.isEmpty());
}

void TestHttpServer::perRouteBodyLimit()
{
    HttpServer server;
    addRoutes(server);
    server.route(
        "POST", "/tiny", [this](const HttpRequest &request, const HttpResponder &responder) {
            m_seen.append(request);
            responder.respond(HttpResponse::text(200, "tiny"));
        },
        10);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    QByteArray big(2 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char('a' + i % 26);

    Client upload;
    QVERIFY(upload.connectTo(server.serverPort()));
    upload.send(post("/upload", big));
    auto reply = upload.waitReply(10000);
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, QByteArray::number(big.size()));
    QCOMPARE(m_seen.size(), 1);
    QVERIFY(m_seen.first().body == big);

    Client webhook; // default 1 MiB
    QVERIFY(webhook.connectTo(server.serverPort()));
    webhook.send(post("/webhook", big));
    reply = webhook.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);

    Client tiny;
    QVERIFY(tiny.connectTo(server.serverPort()));
    tiny.send(post("/tiny", "0123456789"));
    reply = tiny.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    tiny.send(post("/tiny", "0123456789A"));
    reply = tiny.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QCOMPARE(m_seen.size(), 2);
}

void TestHttpServer::expectContinue()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 100);
    QVERIFY(m_seen.isEmpty());
    client.send("ping");
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().body, QByteArray("ping"));

    // Over the limit: 413 instead of 100, so the client never sends the body.
    client.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\nExpect: 100-continue\r\n\r\n");
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
}

void TestHttpServer::slowlorisGets408AtHeadDeadline()
{
    HttpServer server(quickOptions());
    addRoutes(server);
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QElapsedTimer elapsed;
    QVERIFY(client.connectTo(server.serverPort()));
    elapsed.start();

    // One byte every 10 ms, never finishing the head.
    const QByteArray trickle = get("/hello", "X-Slow: " + QByteArray(1000, 'a') + "\r\n");
    qsizetype sent = 0;
    QTimer drip;
    connect(&drip, &QTimer::timeout, this, [&] {
        if (client.isConnected() && sent < trickle.size() - 2)
            client.send(trickle.mid(sent++, 1));
    });
    drip.start(10);

    QVERIFY(client.waitClosed(5000));
    drip.stop();
    QVERIFY2(elapsed.elapsed() >= 250, QByteArray::number(elapsed.elapsed()).constData());
    QVERIFY(sent > 5); // it really was trickling when cut off
    const auto reply = client.takeReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(2).toInt(), 408);
    QVERIFY(m_seen.isEmpty());
    QTRY_COMPARE(server.connectionCount(), 0);
}

void TestHttpServer::silentConnectionClosedAtHeadDeadline()
{
    HttpServer server(quickOptions());
    addRoutes(server);
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    QTRY_COMPARE(server.connectionCount(), 1);
    QVERIFY(client.waitClosed(5000));
    QVERIFY(client.received.isEmpty()); // nothing asked, nothing answered
    QCOMPARE(served.size(), 0);
    QTRY_COMPARE(server.connectionCount(), 0);
}

void TestHttpServer::slowBodyGets408()
{
    HttpServer server(quickOptions());
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
    QVERIFY(client.waitClosed(5000));
    const auto reply = client.takeReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
    QVERIFY(m_seen.isEmpty());
}

void TestHttpServer::idleKeepAliveClosed()
{
    HttpServer::Options options;
    options.idleTimeoutMs = 300;
    HttpServer server(options);
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/hello"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QElapsedTimer idle;
    idle.start();
    QVERIFY(client.waitClosed(5000));
    QVERIFY2(idle.elapsed() >= 250, QByteArray::number(idle.elapsed()).constData());
    QVERIFY(client.received.isEmpty()); // closed silently, no 408
    QTRY_COMPARE(server.connectionCount(), 0);
}

void TestHttpServer::maxConnections()
{
    HttpServer::Options options;
    options.maxConnections = 2;
    HttpServer server(options);
    addRoutes(server);
    QSignalSpy refused(&server, &HttpServer::connectionRefused);
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Client first, second, third;
    QVERIFY(first.connectTo(server.serverPort()));
    QVERIFY(second.connectTo(server.serverPort()));
    QTRY_COMPARE(server.connectionCount(), 2);
    QVERIFY(third.connectTo(server.serverPort()));
    const auto reply = third.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 503);
    QVERIFY(third.waitClosed());
    QCOMPARE(refused.size(), 1);
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(2).toInt(), 503);
    QCOMPARE(server.connectionCount(), 2);

    // The connections within the cap still work, and a freed slot is reusable.
    first.send(get("/hello"));
    QVERIFY(first.waitReply());
    second.socket()->disconnectFromHost();
    QTRY_COMPARE(server.connectionCount(), 1);
    Client fourth;
    QVERIFY(fourth.connectTo(server.serverPort()));
    fourth.send(get("/hello"));
    const auto ok = fourth.waitReply();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
    QCOMPARE(refused.size(), 1);
}

void TestHttpServer::pipelinedAnswersInOrder()
{
    HttpServer server;
    server.route("GET", "/echo", [this](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::text(200, request.query.queryItemValue(QStringLiteral("n")).toUtf8()));
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/echo?n=1") + get("/echo?n=2") + get("/echo?n=3"));
    for (const char *expected : { "1", "2", "3" }) {
        const auto reply = client.waitReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body, QByteArray(expected));
    }
    QCOMPARE(m_seen.size(), 3);
    QVERIFY(client.isConnected());
}

void TestHttpServer::nextRequestWaitsForAsyncAnswer()
{
    HttpServer server;
    QList<HttpResponder> pending;
    server.route("GET", "/slow", [&](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        pending.append(responder); // answered later, as the webhook does after its commit
    });
    server.route("GET", "/fast", [&](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::text(200, "fast"));
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/slow") + get("/fast"));
    QTRY_COMPARE(m_seen.size(), 1);
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    QCOMPARE(m_seen.size(), 1); // /fast is not even parsed while /slow is open
    QVERIFY(client.received.isEmpty());
    QVERIFY(pending.first().isConnected());

    pending.first().respond(HttpResponse::text(200, "slow"));
    QVERIFY(!pending.first().isConnected()); // answered
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->body, QByteArray("slow"));
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->body, QByteArray("fast"));
    QCOMPARE(m_seen.size(), 2);
    QCOMPARE(m_seen.at(1).path, QByteArray("/fast"));

    // A second respond() on the same responder is ignored.
    pending.first().respond(HttpResponse::text(500, "again"));
    client.send(get("/fast"));
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, QByteArray("fast"));
}

void TestHttpServer::connectionCloseHonoured()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/hello", "Connection: close\r\n") + get("/hello"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QVERIFY(client.received.isEmpty());
    QCOMPARE(m_seen.size(), 1); // what followed "close" was never handled
}

void TestHttpServer::http10ClosesUnlessKeepAlive()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Client plain;
    QVERIFY(plain.connectTo(server.serverPort()));
    plain.send("GET /hello HTTP/1.0\r\n\r\n");
    auto reply = plain.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(plain.waitClosed());

    Client kept;
    QVERIFY(kept.connectTo(server.serverPort()));
    kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    reply = kept.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
    kept.send("GET /hello HTTP/1.0\r\n\r\n");
    reply = kept.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QVERIFY(kept.waitClosed());
    QCOMPARE(m_seen.size(), 3);
}

void TestHttpServer::respondAfterDisconnectIsNoop()
{
    HttpServer server;
    std::optional<HttpResponder> stored;
    server.route("POST", "/webhook", [&](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        stored = responder;
    });
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    {
        Client client;
        QVERIFY(client.connectTo(server.serverPort()));
        client.send(post("/webhook", "{}"));
        QTRY_VERIFY(stored.has_value());
        QVERIFY(stored->isConnected());
        client.socket()->abort();
    }
    QTRY_COMPARE(server.connectionCount(), 0);
    QVERIFY(!stored->isConnected());
    stored->respond(HttpResponse::text(200, "late")); // connection closing, not yet deleted
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    stored->respond(HttpResponse::text(200, "later")); // connection object gone
    QVERIFY(!stored->isConnected());
    QCOMPARE(served.size(), 0);
    QCOMPARE(m_seen.size(), 1);

    // A default-constructed responder is inert too.
    HttpResponder().respond(HttpResponse::text(200, "nobody"));
    QVERIFY(!HttpResponder().isConnected());
}

void TestHttpServer::clientThatDoesNotReadIsClosed()
{
    HttpServer::Options options;
    options.maxPendingWriteBytes = 64 * 1024;
    HttpServer server(options);
    const QByteArray big(1024 * 1024, 'z');
    int handled = 0;
    server.route("GET", "/big", [&](const HttpRequest &, const HttpResponder &responder) {
        ++handled;
        responder.respond(HttpResponse::text(200, big));
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // A client that reads (almost) nothing: Qt stops pulling from the kernel at 1 KiB.
    QTcpSocket client;
    client.setReadBufferSize(1024);
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_COMPARE(server.connectionCount(), 1);
    constexpr int requests = 64; // 64 MiB of answers: far more than the kernel buffers hold
    client.write(get("/big").repeated(requests));
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, 20000);
    QVERIFY(handled > 1);
    QVERIFY2(handled < requests, QByteArray::number(handled).constData());
}

void TestHttpServer::stopListeningFinishesThenCloses()
{
    HttpServer server;
    addRoutes(server);
    std::optional<HttpResponder> stored;
    server.route("GET", "/slow", [&](const HttpRequest &, const HttpResponder &responder) { stored = responder; });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();

    Client idle, busy;
    QVERIFY(idle.connectTo(port));
    idle.send(get("/hello"));
    QVERIFY(idle.waitReply());
    QVERIFY(busy.connectTo(port));
    busy.send(get("/slow"));
    QTRY_VERIFY(stored.has_value());

    server.stopListening();
    QVERIFY(idle.waitClosed());
    QVERIFY(busy.isConnected());
    stored->respond(HttpResponse::text(200, "done"));
    const auto reply = busy.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->body, QByteArray("done"));
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(busy.waitClosed());

    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!late.waitForConnected(2000)); // nobody listens (refused at once)
}

void TestHttpServer::webSocketUpgrade()
{
    HttpServer server;
    addRoutes(server);
    QWebSocketServer wsServer(QStringLiteral("tst"), QWebSocketServer::NonSecureMode);
    std::optional<HttpRequest> upgradeRequest;
    server.setUpgradeHandler("/ws", [&](const HttpRequest &request, QTcpSocket *socket) {
        upgradeRequest = request;
        wsServer.handleConnection(socket);
        return true;
    });
    QSignalSpy served(&server, &HttpServer::requestServed);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    std::unique_ptr<QWebSocket> serverSide;
    QStringList serverReceived;
    connect(&wsServer, &QWebSocketServer::newConnection, this, [&] {
        serverSide.reset(wsServer.nextPendingConnection());
        connect(serverSide.get(), &QWebSocket::textMessageReceived, this,
                [&](const QString &message) { serverReceived.append(message); });
    });

    QWebSocket client;
    QStringList clientReceived;
    connect(&client, &QWebSocket::textMessageReceived, this,
            [&](const QString &message) { clientReceived.append(message); });
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?agent=7").arg(server.serverPort())));
    request.setRawHeader("Authorization", "Bearer t0ken");
    client.open(request);
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    QTRY_VERIFY(serverSide);

    QVERIFY(upgradeRequest);
    QCOMPARE(upgradeRequest->header("authorization"), QByteArray("Bearer t0ken"));
    QCOMPARE(upgradeRequest->path, QByteArray("/ws"));
    QCOMPARE(upgradeRequest->query.queryItemValue(QStringLiteral("agent")), QStringLiteral("7"));
    QVERIFY(m_seen.isEmpty());
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.first().at(2).toInt(), 101);
    QCOMPARE(server.connectionCount(), 0); // the socket is no longer the HTTP server's

    client.sendTextMessage(QStringLiteral("hello relay"));
    QTRY_COMPARE(serverReceived, QStringList{ QStringLiteral("hello relay") });
    serverSide->sendTextMessage(QStringLiteral("hello agent"));
    QTRY_COMPARE(clientReceived, QStringList{ QStringLiteral("hello agent") });

    // Plain HTTP on the same server still works beside the WebSocket.
    Client http;
    QVERIFY(http.connectTo(server.serverPort()));
    http.send(get("/hello"));
    const auto reply = http.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);

    // A GET on the upgrade path that is not an upgrade is refused, not handed over.
    upgradeRequest.reset();
    http.send(get("/ws"));
    const auto notUpgrade = http.waitReply();
    QVERIFY(notUpgrade);
    QCOMPARE(notUpgrade->status, 400);
    QVERIFY(!upgradeRequest);
    client.close();
}

void TestHttpServer::webSocketUpgradeRefused()
{
    HttpServer server;
    server.setUpgradeHandler("/ws", [](const HttpRequest &, QTcpSocket *) { return false; });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(get("/ws", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 400);
    QVERIFY(client.waitClosed());
}

void TestHttpServer::tls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl is not installed; it is needed to make a test certificate (apt-get install openssl)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess gen;
    gen.start(openssl, { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                         QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=localhost"), QStringLiteral("-days"), QStringLiteral("1"),
                         QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                         QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")) });
    QVERIFY(gen.waitForFinished(60000));
    QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(dir.filePath(QStringLiteral("cert.pem")));
    QCOMPARE(certs.size(), 1);
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
    QVERIFY(!key.isNull());

    HttpServer server;
    addRoutes(server);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certs.first());
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    server.setSslConfiguration(configuration);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    auto *ssl = new QSslSocket;
    QSslConfiguration clientConfiguration = ssl->sslConfiguration();
    clientConfiguration.setCaCertificates(certs); // trust exactly this certificate
    ssl->setSslConfiguration(clientConfiguration);
    QList<QSslError> errors;
    connect(ssl, &QSslSocket::sslErrors, this, [&](const QList<QSslError> &e) { errors += e; });
    Client client(ssl);
    ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(), QStringLiteral("localhost"));
    QTRY_VERIFY2(ssl->isEncrypted() || !errors.isEmpty(), "no TLS handshake");
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().errorString()));
    client.send(post("/webhook", "{\"tls\":1}"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().body, QByteArray("{\"tls\":1}"));

    // Plain HTTP to the TLS port gets no HTTP answer and reaches no handler.
    Client plain;
    QVERIFY(plain.connectTo(server.serverPort()));
    plain.send(get("/hello"));
    QVERIFY(plain.waitClosed());
    QVERIFY(!plain.received.startsWith("HTTP/"));
    QCOMPARE(m_seen.size(), 1);
}

namespace {
QStringList *g_logged = nullptr;
void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_logged->append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
}
} // namespace

void TestHttpServer::secretsAreNeverLogged()
{
    QStringList logged;
    g_logged = &logged;
    QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.relay.http.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    auto restore = qScopeGuard([&] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        g_logged = nullptr;
    });

    // Only the body deadline short (for the slow client below): a short head or idle
    // deadline raced the first client's requests: a 400 ms stall closed it before it asked.
    HttpServer::Options options;
    options.bodyTimeoutMs = 300;
    HttpServer server(options);
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(post("/webhook?hub.verify_token=SECRET-QUERY", "{\"SECRET-BODY\":1}",
                     "Authorization: Bearer SECRET-TOKEN\r\nX-Hub-Signature-256: sha256=SECRET-SIG\r\n"));
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    // Refusals, 408s and closes log too; none may quote what the client sent.
    client.send(get("/hello?t=SECRET-Q2", "Authorization: SECRET-A\r\n folded SECRET-F\r\n"));
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 400);
    Client slow;
    QVERIFY(slow.connectTo(server.serverPort()));
    slow.send("POST /webhook HTTP/1.1\r\nHost: x\r\nAuthorization: SECRET-S\r\nContent-Length: 9\r\n\r\nSECRET");
    QVERIFY(slow.waitClosed());
    restore.dismiss();
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());

    QVERIFY(!logged.isEmpty());
    for (const QString &line : std::as_const(logged))
        QVERIFY2(!line.contains(QLatin1String("SECRET")), qPrintable(line));
    const auto accessLine = [&](const QString &what) {
        for (const QString &line : std::as_const(logged)) {
            if (line.startsWith(QLatin1String("relaydesk.relay.http ")) && line.contains(what))
                return true;
        }
        return false;
    };
    QVERIFY(accessLine(QStringLiteral("POST /webhook 200")));
    QVERIFY(accessLine(QStringLiteral("GET /hello 400")));
    QVERIFY(accessLine(QStringLiteral("127.0.0.1")));
    g_logged = nullptr;
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
