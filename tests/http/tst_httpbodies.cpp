// How HttpServer holds request bodies: a route may refuse a request from its head
// before a byte of the body is read; large bodies go to a 0600 temporary file; and
// the bytes of bodies held at once, in memory and in files, stay under global caps
// (503 with Retry-After beyond them). Real sockets on 127.0.0.1.
#include "httpserver.h"
#include "rawhttpclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <memory>
#include <optional>

using namespace Relaydesk::Http;
using namespace RawHttp;

namespace {

constexpr qint64 kUploadLimit = 25 * 1024 * 1024;

QByteArray uploadHead(qint64 length, const QByteArray &token = {})
{
    QByteArray head = "POST /upload HTTP/1.1\r\nHost: relay\r\nContent-Length: " + QByteArray::number(length) + "\r\n";
    if (!token.isEmpty())
        head += "Authorization: Bearer " + token + "\r\n";
    return head + "\r\n";
}

QByteArray webhookHead(qint64 length)
{
    return "POST /webhook HTTP/1.1\r\nHost: relay\r\nContent-Length: " + QByteArray::number(length) + "\r\n\r\n";
}

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7) % 26);
    return bytes;
}

} // namespace

class TestHttpBodies : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void headCheckRefusesBeforeTheBody();
    void headCheckWithoutBodyKeepsConnection();
    void bodyToFileIsOwnerOnlyAndRemoved();
    void memoryCapGives503();
    void memoryCapMidBodyGives503();
    void fileCapGives503();
    void leftoverBodyFilesRemovedOnListen();

private:
    // POST /webhook (memory, default 1 MiB) and POST /upload (25 MiB, file, Bearer "good"
    // checked from the head) on server. Handlers record what they saw.
    void addRoutes(HttpServer &server);
    HttpServer::Options options() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_handled = 0;
    QList<qint64> m_bodySizes;
    QList<QByteArray> m_bodies;
    QString m_bodyFilePath;
    QFileDevice::Permissions m_bodyFileMode;
    std::optional<HttpResponder> m_heldResponder; // when set, /webhook answers only when told
    bool m_holdAnswers = false;
};

void TestHttpBodies::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_handled = 0;
    m_bodySizes.clear();
    m_bodies.clear();
    m_bodyFilePath.clear();
    m_bodyFileMode = {};
    m_heldResponder.reset();
    m_holdAnswers = false;
}

HttpServer::Options TestHttpBodies::options() const
{
    HttpServer::Options options;
    options.bodyFileDirectory = m_dir->filePath(QStringLiteral("incoming"));
    return options;
}

void TestHttpBodies::addRoutes(HttpServer &server)
{
    server.route("POST", "/webhook", [this](const HttpRequest &request, const HttpResponder &responder) {
        ++m_handled;
        m_bodySizes.append(request.bodySize());
        m_bodies.append(request.body);
        if (m_holdAnswers) {
            m_heldResponder = responder;
            return;
        }
        responder.respond(HttpResponse::text(200, "ok"));
    });
    HttpServer::RouteOptions upload;
    upload.maxBodyBytes = kUploadLimit;
    upload.bodyToFile = true;
    upload.checkHead = [](const HttpRequest &head) -> std::optional<HttpResponse> {
        if (head.bearerToken() != "good")
            return HttpResponse::error(401, "token required");
        return std::nullopt;
    };
    server.route(
        "POST", "/upload",
        [this](const HttpRequest &request, const HttpResponder &responder) {
            ++m_handled;
            m_bodySizes.append(request.bodySize());
            if (request.bodyFile) {
                m_bodyFilePath = request.bodyFile->fileName();
                m_bodyFileMode = QFile::permissions(m_bodyFilePath);
                m_bodies.append(request.bodyFile->readAll());
            }
            if (m_holdAnswers) {
                m_heldResponder = responder;
                return;
            }
            responder.respond(HttpResponse::text(200, "stored"));
        },
        upload);
}

