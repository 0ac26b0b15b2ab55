// Chunked request bodies through HttpServer over real sockets: decoded within the
// route's limit (413 and no more reading over it), bad framing answered 400 and
// the connection closed, chunked with Content-Length refused, trailers dropped,
// pipelining intact after a chunked body, and the global caps on held bodies.
#include "httpserver.h"
#include "rawhttpclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

using namespace Relaydesk::Http;
using namespace RawHttp;

namespace {

QByteArray chunkedPost(const QByteArray &target, const QByteArray &chunks, const QByteArray &extra = {})
{
    return "POST " + target + " HTTP/1.1\r\nHost: relay\r\nTransfer-Encoding: chunked\r\n" + extra + "\r\n" + chunks;
}

// body as chunks of at most `size` bytes, then the last chunk.
QByteArray chunked(const QByteArray &body, qsizetype size)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += size) {
        const QByteArray piece = body.mid(i, size);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 11) % 26);
    return bytes;
}

} // namespace

class TestHttpChunked : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void decodedBodyReachesTheHandler();
    void arrivesInPieces();
    void pipelinedRequestAfterAChunkedBody();
    void trailersAreDropped();
    void overTheLimitGives413WithoutReadingMore();
    void badFramingGives400AndCloses_data();
    void badFramingGives400AndCloses();
    void expectContinue();
    void toAFile();
    void countsAgainstTheMemoryCap();

private:
    void addRoutes(HttpServer &server);

    std::unique_ptr<QTemporaryDir> m_dir;
    QList<HttpRequest> m_seen;
    QList<QByteArray> m_fileBodies;
};

void TestHttpChunked::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_seen.clear();
    m_fileBodies.clear();
}

void TestHttpChunked::addRoutes(HttpServer &server)
{
    server.route("POST", "/webhook", [this](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::text(200, QByteArray::number(request.body.size())));
    });
    server.route("GET", "/hello", [this](const HttpRequest &request, const HttpResponder &responder) {
        m_seen.append(request);
        responder.respond(HttpResponse::text(200, "hello"));
    });
    HttpServer::RouteOptions upload;
    upload.maxBodyBytes = 25 * 1024 * 1024;
    upload.bodyToFile = true;
    server.route(
        "POST", "/upload",
        [this](const HttpRequest &request, const HttpResponder &responder) {
            m_seen.append(request);
            m_fileBodies.append(request.bodyFile ? request.bodyFile->readAll() : QByteArray("(no file)"));
            responder.respond(HttpResponse::text(200, QByteArray::number(request.bodySize())));
        },
        upload);
}

void TestHttpChunked::decodedBodyReachesTheHandler()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray body = "{\"object\":\"page\",\"entry\":[]}";
    client.send(chunkedPost("/webhook", chunked(body, 7)));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().body, body);
    QCOMPARE(server.bodyBytesInMemory(), 0);
}

void TestHttpChunked::arrivesInPieces()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray body = pattern(300'000);
    const QByteArray wire = chunkedPost("/webhook", chunked(body, 70'000));
    // Split inside size lines, chunk data and CRLFs, each piece sent on its own.
    for (qsizetype at = 0; at < wire.size(); at += 4093) {
        client.send(wire.mid(at, 4093));
        QTRY_COMPARE(client.socket()->bytesToWrite(), 0);
    }
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_seen.size(), 1);
    QVERIFY(m_seen.first().body == body);
}

void TestHttpChunked::pipelinedRequestAfterAChunkedBody()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(chunkedPost("/webhook", "5\r\nfirst\r\n0\r\n\r\n") + get("/hello")
                + chunkedPost("/webhook", "6\r\nsecond\r\n0\r\n\r\n"));
    for (const QByteArray &expected : {QByteArray("5"), QByteArray("hello"), QByteArray("6")}) {
        const auto reply = client.waitReply();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body, expected);
    }
    QCOMPARE(m_seen.size(), 3);
    QCOMPARE(m_seen.at(0).body, QByteArray("first"));
    QCOMPARE(m_seen.at(1).method, QByteArray("GET"));
    QCOMPARE(m_seen.at(2).body, QByteArray("second"));
}

