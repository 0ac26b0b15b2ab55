// The caps on agents' WebSockets: sockets upgraded but not yet authenticated are
// counted against a cap of their own and per remote address (an upgrade gives its
// HTTP connection slot back, so max_connections no longer covers it), and
// authenticated agents' sockets against max_agent_connections. Each refusal is
// counted in /metrics.
#include "protocol.h"
#include "rawwebsocket.h"
#include "testrelay.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <array>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

QByteArray helloJson(const QByteArray &token)
{
    const QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")},
                            {QStringLiteral("protocol"), Protocol::Version},
                            {QStringLiteral("token"), QString::fromUtf8(token)}};
    return QJsonDocument(hello).toJson(QJsonDocument::Compact);
}

bool hasWelcome(RawWebSocket &socket)
{
    const QList<RawWebSocket::Frame> frames = socket.frames();
    for (const RawWebSocket::Frame &frame : frames)
        if (frame.opcode == 0x1 && frame.payload.contains("\"type\":\"welcome\""))
            return true;
    return false;
}

// A value from GET /metrics ("name" or "name{labels}"), -1 if absent.
qint64 metric(quint16 port, const QByteArray &name)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
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

QByteArray refused(const char *reason)
{
    return QByteArrayLiteral("relaydesk_connections_refused_total{reason=\"") + reason + "\"}";
}

} // namespace

class TestAgentCaps : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void unauthenticatedOverTheCapAreRefused();
    void unauthenticatedPerAddress();
    void authenticatedLimitAtUpgrade();
    void authenticatedLimitAtHello();
};

void TestAgentCaps::unauthenticatedOverTheCapAreRefused()
{
    TestRelay relay;
    relay.config().maxUnauthenticatedWebSockets = 3;
    QVERIFY(relay.start());
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const quint16 port = relay.port();

    std::array<RawWebSocket, 5> sockets;
    for (int i = 0; i < 3; ++i)
        QVERIFY2(sockets[i].connectTo(port), qPrintable(QString::number(i)));
    QCOMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 3);
    // The 4th and 5th are refused before the handshake: 503 with Retry-After.
    for (int i = 3; i < 5; ++i) {
        QVERIFY(!sockets[i].connectTo(port));
        QCOMPARE(sockets[i].upgradeStatus(), 503);
        QVERIFY(sockets[i].upgradeAnswer().contains("Retry-After: "));
    }
    QCOMPARE(metric(port, refused("websocket_unauthenticated")), 2);
    QCOMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 3);

    // One authenticates and leaves the count: room for one more.
    sockets[0].sendText(helloJson(token));
    QTRY_VERIFY(hasWelcome(sockets[0]));
    QCOMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 2);
    RawWebSocket next;
    QVERIFY(next.connectTo(port));
    // One goes away without a word: its place comes back too.
    sockets[1].socket().abort();
    QTRY_COMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 2);
    RawWebSocket another;
    QVERIFY(another.connectTo(port));
    RawWebSocket over;
    QVERIFY(!over.connectTo(port));
    QCOMPARE(over.upgradeStatus(), 503);
    QCOMPARE(metric(port, refused("websocket_unauthenticated")), 3);
    // The authenticated agent was never disturbed.
    QVERIFY(sockets[0].isConnected());
    QCOMPARE(sockets[0].closeCode(), 0);
}

void TestAgentCaps::unauthenticatedPerAddress()
{
    TestRelay relay;
    relay.config().maxUnauthenticatedWebSockets = 10;
    relay.config().maxUnauthenticatedWebSocketsPerAddress = 2;
    QVERIFY(relay.start());
    const quint16 port = relay.port();

    RawWebSocket a, b, c;
    QVERIFY(a.connectTo(port));
    QVERIFY(b.connectTo(port));
    QVERIFY(!c.connectTo(port));
    QCOMPARE(c.upgradeStatus(), 429);
    QCOMPARE(metric(port, refused("websocket_per_address")), 1);

    // Another address (all of 127/8 is loopback on Linux) has its own count.
    RawWebSocket other;
    QVERIFY(other.socket().bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    QVERIFY(other.connectTo(port));
    QCOMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 3);
    QCOMPARE(metric(port, refused("websocket_unauthenticated")), 0);
}

void TestAgentCaps::authenticatedLimitAtUpgrade()
{
    TestRelay relay;
    relay.config().maxAgentConnections = 2;
    QVERIFY(relay.start());
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const quint16 port = relay.port();

    RawWebSocket first, second;
    QVERIFY(first.connectTo(port, token));
    first.sendText(helloJson(token));
    QTRY_VERIFY(hasWelcome(first));
    QVERIFY(second.connectTo(port, token));
    second.sendText(helloJson(token));
    QTRY_VERIFY(hasWelcome(second));

    // At the limit: the next upgrade is refused before the handshake.
    RawWebSocket third;
    QVERIFY(!third.connectTo(port, token));
    QCOMPARE(third.upgradeStatus(), 503);
    QCOMPARE(metric(port, refused("agent_connections")), 1);

    // An agent leaving frees its place.
    first.socket().abort();
    QTRY_COMPARE(metric(port, "relaydesk_agent_connections"), 1);
    RawWebSocket fourth;
    QVERIFY(fourth.connectTo(port, token));
    fourth.sendText(helloJson(token));
    QTRY_VERIFY(hasWelcome(fourth));
    QVERIFY(second.isConnected());
}

void TestAgentCaps::authenticatedLimitAtHello()
{
    TestRelay relay;
    relay.config().maxAgentConnections = 1;
    QVERIFY(relay.start());
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const quint16 port = relay.port();

    // Both upgrade while nobody is authenticated; only the first hello gets in.
    RawWebSocket first, second;
    QVERIFY(first.connectTo(port));
    QVERIFY(second.connectTo(port));
    first.sendText(helloJson(token));
    QTRY_VERIFY(hasWelcome(first));
    second.sendText(helloJson(token));
    QTRY_COMPARE(second.closeCode(), Protocol::CloseCode::AtCapacity);
    QVERIFY(!hasWelcome(second));
    QTRY_VERIFY(second.wasDisconnected());
    QCOMPARE(metric(port, refused("agent_connections")), 1);
    QCOMPARE(metric(port, "relaydesk_unauthenticated_websockets"), 0);
    QVERIFY(first.isConnected());
}

QTEST_GUILESS_MAIN(TestAgentCaps)
#include "tst_agentcaps.moc"