void TestHttpBodies::headCheckRefusesBeforeTheBody()
{
    HttpServer server(options());
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // 8 MiB declared, only the head sent: the 401 comes without the server waiting
    // for a single body byte (without the head check it would wait for all 8 MiB).
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(uploadHead(8 * 1024 * 1024));
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 401);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());

    // With body bytes already on the way: the same, and nothing was held.
    Client eager;
    QVERIFY(eager.connectTo(server.serverPort()));
    eager.send(uploadHead(8 * 1024 * 1024, "guess") + pattern(256 * 1024));
    reply = eager.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 401);
    QCOMPARE(server.bodyBytesInFiles(), 0);
    QCOMPARE(server.bodyBytesInMemory(), 0);
    QVERIFY(eager.waitClosed());
    QCOMPARE(m_handled, 0);
    QVERIFY(QDir(options().bodyFileDirectory).isEmpty());

    // Over the route's limit with a good token: 413 from Content-Length alone.
    Client big;
    QVERIFY(big.connectTo(server.serverPort()));
    big.send(uploadHead(kUploadLimit + 1, "good"));
    reply = big.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 413);
    QCOMPARE(m_handled, 0);
}

void TestHttpBodies::headCheckWithoutBodyKeepsConnection()
{
    HttpServer server(options());
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(uploadHead(0));
    auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 401);
    // No body, so the framing is intact: the connection serves the next request.
    QCOMPARE(reply->header("connection"), QByteArray("keep-alive"));
    client.send(post("/webhook", "{}"));
    reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_handled, 1);
}

void TestHttpBodies::bodyToFileIsOwnerOnlyAndRemoved()
{
    HttpServer server(options());
    addRoutes(server);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QFileInfo directory(options().bodyFileDirectory);
    QVERIFY(directory.isDir());
    QCOMPARE(directory.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther),
             QFileDevice::Permissions());

    const QByteArray body = pattern(3 * 1024 * 1024 + 17);
    m_holdAnswers = true;
    Client client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(uploadHead(body.size(), "good") + body);
    QTRY_COMPARE(m_handled, 1);
    QCOMPARE(m_bodySizes.first(), body.size());
    QVERIFY(m_bodies.first() == body);
    // The body went to a file in the configured folder, owner-only, counted as file bytes.
    QCOMPARE(QFileInfo(m_bodyFilePath).absolutePath(), directory.absoluteFilePath());
    QCOMPARE(m_bodyFileMode, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
                                 | QFileDevice::WriteUser);
    QCOMPARE(server.bodyBytesInFiles(), body.size());
    QCOMPARE(server.bodyBytesInMemory(), 0);

    m_heldResponder->respond(HttpResponse::text(200, "stored"));
    m_heldResponder.reset();
    const auto reply = client.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    // Answered: the bytes go back to the budget and the file goes with the last copy of the request.
    QCOMPARE(server.bodyBytesInFiles(), 0);
    QTRY_VERIFY(!QFile::exists(m_bodyFilePath));
}

