#include "agentrig.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTimer>

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

QString uploadsDir(TestRelay &relay) { return relay.config().dataDir + QStringLiteral("/uploads"); }

int filesIn(const QString &dir) { return int(QDir(dir).entryList(QDir::Files).size()); }

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
    QCOMPARE(filesIn(uploadsDir(rig.relay)), 2); // one upload: body and sidecar; nothing of the refused one

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
    QTRY_COMPARE(filesIn(uploadsDir(rig.relay)), 2); // bob's only
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
    QCOMPARE(filesIn(uploadsDir(relay)), 8);       // four uploads, none of the refused
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
    QCOMPARE(filesIn(uploadsDir(relay)), 2);
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
    const QString body = uploadsDir(rig.relay) + QLatin1Char('/') + id;
    QVERIFY(QFile::exists(body));

    // 23 hours later (the relay restarted with its clock moved on): still there.
    qputenv("RELAYDESK_CLOCK_OFFSET_MS", QByteArray::number(23LL * 3600 * 1000));
    QVERIFY(rig.relay.restart());
    QVERIFY(QFile::exists(body));
    // 25 hours later: the sweep that runs at start has deleted it, sidecar too.
    qputenv("RELAYDESK_CLOCK_OFFSET_MS", QByteArray::number(25LL * 3600 * 1000));
    QVERIFY(rig.relay.restart());
    QVERIFY(!QFile::exists(body));
    QCOMPARE(filesIn(uploadsDir(rig.relay)), 0);

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

QTEST_GUILESS_MAIN(TestRelayUploadQuota)
#include "tst_relayuploadquota.moc"