void TestHttpChunked::trailersAreDropped()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    // A trailer must not smuggle in a field the head did not have (a token, say).
    client.send(chunkedPost("/webhook", "3\r\nabc\r\n0\r\nAuthorization: Bearer sneaky\r\nX-Checksum: 1\r\n\r\n"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(m_seen.first().body, QByteArray("abc"));
    QVERIFY(!m_seen.first().hasHeader("authorization"));
    QVERIFY(!m_seen.first().hasHeader("x-checksum"));
    QVERIFY(client.isConnected());
}

void TestHttpChunked::overTheLimitGives413WithoutReadingMore()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // One chunk declared past the 1 MiB of /webhook: 413 from its size line alone.
    Client declared;
    QVERIFY(declared.connectTo(server.serverPort()));
    declared.send(chunkedPost("/webhook", "100001\r\n"));
    auto reply = declared.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(declared.waitClosed());

    // Small chunks adding up past it: 413 at the chunk that would pass, and the
    // connection closes although the client has more to send.
    Client many;
    QVERIFY(many.connectTo(server.serverPort()));
    const QByteArray piece = "10000\r\n" + QByteArray(0x10000, 'x') + "\r\n"; // 64 KiB decoded
    many.send(chunkedPost("/webhook", piece.repeated(16) + piece.repeated(4))); // 16 make exactly 1 MiB
    reply = many.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QVERIFY(many.waitClosed());
    QVERIFY(m_seen.isEmpty());
    QCOMPARE(server.bodyBytesInMemory(), 0);
}

void TestHttpChunked::badFramingGives400AndCloses_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("size not hex") << chunkedPost("/webhook", "zz\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("data longer than its size") << chunkedPost("/webhook", "2\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("bare LF") << chunkedPost("/webhook", "3\nabc\n0\n\n") << 400;
    QTest::newRow("blank after the size") << chunkedPost("/webhook", "3 \r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("trailer without colon") << chunkedPost("/webhook", "3\r\nabc\r\n0\r\nnonsense\r\n\r\n") << 400;
    QTest::newRow("size line without end") << chunkedPost("/webhook", QByteArray(5000, '0')) << 400;
    QTest::newRow("with Content-Length")
        << chunkedPost("/webhook", "3\r\nabc\r\n0\r\n\r\n", "Content-Length: 3\r\n") << 400;
    QTest::newRow("HTTP/1.0")
        << QByteArray("POST /webhook HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunked, then gzip in a second field")
        << chunkedPost("/webhook", "3\r\nabc\r\n0\r\n\r\n", "Transfer-Encoding: gzip\r\n") << 400;
    QTest::newRow("unsupported coding")
        << QByteArray("POST /webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") << 501;
}

void TestHttpChunked::badFramingGives400AndCloses()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    // What follows would be a request of its own if the framing were guessed at.
    client.send(raw + get("/hello"));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QVERIFY(client.received.isEmpty());
    QVERIFY(m_seen.isEmpty());
}

void TestHttpChunked::expectContinue()
{
    HttpServer server;
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(chunkedPost("/webhook", {}, "Expect: 100-continue\r\n"));
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 100);
    client.send("4\r\nping\r\n0\r\n\r\n");
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_seen.first().body, QByteArray("ping"));
}

void TestHttpChunked::toAFile()
{
    HttpServer::Options options;
    options.bodyFileDirectory = m_dir->path();
    HttpServer server(options);
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray body = pattern(2 * 1024 * 1024 + 5);
    client.send(chunkedPost("/upload", chunked(body, 100'000)));
    const auto reply = client.waitReply(10'000);
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, QByteArray::number(body.size()));
    QCOMPARE(m_fileBodies.size(), 1);
    QVERIFY(m_fileBodies.first() == body);
    QCOMPARE(server.bodyBytesInMemory(), 0);
}

void TestHttpChunked::countsAgainstTheMemoryCap()
{
    HttpServer::Options options;
    options.maxBodyMemoryBytes = 100'000;
    HttpServer server(options);
    addRoutes(server);
    QSignalSpy refused(&server, &HttpServer::connectionRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    // No length declared: the decoded bytes are counted as they come, and the
    // one that would pass the cap gets 503 instead of being kept.
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(chunkedPost("/webhook", chunked(pattern(150'000), 10'000)));
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 503);
    QVERIFY(!reply->header("retry-after").isEmpty());
    QVERIFY(client.waitClosed());
    QCOMPARE(refused.size(), 1);
    QVERIFY(m_seen.isEmpty());
    QCOMPARE(server.bodyBytesInMemory(), 0);
}

QTEST_GUILESS_MAIN(TestHttpChunked)
#include "tst_httpchunked.moc"
