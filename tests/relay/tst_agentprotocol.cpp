#include "agentrig.h"
#include "rawwebsocket.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {
QByteArray helloJson(const QByteArray &token = {}, qint64 since = -1, int protocol = Protocol::Version)
{
    QJsonObject hello{{key("type"), key("hello")}, {key("protocol"), protocol}};
    if (!token.isEmpty())
        hello.insert(key("token"), QString::fromUtf8(token));
    if (since >= 0)
        hello.insert(key("since"), since);
    return QJsonDocument(hello).toJson(QJsonDocument::Compact);
}
} // namespace

// The agents' WebSocket protocol at the connection level: authentication, limits,
// heartbeats, slow consumers.
class TestAgentProtocol : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void welcomeWithTokenInHeaderOrHello_data();
    void welcomeWithTokenInHeaderOrHello();
    void unknownTokenIsRefused_data();
    void unknownTokenIsRefused();
    void noHelloTimesOut();
    void firstFrameMustBeHello();
    void otherProtocolVersionIsRefused();
    void revokedAgentIsClosed();
    void oversizedFrameClosesOnlyThatClient();
    void malformedFrameAndUnknownCommandAreAnswered();
    void commandFloodIsLimitedThenClosed();
    void silentClientIsDroppedByHeartbeat();
    void slowConsumerIsDroppedOthersKeepEverything();
    void readingClientSurvivesABatchLargerThanTheLimit();
};

void TestAgentProtocol::welcomeWithTokenInHeaderOrHello_data()
{
    QTest::addColumn<int>("tokenIn");
    QTest::newRow("Authorization header") << int(AgentClient::TokenIn::Header);
    QTest::newRow("hello frame") << int(AgentClient::TokenIn::Hello);
}

void TestAgentProtocol::welcomeWithTokenInHeaderOrHello()
{
    QFETCH(int, tokenIn);
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {pageOne()});
    rig.relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-1")), 200);

    AgentClient client;
    client.connectTo(rig.relay.wsUrl(), token, 0, AgentClient::TokenIn(tokenIn));
    QTRY_VERIFY(client.hasFrame(QStringLiteral("replay_done")));
    QCOMPARE(client.frames().first().value(key("type")).toString(), QStringLiteral("welcome"));
    const QJsonObject welcome = client.frames().first();
    QCOMPARE(welcome.value(key("protocol")).toInt(), Protocol::Version);
    const QJsonObject agent = welcome.value(key("agent")).toObject();
    QCOMPARE(agent.value(key("id")).toInteger(), rig.agentId(QStringLiteral("alice")));
    QCOMPARE(agent.value(key("name")).toString(), QStringLiteral("alice"));
    // Only the Pages this agent may see; every active agent (for assignment).
    const QJsonArray pages = welcome.value(key("pages")).toArray();
    QCOMPARE(pages.size(), 1);
    QCOMPARE(pages.first().toObject().value(key("id")).toString(), pageOne());
    QCOMPARE(pages.first().toObject().value(key("name")).toString(), QStringLiteral("Shop One"));
    QCOMPARE(welcome.value(key("agents")).toArray().size(), 2);
    QCOMPARE(welcome.value(key("head")).toInteger(), rig.relay.store().lastSeq());
    QVERIFY(welcome.value(key("head")).toInteger() >= 2);
    QCOMPARE(client.eventSeqs(), range(1, rig.relay.store().lastSeq()));
    QVERIFY(client.isConnected());
}

void TestAgentProtocol::unknownTokenIsRefused_data()
{
    QTest::addColumn<int>("tokenIn");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("header, unknown") << int(AgentClient::TokenIn::Header) << QByteArray("rdk_unknown0000000000000000");
    QTest::newRow("hello, unknown") << int(AgentClient::TokenIn::Hello) << QByteArray("rdk_unknown0000000000000000");
    QTest::newRow("hello, not a token") << int(AgentClient::TokenIn::Hello) << QByteArray("password");
}

void TestAgentProtocol::unknownTokenIsRefused()
{
    QFETCH(int, tokenIn);
    QFETCH(QByteArray, token);
    AgentRig rig;
    QVERIFY(rig.start());
    rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    client.connectTo(rig.relay.wsUrl(), token, 0, AgentClient::TokenIn(tokenIn));
    QTRY_VERIFY(client.wasClosed());
    QCOMPARE(client.closeCode(), Protocol::CloseCode::Unauthorized);
    QVERIFY(!client.hasFrame(QStringLiteral("welcome")));
}

void TestAgentProtocol::noHelloTimesOut()
{
    AgentRig rig;
    rig.relay.config().authTimeoutMs = 300;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    QElapsedTimer timer;
    timer.start();
    client.open(rig.relay.wsUrl(), token); // a valid bearer, but no hello
    QTRY_VERIFY(client.isConnected());
    QTRY_VERIFY_WITH_TIMEOUT(client.wasClosed(), 5000);
    QCOMPARE(client.closeCode(), Protocol::CloseCode::AuthTimeout);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!client.hasFrame(QStringLiteral("welcome")));
}