void TestHttpBodies::memoryCapGives503()
{
    HttpServer::Options limited = options();
    limited.maxBodyMemoryBytes = 100'000;
    limited.retryAfterSeconds = 7;
    HttpServer server(limited);
    addRoutes(server);
    QSignalSpy refused(&server, &HttpServer::connectionRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // A holds 60,000 bytes of an 80,000-byte body.
    Client a;
    QVERIFY(a.connectTo(server.serverPort()));
    const QByteArray bodyA = pattern(80'000);
    a.send(webhookHead(bodyA.size()) + bodyA.left(60'000));
    QTRY_COMPARE(server.bodyBytesInMemory(), 60'000);

    // B's declared 50,000 cannot fit in the 40,000 left: 503 before its body is read.
    Client b;
    QVERIFY(b.connectTo(server.serverPort()));
    b.send(webhookHead(50'000) + pattern(50'000));
    auto reply = b.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 503);
    QCOMPARE(reply->header("retry-after"), QByteArray("7"));
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(b.waitClosed());
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().first().value<HttpServer::Refusal>(), HttpServer::Refusal::BodyMemoryFull);

    // C fits, and gives its bytes back once answered.
    Client c;
    QVERIFY(c.connectTo(server.serverPort()));
    c.send(post("/webhook", pattern(30'000)));
    reply = c.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(server.bodyBytesInMemory(), 60'000);

    // A finishes and is served whole.
    a.send(bodyA.mid(60'000));
    reply = a.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(m_handled, 2);
    QVERIFY(m_bodies.last() == bodyA);
    QCOMPARE(server.bodyBytesInMemory(), 0);
    QCOMPARE(refused.size(), 1);
}

void TestHttpBodies::memoryCapMidBodyGives503()
{
    HttpServer::Options limited = options();
    limited.maxBodyMemoryBytes = 100'000;
    HttpServer server(limited);
    addRoutes(server);
    m_holdAnswers = true; // D's body stays held while E arrives
    QSignalSpy refused(&server, &HttpServer::connectionRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // D and E each declare 60,000: each fits alone when its head arrives (the
    // 100 Continue says the server has taken the head).
    const QByteArray head = "POST /webhook HTTP/1.1\r\nHost: relay\r\nContent-Length: 60000\r\n"
                            "Expect: 100-continue\r\n\r\n";
    Client d, e;
    QVERIFY(d.connectTo(server.serverPort()));
    QVERIFY(e.connectTo(server.serverPort()));
    d.send(head);
    auto proceed = d.waitReply();
    QVERIFY(proceed);
    QCOMPARE(proceed->status, 100);
    e.send(head);
    proceed = e.waitReply();
    QVERIFY(proceed);
    QCOMPARE(proceed->status, 100);
    d.send(pattern(60'000));
    QTRY_COMPARE(m_handled, 1);
    QCOMPARE(server.bodyBytesInMemory(), 60'000);

    // E's bytes no longer fit: 503 rather than buffer them.
    e.send(pattern(60'000));
    const auto reply = e.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 503);
    QVERIFY(!reply->header("retry-after").isEmpty());
    QVERIFY(e.waitClosed());
    QCOMPARE(m_handled, 1);
    QCOMPARE(refused.size(), 1);
    QVERIFY(server.bodyBytesInMemory() <= 100'000);

    m_heldResponder->respond(HttpResponse::text(200, "ok"));
    QVERIFY(d.waitReply());
    QTRY_COMPARE(server.bodyBytesInMemory(), 0);
}

void TestHttpBodies::fileCapGives503()
{
    HttpServer::Options limited = options();
    limited.maxBodyFileBytes = 4 * 1024 * 1024;
    HttpServer server(limited);
    addRoutes(server);
    m_holdAnswers = true;
    QSignalSpy refused(&server, &HttpServer::connectionRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Client first;
    QVERIFY(first.connectTo(server.serverPort()));
    const QByteArray three = pattern(3 * 1024 * 1024);
    first.send(uploadHead(three.size(), "good") + three);
    QTRY_COMPARE(m_handled, 1);
    QCOMPARE(server.bodyBytesInFiles(), three.size());

    Client second;
    QVERIFY(second.connectTo(server.serverPort()));
    second.send(uploadHead(2 * 1024 * 1024, "good"));
    const auto reply = second.waitReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 503);
    QVERIFY(!reply->header("retry-after").isEmpty());
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().first().value<HttpServer::Refusal>(), HttpServer::Refusal::BodyFilesFull);
    // Memory routes have their own cap, untouched by the files.
    m_holdAnswers = false;
    Client webhook;
    QVERIFY(webhook.connectTo(server.serverPort()));
    webhook.send(post("/webhook", "{}"));
    const auto ok = webhook.waitReply();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
}

void TestHttpBodies::leftoverBodyFilesRemovedOnListen()
{
    const QString directory = options().bodyFileDirectory;
    QVERIFY(QDir().mkpath(directory));
    QFile leftover(directory + QStringLiteral("/body-AbC123"));
    QVERIFY(leftover.open(QIODevice::WriteOnly));
    leftover.write("half an upload from before a crash");
    leftover.close();
    QFile other(directory + QStringLiteral("/keep.txt"));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();

    HttpServer server(options());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(!QFile::exists(leftover.fileName()));
    QVERIFY(QFile::exists(other.fileName())); // only our own files
}

QTEST_GUILESS_MAIN(TestHttpBodies)
#include "tst_httpbodies.moc"
