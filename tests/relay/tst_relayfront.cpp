// The relay's front door under requests from anyone on the Internet: uploads
// without a token are refused from their head (the body is never read, so the
// relay's memory stays flat however many send), and request bodies held at once
// stay under a global cap (503 beyond it, counted in /metrics).
#include "relayprocess.h"
#include "testfixtures.h"
#include "testrelay.h"
#include "webhookposter.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

constexpr qint64 kUploadBytes = 8 * 1024 * 1024;
constexpr qint64 kPiece = 64 * 1024;

QByteArray uploadHead(qint64 length)
{
    return "POST /uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
           "X-Relaydesk-Filename: big.png\r\nContent-Length: "
        + QByteArray::number(length) + "\r\n\r\n";
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

// An unauthenticated client uploading 8 MiB as fast as the relay takes it, until
// the relay answers; then it hangs up.
class Uploader : public QObject
{
public:
    explicit Uploader(quint16 port)
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] {
            m_socket.write(uploadHead(kUploadBytes));
            pump();
        });
        connect(&m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 n) {
            m_sent += n;
            pump();
        });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
            m_answer += m_socket.readAll();
            if (m_answer.contains("\r\n\r\n") && !m_done) {
                m_done = true;
                m_sentWhenAnswered = m_sent;
                m_socket.abort();
            }
        });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_done = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool isDone() const { return m_done; }
    int status() const { return statusOf(m_answer); }
    qint64 sentWhenAnswered() const { return m_sentWhenAnswered; }

private:
    void pump()
    {
        // Keep a little queued; the rest waits for the relay to take it.
        while (!m_done && m_queued < kUploadBytes && m_socket.bytesToWrite() < 2 * kPiece) {
            const qint64 n = qMin(kPiece, kUploadBytes - m_queued);
            m_socket.write(QByteArray(n, 'u'));
            m_queued += n;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_answer;
    qint64 m_queued = 0;
    qint64 m_sent = 0;
    qint64 m_sentWhenAnswered = -1;
    bool m_done = false;
};

// GET path on the in-process relay (the event loop keeps running while waiting).
QByteArray httpGet(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    const bool closed = QTest::qWaitFor([&] {
        answer += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    return closed ? answer + socket.readAll() : QByteArray();
}

qint64 metric(quint16 port, const QByteArray &name)
{
    const QList<QByteArray> lines = httpGet(port, "/metrics").split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toLongLong();
    return -1;
}

} // namespace

class TestRelayFront : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void uploadWithoutTokenAnsweredFromTheHead();
    void memoryStaysFlatUnderUnauthenticatedUploads();
    void bodyMemoryCapGives503AndIsCounted();
};

void TestRelayFront::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!qEnvironmentVariableIsEmpty("RELAYDESK_RELAY_BIN"), "RELAYDESK_RELAY_BIN is not set (run through ctest)");
}

void TestRelayFront::uploadWithoutTokenAnsweredFromTheHead()
{
    RelayProcess relay;
    QVERIFY(relay.isValid());
    QVERIFY(!relay.addAgent(QStringLiteral("alice")).isEmpty());
    QVERIFY(relay.start());

    // 8 MiB declared, 256 KiB sent, then nothing: the relay answers 401 at once. A
    // relay that checked the token after the body would still be waiting for it.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(uploadHead(kUploadBytes) + QByteArray(256 * 1024, 'u'));
    QByteArray answer;
    QVERIFY(QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains("\r\n\r\n");
    }, 5000));
    QCOMPARE(statusOf(answer), 401);
    QVERIFY(answer.contains("WWW-Authenticate: Bearer"));
    QVERIFY(answer.contains("Connection: close"));
}

void TestRelayFront::memoryStaysFlatUnderUnauthenticatedUploads()
{
    RelayProcess relay;
    QVERIFY(relay.isValid());
    QVERIFY(!relay.addAgent(QStringLiteral("alice")).isEmpty());
    QVERIFY(relay.start());
    {
        Uploader warmUp(relay.port()); // first-use allocations are not what we measure
        QTRY_VERIFY_WITH_TIMEOUT(warmUp.isDone(), 10'000);
    }
    const qint64 baseline = relay.residentKiB();
    QVERIFY(baseline > 0);

    constexpr int clients = 100;
    std::vector<std::unique_ptr<Uploader>> uploaders;
    for (int i = 0; i < clients; ++i)
        uploaders.push_back(std::make_unique<Uploader>(relay.port()));
    qint64 peak = baseline;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { peak = qMax(peak, relay.residentKiB()); });
    sampler.start(10);
    QElapsedTimer clock;
    clock.start();
    const auto allDone = [&] {
        for (const auto &u : uploaders)
            if (!u->isDone())
                return false;
        return true;
    };
    QVERIFY(QTest::qWaitFor(allDone, 60'000));
    peak = qMax(peak, relay.residentKiB());
    sampler.stop();

    int refused = 0;
    qint64 sentMax = 0;
    for (const auto &u : uploaders) {
        refused += u->status() == 401;
        sentMax = qMax(sentMax, u->sentWhenAnswered());
    }
    const qint64 growthKiB = peak - baseline;
    qInfo("relay RSS %lld KiB before, peak %lld KiB while %d unauthenticated clients each sent up to 8 MiB "
          "(growth %lld KiB, %lld ms); most body bytes one client got out before its 401: %lld",
          baseline, peak, clients, growthKiB, qint64(clock.elapsed()), sentMax);
    QCOMPARE(refused, clients);
    // Buffering the bodies would be 800 MiB. What is left: 100 connections' socket
    // buffers (at most 64 KiB each) and their bookkeeping.
    QVERIFY2(growthKiB < 24 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(growthKiB)));
}

void TestRelayFront::bodyMemoryCapGives503AndIsCounted()
{
    TestRelay relay;
    constexpr qint64 cap = 200'000;
    relay.config().maxBodyMemoryBytes = cap;
    QVERIFY(relay.start());
    QCOMPARE(metric(relay.port(), "relaydesk_connections_refused_total{reason=\"body_memory\"}"), 0);

    // A slow sender holds all but 10 bytes of the cap.
    QTcpSocket hog;
    hog.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(QTest::qWaitFor([&] { return hog.state() == QAbstractSocket::ConnectedState; }, 5000));
    hog.write("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(cap - 9)
              + "\r\n\r\n" + QByteArray(cap - 10, '{'));
    QTRY_COMPARE(metric(relay.port(), "relaydesk_http_body_memory_bytes"), cap - 10);

    // Meta's webhook does not fit now: 503 with Retry-After, and nothing is stored.
    const QByteArray body = fixture(QStringLiteral("webhooks/text.json"));
    WebhookPoster poster(relay.httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
    QCOMPARE(poster.post(body).status, 503);
    QCOMPARE(relay.store().lastSeq(), 0);
    QCOMPARE(metric(relay.port(), "relaydesk_connections_refused_total{reason=\"body_memory\"}"), 1);

    // Once the hog is gone its bytes are free again, and Meta's retry gets through.
    hog.abort();
    QTRY_COMPARE(metric(relay.port(), "relaydesk_http_body_memory_bytes"), 0);
    QCOMPARE(poster.post(body).status, 200);
    QVERIFY(relay.store().lastSeq() > 0);
}

QTEST_GUILESS_MAIN(TestRelayFront)
#include "tst_relayfront.moc"
