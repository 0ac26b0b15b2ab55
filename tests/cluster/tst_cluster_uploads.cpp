// Agents' uploads on a cluster (issue 14, items 4 and 5): two relay processes on
// one private PostgreSQL. A file uploaded through one relay is sent by another;
// a send taken over from a killed relay still has its file; quotas count what
// every relay holds; a large file does not hold a relay up; one relay sweeps.
// Bounded: a few files, under a minute.

#include "agentclient.h"
#include "graphstandin.h"
#include "postgresserver.h"
#include "protocol.h"
#include "relayprocess.h"
#include "store.h"
#include "testfixtures.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

const QString kPage = QStringLiteral("page-1");
constexpr qint64 KiB = 1024;

struct Reply { int status = 0; QJsonObject json; };

Reply upload(const RelayProcess &relay, const QByteArray &token, const QByteArray &bytes, const QByteArray &mime)
{
    QNetworkAccessManager network;
    QNetworkRequest request(relay.httpUrl(QStringLiteral("/uploads")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, mime);
    request.setRawHeader("X-Relaydesk-Filename", "photo.png");
    request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = network.post(request, bytes);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15'000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
    delete reply;
    return r;
}

// A PNG head, then bytes that differ everywhere (a chunk out of place would show).
QByteArray picture(qint64 size, int seed)
{
    QByteArray bytes = QByteArray("\x89PNG\r\n\x1a\n", 8);
    bytes.reserve(size);
    quint32 x = 2463534242u + quint32(seed);
    while (bytes.size() < size) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.append(char(x & 0xff));
    }
    return bytes;
}

// A value from a relay's GET /metrics ("name" or "name{labels}"), -1 if absent.
qint64 metric(const RelayProcess &relay, const QByteArray &name)
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
QByteArray answerToHead(const RelayProcess &relay, const QByteArray &head)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write(head);
    QByteArray answer;
    QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains("}");
    }, 5000);
    return answer;
}

// How long one GET /healthz takes to be answered, in ms (the relay's event loop at work).
qint64 healthzMs(const RelayProcess &relay)
{
    QElapsedTimer timer;
    timer.start();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 10'000))
        return timer.elapsed();
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains("\"status\"");
    }, 10'000);
    return timer.elapsed();
}

} // namespace

class TestClusterUploads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void uploadedThroughOneSentByAnother();
    void takenOverSendHasTheFile();
    void quotasCountEveryRelay();
    void largeFileDoesNotHoldTheRelay();
    void oneRelaySweeps();

private:
    std::unique_ptr<AgentClient> agentOn(int relay, const QByteArray &token);
    qint64 conversation(int n);
    QString sendAttachment(AgentClient &agent, qint64 conversationId, const QString &uploadId, const QString &clientId);

    PostgresServer m_postgres;
    GraphStandIn m_graph;
    QList<RelayProcess *> m_relays;
    QByteArray m_ana;
    QByteArray m_ben;
    std::unique_ptr<Store::Store> m_db; // the test's own look at the shared database
};

void TestClusterUploads::initTestCase()
{
    QString error;
    QVERIFY2(m_postgres.start(&error), qPrintable(error));
    QVERIFY2(m_postgres.createDatabase(QStringLiteral("uploads"), &error), qPrintable(error));
    const QString url = m_postgres.url(QStringLiteral("uploads"));
    QVERIFY(m_graph.listen());
    for (int i = 0; i < 2; ++i) {
        auto *relay = new RelayProcess;
        QVERIFY(relay->isValid());
        relay->setGraphUrl(m_graph.baseUrl());
        relay->setSetting(QStringLiteral("RELAYDESK_STORE"), url);
        relay->setSetting(QStringLiteral("RELAYDESK_LEASE_MS"), QStringLiteral("2000"));
        // A failed send waits long before its retry: long enough to kill its relay meanwhile.
        relay->setSetting(QStringLiteral("RELAYDESK_SEND_RETRY_INITIAL_MS"), QStringLiteral("30000"));
        relay->setSetting(QStringLiteral("RELAYDESK_UPLOAD_AGENT_QUOTA_MIB"), QStringLiteral("30"));
        m_relays.append(relay);
    }
    QVERIFY(m_relays[0]->addPage(kPage, QStringLiteral("Shop")));
    m_ana = m_relays[0]->addAgent(QStringLiteral("ana"));
    m_ben = m_relays[1]->addAgent(QStringLiteral("ben"));
    QVERIFY(m_ana.startsWith("rdk_") && m_ben.startsWith("rdk_"));
    for (RelayProcess *relay : std::as_const(m_relays))
        QVERIFY(relay->start());
    m_db = Store::openStore(url, QString(), QByteArray(), &error);
    QVERIFY2(m_db, qPrintable(error));
}