void TestAgentProtocol::firstFrameMustBeHello()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    client.open(rig.relay.wsUrl(), token);
    QTRY_VERIFY(client.isConnected());
    client.command(QStringLiteral("snapshot"));
    QTRY_VERIFY(client.wasClosed());
    QCOMPARE(client.closeCode(), Protocol::CloseCode::Unauthorized);
    QVERIFY(!client.hasFrame(QStringLiteral("ack")));
}

void TestAgentProtocol::otherProtocolVersionIsRefused()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    client.open(rig.relay.wsUrl());
    QTRY_VERIFY(client.isConnected());
    client.sendRaw(QString::fromUtf8(helloJson(token, 0, Protocol::Version + 1)));
    QTRY_VERIFY(client.wasClosed());
    QCOMPARE(client.closeCode(), Protocol::CloseCode::UnsupportedVersion);
    QVERIFY(!client.hasFrame(QStringLiteral("welcome")));
}

void TestAgentProtocol::revokedAgentIsClosed()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray aliceToken = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const QByteArray bobToken = rig.relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
    AgentClient alice, bob;
    QVERIFY(connectLive(alice, rig.relay, aliceToken, 0));
    QVERIFY(connectLive(bob, rig.relay, bobToken, 0));

    // Nothing revoked: a check leaves everyone connected.
    rig.relay.server()->hub()->checkRevocations();
    QCOMPARE(rig.connectedAgents(), 2);

    QVERIFY(rig.relay.store().revokeAgent(rig.agentId(QStringLiteral("alice")), QDateTime::currentMSecsSinceEpoch()));
    rig.relay.server()->hub()->checkRevocations(); // the hub's 10-second timer, without the wait
    QTRY_VERIFY(alice.wasClosed());
    QCOMPARE(alice.closeCode(), Protocol::CloseCode::Revoked);
    QVERIFY(bob.isConnected());
    QCOMPARE(roundTrip(bob, QStringLiteral("snapshot")).value(key("type")).toString(), QStringLiteral("ack"));

    // The revoked token no longer opens a session.
    AgentClient again;
    again.connectTo(rig.relay.wsUrl(), aliceToken, 0);
    QTRY_VERIFY(again.wasClosed());
    QCOMPARE(again.closeCode(), Protocol::CloseCode::Unauthorized);
}

void TestAgentProtocol::oversizedFrameClosesOnlyThatClient()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient big, other;
    QVERIFY(connectLive(big, rig.relay, token, -1));
    QVERIFY(connectLive(other, rig.relay, token, -1));

    // Exactly the limit is fine.
    const QString prefix = QStringLiteral("{\"type\":\"snapshot\",\"id\":\"ok\",\"pad\":\"");
    const QString suffix = QStringLiteral("\"}");
    big.sendRaw(prefix + QString(Protocol::MaxFrameBytes - prefix.size() - suffix.size(), QLatin1Char('x')) + suffix);
    QTRY_VERIFY(!big.answerTo(QStringLiteral("ok")).isEmpty());
    QVERIFY(big.isConnected());

    big.sendRaw(prefix + QString(Protocol::MaxFrameBytes + 10, QLatin1Char('x')) + suffix);
    QTRY_VERIFY(big.wasClosed());
    QCOMPARE(big.closeCode(), Protocol::CloseCode::TooBig);

    QVERIFY(other.isConnected());
    QCOMPARE(answerType(roundTrip(other, QStringLiteral("snapshot"))), QStringLiteral("ack"));
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-1")), 200);
    QTRY_COMPARE(other.events().size(), 2);
}

void TestAgentProtocol::malformedFrameAndUnknownCommandAreAnswered()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, token, 0));

    client.sendRaw(QStringLiteral("{\"type\": \"snapshot\", "));
    QTRY_VERIFY(client.hasFrame(QStringLiteral("error")));
    QCOMPARE(errorCode(client.framesOfType(QStringLiteral("error")).first()), QStringLiteral("bad_request"));
    client.sendRaw(QStringLiteral("[1,2,3]"));
    QTRY_COMPARE(client.framesOfType(QStringLiteral("error")).size(), 2);
    QCOMPARE(errorCode(client.framesOfType(QStringLiteral("error")).last()), QStringLiteral("bad_request"));
    QVERIFY(client.isConnected());

    const QJsonObject unknown = roundTrip(client, QStringLiteral("launch_rockets"));
    QCOMPARE(answerType(unknown), QStringLiteral("error"));
    QCOMPARE(errorCode(unknown), QStringLiteral("unknown_command"));
    QVERIFY(client.isConnected());
    QCOMPARE(answerType(roundTrip(client, QStringLiteral("snapshot"))), QStringLiteral("ack"));
}

