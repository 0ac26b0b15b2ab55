// The compiled Socket.IO client against the REAL Express + Socket.IO peer
// (bench/peers/express-socketio/server.js run by node), and against a scripted
// Engine.IO server for the parts the peer cannot be made to show on demand
// (pings every 25 s, the server's "1").

#include "socketioclient.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using Relaydesk::Bench::SocketIoClient;

namespace {

const QByteArray kAppSecret = QByteArrayLiteral("peer-test-app-secret");
const QString kVerifyToken = QStringLiteral("peer-test-verify-token");
const QString kAgentToken = QStringLiteral("peer-test-agent-token");
const QString kPageId = QStringLiteral("104216672283716");
constexpr int kTimeoutMs = 15'000;

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
};

QByteArray signatureOf(const QByteArray &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, kAppSecret, QCryptographicHash::Sha256).toHex();
}

QByteArray messageWebhook(const QString &psid, const QString &mid, const QString &text)
{
    const QJsonObject event{
        {QStringLiteral("sender"), QJsonObject{{QStringLiteral("id"), psid}}},
        {QStringLiteral("recipient"), QJsonObject{{QStringLiteral("id"), kPageId}}},
        {QStringLiteral("timestamp"), 1'700'000'000'000.0},
        {QStringLiteral("message"), QJsonObject{{QStringLiteral("mid"), mid}, {QStringLiteral("text"), text}}},
    };
    const QJsonObject entry{{QStringLiteral("id"), kPageId},
                            {QStringLiteral("time"), 1'700'000'000'000.0},
                            {QStringLiteral("messaging"), QJsonArray{event}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("page")},
                                     {QStringLiteral("entry"), QJsonArray{entry}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray deliveryWebhook(const QString &psid, const QString &mid)
{
    const QJsonObject event{
        {QStringLiteral("sender"), QJsonObject{{QStringLiteral("id"), psid}}},
        {QStringLiteral("recipient"), QJsonObject{{QStringLiteral("id"), kPageId}}},
        {QStringLiteral("timestamp"), 1'700'000'000'500.0},
        {QStringLiteral("delivery"), QJsonObject{{QStringLiteral("mids"), QJsonArray{mid}},
                                                 {QStringLiteral("watermark"), 1'700'000'000'400.0}}},
    };
    const QJsonObject entry{{QStringLiteral("id"), kPageId},
                            {QStringLiteral("time"), 1'700'000'000'500.0},
                            {QStringLiteral("messaging"), QJsonArray{event}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("page")},
                                     {QStringLiteral("entry"), QJsonArray{entry}}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject agentAuth(const QString &token, const QString &agent, const QJsonArray &pages = {QJsonArray{kPageId}})
{
    return QJsonObject{{QStringLiteral("token"), token},
                       {QStringLiteral("agent"), agent},
                       {QStringLiteral("pages"), pages}};
}

// 42["name",payload] → name and payload.
std::pair<QString, QJsonObject> parseEvent(const QString &packet)
{
    if (!packet.startsWith(QLatin1String("42")))
        return {};
    const QJsonArray array = QJsonDocument::fromJson(packet.mid(2).toUtf8()).array();
    return {array.at(0).toString(), array.at(1).toObject()};
}

// A client with spies on every signal.
struct Agent
{
    explicit Agent() = default;
    SocketIoClient client;
    QSignalSpy connected{&client, &SocketIoClient::connected};
    QSignalSpy frames{&client, &SocketIoClient::eventFrame};
    QSignalSpy errors{&client, &SocketIoClient::connectError};
    QSignalSpy disconnected{&client, &SocketIoClient::disconnected};

    QString frame(int i) const { return frames.at(i).at(0).toString(); }
};

} // namespace

class TestSocketIoClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    // Against a scripted Engine.IO server.
    void handshakePingEventAndServerClose();
    void scriptedConnectError();
    void refusedConnectionIsConnectError();

    // Against the real peer.
    void verificationAnswersTheChallenge();
    void healthz();
    void rightTokenReceivesSignedMessageOnce();
    void wrongTokenGetsConnectError();
    void badOrMissingSignatureIsRefusedAndNotRelayed();
    void malformedJsonIsBadRequest();
    void agentRoomAloneReceivesAssignedConversation();
    void peerStopsCleanlyAndClientsAreDisconnected(); // last: stops the peer

private:
    QUrl peerUrl(const QString &path = {}) const;
    HttpAnswer finish(QNetworkReply *reply);
    HttpAnswer postWebhook(const QByteArray &body, const QByteArray &signature);
    HttpAnswer get(const QUrl &url);
    int healthzClients();

    QTemporaryDir m_dir;
    QProcess m_peer;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
};

void TestSocketIoClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString peerDir = QStringLiteral(RELAYDESK_PEER_DIR);
    QVERIFY2(QFileInfo::exists(peerDir + QLatin1String("/server.js")), qPrintable(peerDir));
    if (!QFileInfo::exists(peerDir + QLatin1String("/node_modules/express/package.json"))
        || !QFileInfo::exists(peerDir + QLatin1String("/node_modules/socket.io/package.json"))) {
        QFAIL(qPrintable(QStringLiteral("%1/node_modules is missing or incomplete: run scripts/setup.sh "
                                        "(it runs npm ci there)").arg(peerDir)));
    }
    QString node = QStringLiteral(RELAYDESK_NODE_BIN);
    if (node.isEmpty() || !QFileInfo(node).isExecutable())
        node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QFAIL("node (Node.js) was not found: run scripts/setup.sh");

    const QString portFile = m_dir.filePath(QStringLiteral("port"));
    m_peer.setWorkingDirectory(peerDir);
    m_peer.setProcessChannelMode(QProcess::ForwardedChannels);
    m_peer.start(node, {QStringLiteral("server.js"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--port-file"), portFile,
                        QStringLiteral("--app-secret"), QString::fromLatin1(kAppSecret),
                        QStringLiteral("--verify-token"), kVerifyToken,
                        QStringLiteral("--agent-token"), kAgentToken});
    QVERIFY2(m_peer.waitForStarted(), qPrintable(m_peer.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(portFile).size() > 0 || m_peer.state() == QProcess::NotRunning, kTimeoutMs);
    QVERIFY2(m_peer.state() == QProcess::Running, "the peer exited before listening (its stderr is above)");
    QFile file(portFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    m_port = file.readAll().trimmed().toUShort(&ok);
    QVERIFY(ok && m_port > 0);
}

void TestSocketIoClient::cleanupTestCase()
{
    if (m_peer.state() != QProcess::NotRunning) {
        m_peer.kill();
        m_peer.waitForFinished();
    }
}

QUrl TestSocketIoClient::peerUrl(const QString &path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    return url;
}

HttpAnswer TestSocketIoClient::finish(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(kTimeoutMs);
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

HttpAnswer TestSocketIoClient::postWebhook(const QByteArray &body, const QByteArray &signature)
{
    QNetworkRequest request(peerUrl(QStringLiteral("/webhook")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!signature.isEmpty())
        request.setRawHeader("X-Hub-Signature-256", signature);
    return finish(m_network.post(request, body));
}

HttpAnswer TestSocketIoClient::get(const QUrl &url)
{
    return finish(m_network.get(QNetworkRequest(url)));
}

int TestSocketIoClient::healthzClients()
{
    const HttpAnswer answer = get(peerUrl(QStringLiteral("/healthz")));
    if (answer.status != 200)
        return -1;
    return QJsonDocument::fromJson(answer.body).object().value(QLatin1String("clients")).toInt(-1);
}

// --- the scripted server -------------------------------------------------------

void TestSocketIoClient::handshakePingEventAndServerClose()
{
    QWebSocketServer server(QStringLiteral("scripted"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy newConnection(&server, &QWebSocketServer::newConnection);

    Agent agent;
    const QJsonObject auth = agentAuth(QStringLiteral("t0ken"), QStringLiteral("alice"));
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(server.serverPort());
    agent.client.open(url, auth);

    QTRY_COMPARE_WITH_TIMEOUT(newConnection.size(), 1, kTimeoutMs);
    std::unique_ptr<QWebSocket> socket(server.nextPendingConnection());
    QVERIFY(socket);
    QCOMPARE(socket->requestUrl().path(), QStringLiteral("/socket.io/"));
    const QUrlQuery query(socket->requestUrl());
    QCOMPARE(query.queryItemValue(QStringLiteral("EIO")), QStringLiteral("4"));
    QCOMPARE(query.queryItemValue(QStringLiteral("transport")), QStringLiteral("websocket"));
    QSignalSpy received(socket.get(), &QWebSocket::textMessageReceived);

    socket->sendTextMessage(QStringLiteral(
        R"(0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, kTimeoutMs);
    const QString connect = received.at(0).at(0).toString();
    QVERIFY2(connect.startsWith(QLatin1String("40{")), qPrintable(connect));
    QCOMPARE(QJsonDocument::fromJson(connect.mid(2).toUtf8()).object(), auth);
    QCOMPARE(agent.connected.size(), 0);
    QVERIFY(!agent.client.isConnected());

    socket->sendTextMessage(QStringLiteral(R"(40{"sid":"s1"})"));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);
    QVERIFY(agent.client.isConnected());

    socket->sendTextMessage(QStringLiteral("2"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, kTimeoutMs);
    QCOMPARE(received.at(1).at(0).toString(), QStringLiteral("3"));

    const QString event = QStringLiteral(R"(42["new-message",{"text":"héllo"}])");
    socket->sendTextMessage(event);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QCOMPARE(agent.frame(0), event);

    socket->sendTextMessage(QStringLiteral("1"));
    QTRY_COMPARE_WITH_TIMEOUT(agent.disconnected.size(), 1, kTimeoutMs);
    QVERIFY(!agent.client.isConnected());
    QCOMPARE(agent.errors.size(), 0);
    QCOMPARE(agent.connected.size(), 1);
}

void TestSocketIoClient::scriptedConnectError()
{
    QWebSocketServer server(QStringLiteral("scripted"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy newConnection(&server, &QWebSocketServer::newConnection);

    Agent agent;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(server.serverPort());
    agent.client.open(url, {});
    QTRY_COMPARE_WITH_TIMEOUT(newConnection.size(), 1, kTimeoutMs);
    std::unique_ptr<QWebSocket> socket(server.nextPendingConnection());
    QSignalSpy received(socket.get(), &QWebSocket::textMessageReceived);
    QSignalSpy socketClosed(socket.get(), &QWebSocket::disconnected);
    socket->sendTextMessage(QStringLiteral(R"(0{"sid":"e2","upgrades":[],"pingInterval":25000,"pingTimeout":20000})"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, kTimeoutMs);
    QCOMPARE(received.at(0).at(0).toString(), QStringLiteral("40")); // no auth: a bare connect

    socket->sendTextMessage(QStringLiteral(R"(44{"message":"not today"})"));
    QTRY_COMPARE_WITH_TIMEOUT(agent.errors.size(), 1, kTimeoutMs);
    QCOMPARE(agent.errors.at(0).at(0).toString(), QStringLiteral("not today"));
    QCOMPARE(agent.connected.size(), 0);
    QVERIFY(!agent.client.isConnected());
    // The client gives up the transport; that is not a disconnect of a session it never had.
    QTRY_COMPARE_WITH_TIMEOUT(socketClosed.size(), 1, kTimeoutMs);
    QCOMPARE(agent.disconnected.size(), 0);
}

void TestSocketIoClient::refusedConnectionIsConnectError()
{
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close(); // nothing listens there now

    Agent agent;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    agent.client.open(url, agentAuth(kAgentToken, QStringLiteral("nobody")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.errors.size(), 1, kTimeoutMs);
    QVERIFY(!agent.errors.at(0).at(0).toString().isEmpty());
    QCOMPARE(agent.connected.size(), 0);
    QCOMPARE(agent.disconnected.size(), 0);
}

// --- the real peer -----------------------------------------------------------------

void TestSocketIoClient::verificationAnswersTheChallenge()
{
    QUrl url = peerUrl(QStringLiteral("/webhook"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("hub.mode"), QStringLiteral("subscribe"));
    query.addQueryItem(QStringLiteral("hub.verify_token"), kVerifyToken);
    query.addQueryItem(QStringLiteral("hub.challenge"), QStringLiteral("1158201444"));
    url.setQuery(query);
    const HttpAnswer right = get(url);
    QCOMPARE(right.status, 200);
    QCOMPARE(right.body, QByteArrayLiteral("1158201444"));

    QUrlQuery wrongQuery;
    wrongQuery.addQueryItem(QStringLiteral("hub.mode"), QStringLiteral("subscribe"));
    wrongQuery.addQueryItem(QStringLiteral("hub.verify_token"), QStringLiteral("not-the-token"));
    wrongQuery.addQueryItem(QStringLiteral("hub.challenge"), QStringLiteral("1158201444"));
    url.setQuery(wrongQuery);
    const HttpAnswer wrong = get(url);
    QCOMPARE(wrong.status, 403);
    QVERIFY(!wrong.body.contains("1158201444"));
}

void TestSocketIoClient::healthz()
{
    const HttpAnswer answer = get(peerUrl(QStringLiteral("/healthz")));
    QCOMPARE(answer.status, 200);
    const QJsonObject health = QJsonDocument::fromJson(answer.body).object();
    QCOMPARE(health.value(QLatin1String("ok")), QJsonValue(true));
    QVERIFY(health.value(QLatin1String("clients")).isDouble());
}

void TestSocketIoClient::rightTokenReceivesSignedMessageOnce()
{
    Agent agent;
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("alice")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);
    QCOMPARE(agent.errors.size(), 0);

    // alice is in page:<id> and (as the only agent online) the conversation's
    // agent:alice room; the one emit to both must reach her once.
    const QByteArray first = messageWebhook(QStringLiteral("psid-1"), QStringLiteral("m_first"),
                                            QStringLiteral("Hola, ¿tienen talla M? ✓"));
    HttpAnswer answer = postWebhook(first, signatureOf(first));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArrayLiteral("EVENT_RECEIVED"));
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QVERIFY2(agent.frame(0).contains(QStringLiteral("Hola, ¿tienen talla M? ✓")), qPrintable(agent.frame(0)));
    const auto [name, payload] = parseEvent(agent.frame(0));
    QCOMPARE(name, QStringLiteral("new-message"));
    QCOMPARE(payload.value(QLatin1String("page_id")).toString(), kPageId);
    QCOMPARE(payload.value(QLatin1String("psid")).toString(), QStringLiteral("psid-1"));
    QCOMPARE(payload.value(QLatin1String("mid")).toString(), QStringLiteral("m_first"));
    QCOMPARE(payload.value(QLatin1String("timestamp")).toDouble(), 1'700'000'000'000.0);
    QVERIFY(payload.value(QLatin1String("attachments")).isArray());

    // A delivery comes as message-status, after the first frame: had the message
    // been sent twice, the duplicate would be frame 1.
    const QByteArray delivery = deliveryWebhook(QStringLiteral("psid-1"), QStringLiteral("m_reply"));
    answer = postWebhook(delivery, signatureOf(delivery));
    QCOMPARE(answer.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 2, kTimeoutMs);
    const auto [statusName, status] = parseEvent(agent.frame(1));
    QCOMPARE(statusName, QStringLiteral("message-status"));
    QCOMPARE(status.value(QLatin1String("status")).toString(), QStringLiteral("delivered"));
    QCOMPARE(status.value(QLatin1String("mids")).toArray(), QJsonArray{QStringLiteral("m_reply")});

    agent.client.close();
    QVERIFY(!agent.client.isConnected());
    QCOMPARE(agent.disconnected.size(), 0); // close() is the owner's: no signal
}

void TestSocketIoClient::wrongTokenGetsConnectError()
{
    Agent intruder;
    intruder.client.open(peerUrl(), agentAuth(QStringLiteral("not-the-agent-token"), QStringLiteral("mallory")));
    QTRY_COMPARE_WITH_TIMEOUT(intruder.errors.size(), 1, kTimeoutMs);
    QCOMPARE(intruder.errors.at(0).at(0).toString(), QStringLiteral("unauthorized"));
    QCOMPARE(intruder.connected.size(), 0);
    QVERIFY(!intruder.client.isConnected());

    // And it hears nothing of what the agents hear.
    Agent agent;
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("bob")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);
    const QByteArray body = messageWebhook(QStringLiteral("psid-2"), QStringLiteral("m_secret"),
                                           QStringLiteral("for agents only"));
    QCOMPARE(postWebhook(body, signatureOf(body)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QCOMPARE(intruder.frames.size(), 0);
}

void TestSocketIoClient::badOrMissingSignatureIsRefusedAndNotRelayed()
{
    Agent agent;
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("carol")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);

    const QByteArray forged = messageWebhook(QStringLiteral("psid-3"), QStringLiteral("m_forged"),
                                             QStringLiteral("forged message"));
    QByteArray wrongSecret = "sha256="
        + QMessageAuthenticationCode::hash(forged, QByteArrayLiteral("another secret"), QCryptographicHash::Sha256)
              .toHex();
    QCOMPARE(postWebhook(forged, wrongSecret).status, 403);
    QCOMPARE(postWebhook(forged, {}).status, 403);
    QCOMPARE(postWebhook(forged, QByteArrayLiteral("sha256=zz")).status, 403);
    // Signed for another body.
    const QByteArray other = messageWebhook(QStringLiteral("psid-3"), QStringLiteral("m_other"),
                                            QStringLiteral("other"));
    QCOMPARE(postWebhook(forged, signatureOf(other)).status, 403);

    // A signed marker after them: had any forged one been relayed, it would come first.
    const QByteArray marker = messageWebhook(QStringLiteral("psid-3"), QStringLiteral("m_marker"),
                                             QStringLiteral("marker after the forgeries"));
    QCOMPARE(postWebhook(marker, signatureOf(marker)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QVERIFY2(agent.frame(0).contains(QStringLiteral("marker after the forgeries")), qPrintable(agent.frame(0)));
    QVERIFY(!agent.frame(0).contains(QStringLiteral("forged")));
}

void TestSocketIoClient::malformedJsonIsBadRequest()
{
    Agent agent;
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("dave")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);

    const QByteArray broken = QByteArrayLiteral(R"({"object":"page","entry":[{"id":"1)");
    QCOMPARE(postWebhook(broken, signatureOf(broken)).status, 400);
    // A bad signature wins over bad JSON.
    QCOMPARE(postWebhook(broken, QByteArrayLiteral("sha256=") + QByteArray(64, '0')).status, 403);

    const QByteArray marker = messageWebhook(QStringLiteral("psid-4"), QStringLiteral("m_after_broken"),
                                             QStringLiteral("after the broken body"));
    QCOMPARE(postWebhook(marker, signatureOf(marker)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QVERIFY(agent.frame(0).contains(QStringLiteral("after the broken body")));
}

void TestSocketIoClient::agentRoomAloneReceivesAssignedConversation()
{
    // No other client may be online, or round robin could give the conversation to it.
    QTRY_COMPARE_WITH_TIMEOUT(healthzClients(), 0, kTimeoutMs);

    Agent agent; // in no page room: only agent:erin
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("erin"), QJsonArray{}));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);
    QCOMPARE(healthzClients(), 1);

    const QByteArray body = messageWebhook(QStringLiteral("psid-erin-only"), QStringLiteral("m_assigned"),
                                           QStringLiteral("assigned to erin"));
    QCOMPARE(postWebhook(body, signatureOf(body)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(agent.frames.size(), 1, kTimeoutMs);
    QVERIFY(agent.frame(0).contains(QStringLiteral("assigned to erin")));
}

void TestSocketIoClient::peerStopsCleanlyAndClientsAreDisconnected()
{
    Agent agent;
    agent.client.open(peerUrl(), agentAuth(kAgentToken, QStringLiteral("frank")));
    QTRY_COMPARE_WITH_TIMEOUT(agent.connected.size(), 1, kTimeoutMs);

    m_peer.terminate(); // SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(agent.disconnected.size(), 1, kTimeoutMs);
    QVERIFY(!agent.client.isConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_peer.state(), QProcess::NotRunning, kTimeoutMs);
    QCOMPARE(m_peer.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_peer.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestSocketIoClient)
#include "tst_socketioclient.moc"