void TestClusterUploads::cleanupTestCase()
{
    qDeleteAll(m_relays);
    m_relays.clear();
    m_db.reset();
}

std::unique_ptr<AgentClient> TestClusterUploads::agentOn(int relay, const QByteArray &token)
{
    auto agent = std::make_unique<AgentClient>();
    agent->connectTo(m_relays[relay]->wsUrl(), token, 0);
    return agent;
}

qint64 TestClusterUploads::conversation(int n)
{
    const QString psid = QStringLiteral("psid-up-%1").arg(n);
    WebhookPoster poster(m_relays[0]->httpUrl(QStringLiteral("/webhook")), RelayProcess::AppSecret);
    const QByteArray body = textWebhook(CustomerText{kPage, psid, QStringLiteral("m_up_%1").arg(n),
                                                     QStringLiteral("a photo, please"),
                                                     QDateTime::currentMSecsSinceEpoch()});
    if (poster.post(body).status != 200)
        return 0;
    const auto c = m_db->conversationFor(kPage, psid);
    return c ? c->id : 0;
}

QString TestClusterUploads::sendAttachment(AgentClient &agent, qint64 conversationId, const QString &uploadId,
                                           const QString &clientId)
{
    return agent.command(QString(Protocol::ClientFrame::SendMessage),
                         {{QStringLiteral("conversation_id"), conversationId},
                          {QStringLiteral("client_id"), clientId},
                          {QStringLiteral("attachment"), QJsonObject{{QStringLiteral("upload_id"), uploadId}}}});
}