void TestAgentProtocol::commandFloodIsLimitedThenClosed()
{
    AgentRig rig;
    rig.relay.config().commandBurst = 5;
    rig.relay.config().commandsPerSecond = 1;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, token, 0));

    QStringList ids;
    for (int i = 0; i < 8; ++i)
        ids.append(client.command(QStringLiteral("snapshot")));
    QTRY_VERIFY(!client.answerTo(ids.last()).isEmpty());
    int acks = 0, limited = 0;
    for (const QString &id : std::as_const(ids)) {
        const QJsonObject answer = client.answerTo(id);
        if (answerType(answer) == QLatin1String("ack"))
            ++acks;
        else if (errorCode(answer) == QLatin1String("rate_limited"))
            ++limited;
    }
    QCOMPARE(acks, 5); // the burst (at most one more refilled at 1/s, not within these milliseconds)
    QCOMPARE(limited, 3);
    QVERIFY(client.isConnected());

    // Keeps flooding: closed.
    for (int i = 0; i < 40 && client.isConnected(); ++i)
        client.command(QStringLiteral("snapshot"));
    QTRY_VERIFY(client.wasClosed());
    QCOMPARE(client.closeCode(), Protocol::CloseCode::RateLimited);
}

void TestAgentProtocol::silentClientIsDroppedByHeartbeat()
{
    AgentRig rig;
    const int interval = 300;
    rig.relay.config().heartbeatIntervalMs = interval;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});

    AgentClient answering; // QWebSocket answers pings by itself
    QVERIFY(connectLive(answering, rig.relay, token, 0));
    QSignalSpy answeringClosed(&answering.socket(), &QWebSocket::disconnected);

    RawWebSocket silent; // reads, but never answers a ping
    QElapsedTimer timer;
    timer.start();
    QVERIFY(silent.connectTo(rig.relay.port()));
    silent.sendText(helloJson(token, 0));
    QTRY_VERIFY(!silent.frames().isEmpty());
    QCOMPARE(rig.connectedAgents(), 2);

    QTRY_VERIFY_WITH_TIMEOUT(silent.wasDisconnected(), 10 * interval);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= interval * 3 / 2 && elapsed < interval * 5, qPrintable(QString::number(elapsed)));
    QCOMPARE(silent.closeCode(), Protocol::CloseCode::HeartbeatTimeout);
    bool pinged = false;
    for (const RawWebSocket::Frame &f : silent.frames())
        pinged = pinged || f.opcode == 0x9;
    QVERIFY(pinged);

    // The client that answers stays through several more heartbeats.
    QVERIFY(!answeringClosed.wait(4 * interval));
    QVERIFY(answering.isConnected());
    QCOMPARE(rig.connectedAgents(), 1);
}

void TestAgentProtocol::slowConsumerIsDroppedOthersKeepEverything()
{
    AgentRig rig;
    rig.relay.config().maxOutgoingBufferBytes = 64 * 1024;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});

    AgentClient first, second;
    QVERIFY(connectLive(first, rig.relay, token, 0));
    QVERIFY(connectLive(second, rig.relay, token, 0));
    RawWebSocket slow;
    QVERIFY(slow.connectTo(rig.relay.port(), token));
    slow.sendText(helloJson()); // token from the header; no position: resync, then live
    QTRY_COMPARE(slow.frames().size(), 2);
    QVERIFY(slow.frames().at(1).payload.contains("resync_required"));
    slow.stopReading();
    QCOMPARE(rig.connectedAgents(), 3);
    QCOMPARE(rig.metric("relaydesk_slow_consumers_dropped_total"), 0);

    // Large messages (each well under the limit, so a reading client never nears it)
    // until the relay gives up on the client that does not read; the kernel's socket
    // buffers take a few MB first.
    const QString big(20 * 1024, QLatin1Char('y'));
    int posts = 0;
    while (rig.connectedAgents() == 3 && posts < 1000) {
        QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-%1").arg(posts % 5), 0, big + QString::number(posts)), 200);
        ++posts;
    }
    QCOMPARE(rig.connectedAgents(), 2);
    QVERIFY(rig.metric("relaydesk_slow_consumers_dropped_total") >= 1);
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-last")), 200);

    const qint64 head = rig.relay.store().lastSeq();
    QTRY_COMPARE_WITH_TIMEOUT(first.lastSeq(), head, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(second.lastSeq(), head, 20000);
    QCOMPARE(first.eventSeqs(), range(1, head));
    QCOMPARE(second.eventSeqs(), range(1, head));
    QVERIFY(first.isConnected() && second.isConnected());
}

void TestAgentProtocol::readingClientSurvivesABatchLargerThanTheLimit()
{
    AgentRig rig;
    rig.relay.config().maxOutgoingBufferBytes = 64 * 1024;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, token, 0));

    // One commit whose events alone are several times the limit (message + preview).
    const QString big(150 * 1024, QLatin1Char('z'));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-big"), 0, big + QString::number(i)), 200);
    const qint64 head = rig.relay.store().lastSeq();
    QTRY_COMPARE(client.lastSeq(), head);
    QCOMPARE(client.eventSeqs(), range(1, head));
    QVERIFY(client.isConnected());
    QCOMPARE(rig.metric("relaydesk_slow_consumers_dropped_total"), 0);
}

QTEST_GUILESS_MAIN(TestAgentProtocol)
#include "tst_agentprotocol.moc"
