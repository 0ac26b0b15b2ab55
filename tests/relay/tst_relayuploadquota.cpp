#include "agentrig.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTimer>

#include <limits>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

struct Reply { int status = 0; QJsonObject json; QByteArray retryAfter; };

Reply upload(const TestRelay &relay, const QByteArray &token, qint64 size, const QByteArray &name = "notes.txt")
{
    QNetworkAccessManager network;
    QNetworkRequest request(relay.httpUrl(QStringLiteral("/uploads")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    request.setRawHeader("X-Relaydesk-Filename", name);
    request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = network.post(request, QByteArray(size, 'q'));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object(), reply->rawHeader("Retry-After")};
    delete reply;
    return r;
}

// Uploads the relay holds: rows of its store (the bytes are in files or in the database).
int held(TestRelay &relay) { return int(relay.store().uploadsCreatedBefore(std::numeric_limits<qint64>::max(), 1000).size()); }

// A value from GET /metrics ("name" or "name{labels}"), -1 if absent.
qint64 metric(const TestRelay &relay, const QByteArray &name)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return -1;
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    if (!QTest::qWaitFor([&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        }, 5000))
        return -1;
    answer += socket.readAll();
    const QList<QByteArray> lines = answer.split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toLongLong();
    return -1;
}

// What a raw request head gets back (the status line onwards), for bodies never sent.
QByteArray answerToHead(const TestRelay &relay, const QByteArray &head)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write(head);
    QByteArray answer;
    QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains("\r\n\r\n");
    }, 5000);
    return answer;
}

constexpr qint64 KiB = 1024;

} // namespace

// Agents' uploads cannot fill the disk (issue 12.3): a rate per agent, a quota per
// agent and in all, with a JSON reason; unsent uploads are swept after the
// retention time (issues 12.3 and 13.6).
class TestRelayUploadQuota : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { qunsetenv("RELAYDESK_CLOCK_OFFSET_MS"); }
    void quotasPerAgentAndInAll();
    void ratePerAgent();
    void refusedFromTheHead();
    void unsentUploadsAreSwept();
    void refusalsAreCounted();
};

void TestRelayUploadQuota::quotasPerAgentAndInAll()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    AgentRig rig;
    rig.relay.config().graphUrl = graph.baseUrl();
    rig.relay.config().uploadAgentQuotaMiB = 1;
    rig.relay.config().uploadTotalQuotaMiB = 2;
    QVERIFY(rig.start());
    const QByteArray alice = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const QByteArray bob = rig.relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
    const QByteArray carol = rig.relay.addAgent(QStringLiteral("carol"), {QStringLiteral("*")});

    const Reply first = upload(rig.relay, alice, 700 * KiB);
    QCOMPARE(first.status, 201);
    const Reply aliceOver = upload(rig.relay, alice, 700 * KiB);
    QCOMPARE(aliceOver.status, 413);
    QCOMPARE(aliceOver.json.value(key("error")).toString(), QStringLiteral("agent_quota_exceeded"));
    QVERIFY(aliceOver.json.value(key("message")).toString().contains(QLatin1String("1 MiB")));
    QCOMPARE(held(rig.relay), 1); // nothing of the refused one

    QCOMPARE(upload(rig.relay, bob, 700 * KiB).status, 201);
    const Reply allOver = upload(rig.relay, carol, 700 * KiB); // 2,100 KiB in all would be over 2 MiB
    QCOMPARE(allOver.status, 413);
    QCOMPARE(allOver.json.value(key("error")).toString(), QStringLiteral("total_quota_exceeded"));

    // Alice sends hers: the relay deletes it once Meta has it, and the room is free again.
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-quota")), 200);
    const auto conversation = rig.relay.store().conversationFor(pageOne(), QStringLiteral("psid-quota"));
    QVERIFY(conversation);
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, alice, -1));
    const QJsonObject ack = roundTrip(client, QStringLiteral("send_message"),
                                      {{key("conversation_id"), conversation->id}, {key("client_id"), QStringLiteral("quota-1")},
                                       {key("attachment"), QJsonObject{{key("upload_id"), first.json.value(key("upload_id"))}}}});
    QCOMPARE(answerType(ack), QStringLiteral("ack"));
    QTRY_COMPARE(held(rig.relay), 1); // bob's only
    QCOMPARE(upload(rig.relay, carol, 700 * KiB).status, 201);
}

void TestRelayUploadQuota::ratePerAgent()
{
    TestRelay relay;
    relay.config().uploadRatePerMinute = 3;
    QVERIFY(relay.start());
    const QByteArray alice = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const QByteArray bob = relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
    for (int i = 0; i < 3; ++i)
        QCOMPARE(upload(relay, alice, 10).status, 201);
    const Reply fast = upload(relay, alice, 10);
    QCOMPARE(fast.status, 429);
    QCOMPARE(fast.json.value(key("error")).toString(), QStringLiteral("rate_limited"));
    const int retryAfter = fast.json.value(key("retry_after")).toInt();
    QVERIFY(retryAfter >= 1 && retryAfter <= 20);
    QCOMPARE(fast.retryAfter, QByteArray::number(retryAfter));
    QCOMPARE(upload(relay, bob, 10).status, 201); // bob has his own
    QCOMPARE(held(relay), 4);                      // none of the refused
}