// POST /uploads reaches relay 0, the agent's send_message relay 1: relay 1 finds the
// file (its bytes are in the database, not on relay 0's disk) and Meta gets them.
void TestClusterUploads::uploadedThroughOneSentByAnother()
{
    const qint64 conversationId = conversation(1);
    QVERIFY(conversationId > 0);
    const QByteArray bytes = picture(700 * KiB, 1); // several chunks
    const Reply uploaded = upload(*m_relays[0], m_ana, bytes, "image/png");
    QCOMPARE(uploaded.status, 201);
    const QString id = uploaded.json.value(QStringLiteral("upload_id")).toString();
    QVERIFY(m_db->upload(id));

    const int sendsBefore = int(m_graph.sends().size());
    auto agent = agentOn(1, m_ana);
    QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    const QString request = sendAttachment(*agent, conversationId, id, QStringLiteral("c-up-1"));
    QTRY_COMPARE(agent->answerTo(request).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_graph.sends().size()), sendsBefore + 1, 10'000);
    const QByteArray sent = m_graph.sends().last().body;
    QVERIFY(sent.contains(bytes)); // every byte, in order
    QVERIFY(sent.contains("\"type\":\"image\""));
    QVERIFY(!QFile::exists(m_relays[0]->dataDir() + QStringLiteral("/uploads/") + id)); // not on a relay's disk
    QTRY_COMPARE_WITH_TIMEOUT(m_db->messageByClientId(QStringLiteral("c-up-1"))->status, Message::Status::Sent,
                              10'000);
    QTRY_VERIFY(!m_db->upload(id)); // Meta has it: gone from the database, for every relay
    QCOMPARE(metric(*m_relays[0], "relaydesk_uploads_total"), 1);
}

// Relay 1 accepts a reply with a file uploaded through relay 0, its attempt fails,
// and it is killed while it waits to retry. Relay 0 takes the send over and sends
// the same file, once.
void TestClusterUploads::takenOverSendHasTheFile()
{
    const qint64 conversationId = conversation(2);
    QVERIFY(conversationId > 0);
    const QByteArray bytes = picture(300 * KiB, 2);
    const Reply uploaded = upload(*m_relays[0], m_ana, bytes, "image/png");
    QCOMPARE(uploaded.status, 201);
    const QString id = uploaded.json.value(QStringLiteral("upload_id")).toString();

    const int sendsBefore = int(m_graph.sends().size());
    m_graph.queueSendAnswer({400, fixture(QStringLiteral("graph/send-error-temporary.json")), 0});
    auto agent = agentOn(1, m_ana);
    QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    const QString request = sendAttachment(*agent, conversationId, id, QStringLiteral("c-up-2"));
    QTRY_COMPARE(agent->answerTo(request).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_graph.sends().size()), sendsBefore + 1, 10'000); // the failed attempt
    m_relays[1]->kill();

    QTRY_COMPARE_WITH_TIMEOUT(int(m_graph.sends().size()), sendsBefore + 2, 15'000);
    QVERIFY(m_graph.sends().last().body.contains(bytes));
    QTRY_COMPARE_WITH_TIMEOUT(m_db->messageByClientId(QStringLiteral("c-up-2"))->status, Message::Status::Sent,
                              10'000);
    QTRY_VERIFY(!m_db->upload(id));
    QVERIFY(m_relays[1]->start());
    QTest::qWait(1500);
    QCOMPARE(int(m_graph.sends().size()), sendsBefore + 2); // once
}

// Ben may hold 30 MiB of unsent files. 20 MiB through relay 0 leaves no room for
// 12 MiB through relay 1: each relay counts what all of them hold.
void TestClusterUploads::quotasCountEveryRelay()
{
    QCOMPARE(upload(*m_relays[0], m_ben, picture(20 * 1024 * KiB, 3), "image/png").status, 201);
    const QByteArray over = answerToHead(*m_relays[1], "POST /uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                                           + m_ben + "\r\nContent-Length: "
                                                           + QByteArray::number(12 * 1024 * KiB) + "\r\n\r\n");
    QVERIFY2(over.startsWith("HTTP/1.1 413 "), over.constData());
    QVERIFY(over.contains("agent_quota_exceeded"));
    QVERIFY(over.contains("20 MiB"));
    QCOMPARE(metric(*m_relays[1], "relaydesk_uploads_refused_total{reason=\"quota\"}"), 1);
    QCOMPARE(upload(*m_relays[1], m_ben, picture(400 * KiB, 5), "image/png").status, 201); // what fits
    QCOMPARE(m_db->uploadUsage(0)->totalBytes, 20 * 1024 * KiB + 400 * KiB);
}

// A 24 MiB file goes into the database and out again a chunk per turn of the event
// loop: meanwhile each relay answers /healthz at once (in one go, QPSQL held the
// relay for one to three seconds each way).
void TestClusterUploads::largeFileDoesNotHoldTheRelay()
{
    const qint64 conversationId = conversation(3);
    QVERIFY(conversationId > 0);
    const QByteArray bytes = picture(24 * 1024 * KiB, 6);
    QNetworkAccessManager network;
    QNetworkRequest request(m_relays[0]->httpUrl(QStringLiteral("/uploads")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("image/png"));
    request.setRawHeader("Authorization", "Bearer " + m_ana);
    std::unique_ptr<QNetworkReply> reply(network.post(request, bytes));
    qint64 slowest = 0;
    int probes = 0;
    QElapsedTimer deadline;
    deadline.start();
    while (!reply->isFinished() && deadline.elapsed() < 30'000) {
        slowest = qMax(slowest, healthzMs(*m_relays[0]));
        ++probes;
    }
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QVERIFY(probes > 3);
    qInfo() << "upload of 24 MiB: slowest /healthz of relay 0" << slowest << "ms of" << probes;
    QVERIFY2(slowest < 1000, qPrintable(QString::number(slowest)));
    const QString id = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("upload_id")).toString();

    const int sendsBefore = int(m_graph.sends().size());
    auto agent = agentOn(1, m_ana);
    QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    const QString sent = sendAttachment(*agent, conversationId, id, QStringLiteral("c-up-3"));
    slowest = 0;
    probes = 0;
    deadline.restart();
    while (int(m_graph.sends().size()) == sendsBefore && deadline.elapsed() < 30'000) {
        slowest = qMax(slowest, healthzMs(*m_relays[1]));
        ++probes;
    }
    QCOMPARE(int(m_graph.sends().size()), sendsBefore + 1);
    QVERIFY(m_graph.sends().last().body.contains(bytes));
    qInfo() << "send of 24 MiB: slowest /healthz of relay 1" << slowest << "ms of" << probes;
    QVERIFY(probes > 3);
    QVERIFY2(slowest < 1000, qPrintable(QString::number(slowest)));
    QCOMPARE(agent->answerTo(sent).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
}

// Every relay tries to sweep at start and every hour; the one holding the lease does.
void TestClusterUploads::oneRelaySweeps()
{
    const qint64 sweeps0 = metric(*m_relays[0], "relaydesk_upload_sweeps_total");
    const qint64 sweeps1 = metric(*m_relays[1], "relaydesk_upload_sweeps_total");
    QVERIFY(sweeps0 >= 0 && sweeps1 >= 0);
    // Relay 0 swept at its start and holds the lease (renewed with its others); relay 1,
    // started after it (and again after its kill), did not sweep.
    QCOMPARE(sweeps0, 1);
    QCOMPARE(sweeps1, 0);
}

QTEST_GUILESS_MAIN(TestClusterUploads)
#include "tst_cluster_uploads.moc"