void TestRelayUploadQuota::refusedFromTheHead()
{
    // Over the quota by the declared size: refused before a byte of the body is sent.
    TestRelay relay;
    relay.config().uploadAgentQuotaMiB = 1;
    QVERIFY(relay.start());
    const QByteArray alice = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QCOMPARE(upload(relay, alice, 700 * KiB).status, 201);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    socket.write("POST /uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice
                 + "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(700 * KiB) + "\r\n\r\n");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains("agent_quota_exceeded");
    }, 5000));
    QVERIFY(answer.startsWith("HTTP/1.1 413 "));
    QCOMPARE(held(relay), 1);
}

void TestRelayUploadQuota::unsentUploadsAreSwept()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray alice = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-sweep")), 200);
    const Reply picked = upload(rig.relay, alice, 5 * KiB); // picked, then the app was closed
    QCOMPARE(picked.status, 201);
    const QString id = picked.json.value(key("upload_id")).toString();
    QVERIFY(rig.relay.store().upload(id));

    // 23 hours later (the relay restarted with its clock moved on): still there.
    qputenv("RELAYDESK_CLOCK_OFFSET_MS", QByteArray::number(23LL * 3600 * 1000));
    QVERIFY(rig.relay.restart());
    QVERIFY(rig.relay.store().upload(id));
    // 25 hours later: the sweep that runs at start has deleted it, bytes and all.
    qputenv("RELAYDESK_CLOCK_OFFSET_MS", QByteArray::number(25LL * 3600 * 1000));
    QVERIFY(rig.relay.restart());
    QVERIFY(!rig.relay.store().upload(id));
    QCOMPARE(held(rig.relay), 0);
    const QDir files(rig.relay.config().dataDir + QStringLiteral("/uploads"));
    QVERIFY(!files.exists() || files.isEmpty());
    QCOMPARE(metric(rig.relay, "relaydesk_upload_sweeps_total"), 1);
    QCOMPARE(metric(rig.relay, "relaydesk_uploads_swept_total"), 1);

    // Sending it now says so, and nothing is sent.
    const auto conversation = rig.relay.store().conversationFor(pageOne(), QStringLiteral("psid-sweep"));
    QVERIFY(conversation);
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, alice, -1));
    const QJsonObject answer = roundTrip(client, QStringLiteral("send_message"),
                                         {{key("conversation_id"), conversation->id}, {key("client_id"), QStringLiteral("sweep-1")},
                                          {key("attachment"), QJsonObject{{key("upload_id"), id}}}});
    QCOMPARE(errorCode(answer), QStringLiteral("not_found"));
}

// /metrics counts refused uploads by reason (issue 12), each from where it is refused.
void TestRelayUploadQuota::refusalsAreCounted()
{
    TestRelay relay;
    relay.config().uploadRatePerMinute = 2;
    relay.config().uploadAgentQuotaMiB = 1;
    QVERIFY(relay.start());
    const QByteArray alice = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    for (const char *reason : {"unauthenticated", "rate", "quota", "size", "unavailable"})
        QCOMPARE(metric(relay, "relaydesk_uploads_refused_total{reason=\"" + QByteArray(reason) + "\"}"), 0);
    QCOMPARE(metric(relay, "relaydesk_uploads_total"), 0);

    QCOMPARE(upload(relay, "rdk_not-a-token", 10).status, 401);
    QCOMPARE(upload(relay, alice, 2048 * KiB).status, 413); // over alice's 1 MiB
    QCOMPARE(upload(relay, alice, 10).status, 201);
    QCOMPARE(upload(relay, alice, 10).status, 429);         // the third this minute
    const QByteArray tooLarge = answerToHead(relay, "POST /uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                                        + alice + "\r\nContent-Length: " + QByteArray::number(26 * 1024 * KiB)
                                                        + "\r\n\r\n");
    QVERIFY2(tooLarge.startsWith("HTTP/1.1 413 "), tooLarge.constData());

    QCOMPARE(metric(relay, "relaydesk_uploads_refused_total{reason=\"unauthenticated\"}"), 1);
    QCOMPARE(metric(relay, "relaydesk_uploads_refused_total{reason=\"quota\"}"), 1);
    QCOMPARE(metric(relay, "relaydesk_uploads_refused_total{reason=\"rate\"}"), 1);
    QCOMPARE(metric(relay, "relaydesk_uploads_refused_total{reason=\"size\"}"), 1);
    QCOMPARE(metric(relay, "relaydesk_uploads_total"), 1);
}

QTEST_GUILESS_MAIN(TestRelayUploadQuota)
#include "tst_relayuploadquota.moc"
