#include "agentrig.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTimer>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

struct Answer { int status = 0; QByteArray contentType; QByteArray nosniff; QByteArray body; };

Answer get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->rawHeader("Content-Type"),
             reply->rawHeader("X-Content-Type-Options"), reply->readAll()};
    delete reply;
    return a;
}

} // namespace

// What the relay shows to whom (issue 12.5): /metrics only to this machine or the
// token's holder, the verification answer as plain text, and no revoked agents
// in the welcome.
class TestRelayExposure : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void metricsForLoopbackOnlyByDefault();
    void metricsRefusedToAnotherHost();
    void metricsTokenWhenSet();
    void verificationAnswerIsPlainText();
    void welcomeListsNoRevokedAgents();
};

void TestRelayExposure::metricsForLoopbackOnlyByDefault()
{
    TestRelay relay;
    QVERIFY(relay.start());
    const QUrl url = relay.httpUrl(QStringLiteral("/metrics"));
    const Answer direct = get(url);
    QCOMPARE(direct.status, 200);
    QVERIFY(direct.body.contains("relaydesk_event_log_seq "));
    // Through a reverse proxy on this machine: loopback peer, but someone else's request.
    const Answer proxied = get(url, {{"X-Forwarded-For", "203.0.113.7"}});
    QCOMPARE(proxied.status, 403);
    QVERIFY(!proxied.body.contains("relaydesk_"));
    QCOMPARE(get(url, {{"Forwarded", "for=203.0.113.7;proto=https"}}).status, 403);
    QCOMPARE(get(relay.httpUrl(QStringLiteral("/healthz"))).status, 200); // health stays open
}

void TestRelayExposure::metricsRefusedToAnotherHost()
{
    // A real non-loopback peer: the relay listens on every address and the test
    // connects to this machine's own network address.
    QHostAddress own;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &a : addresses)
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback())
            own = a;
    if (own.isNull())
        QSKIP("this machine has no non-loopback IPv4 address (tst_metricsaccess covers the rule)");
    TestRelay relay;
    relay.config().listenAddress = QHostAddress::AnyIPv4;
    QVERIFY(relay.start());
    const QUrl remote(QStringLiteral("http://%1:%2/metrics").arg(own.toString()).arg(relay.port()));
    const Answer answer = get(remote);
    QCOMPARE(answer.status, 403);
    QVERIFY(!answer.body.contains("relaydesk_"));
    QCOMPARE(get(relay.httpUrl(QStringLiteral("/metrics"))).status, 200); // loopback still reads them
}

void TestRelayExposure::metricsTokenWhenSet()
{
    TestRelay relay;
    relay.config().metricsToken = "scrape-7c41e0d9";
    QVERIFY(relay.start());
    const QUrl url = relay.httpUrl(QStringLiteral("/metrics"));
    QCOMPARE(get(url).status, 401); // loopback too: a token set is the rule for everyone
    QCOMPARE(get(url, {{"Authorization", "Bearer guess"}}).status, 401);
    const Answer allowed = get(url, {{"Authorization", "Bearer scrape-7c41e0d9"}, {"X-Forwarded-For", "203.0.113.7"}});
    QCOMPARE(allowed.status, 200);
    QVERIFY(allowed.body.contains("relaydesk_event_log_seq "));
}

void TestRelayExposure::verificationAnswerIsPlainText()
{
    TestRelay relay;
    QVERIFY(relay.start());
    QUrl url = relay.httpUrl(QStringLiteral("/webhook"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("hub.mode"), QStringLiteral("subscribe"));
    query.addQueryItem(QStringLiteral("hub.verify_token"), QString::fromLatin1(TestRelay::VerifyToken));
    query.addQueryItem(QStringLiteral("hub.challenge"), QStringLiteral("<script>alert(1)</script>"));
    url.setQuery(query);
    const Answer answer = get(url);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("<script>alert(1)</script>")); // Meta wants it back verbatim
    QVERIFY2(answer.contentType.startsWith("text/plain"), answer.contentType.constData());
    QCOMPARE(answer.nosniff, QByteArray("nosniff")); // and no browser may take it for HTML
}

void TestRelayExposure::welcomeListsNoRevokedAgents()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray alice = rig.relay.addAgent(QStringLiteral("alice"), {pageOne()});
    rig.relay.addAgent(QStringLiteral("bob"), {pageTwo()});
    rig.relay.addAgent(QStringLiteral("carol"), {QStringLiteral("*")});
    QVERIFY(rig.relay.store().revokeAgent(rig.agentId(QStringLiteral("carol")), QDateTime::currentMSecsSinceEpoch()));

    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, alice, -1));
    const QJsonObject welcome = client.framesOfType(QStringLiteral("welcome")).value(0);
    // Exactly what docs/protocol.md says it carries, and nothing else.
    QStringList fields = welcome.keys();
    fields.sort();
    QCOMPARE(fields, QStringList({key("agent"), key("agents"), key("head"), key("pages"), key("protocol"),
                                  key("pruned_through"), key("type")}));
    QCOMPARE(welcome.value(key("agent")).toObject(),
             QJsonObject({{key("id"), rig.agentId(QStringLiteral("alice"))}, {key("name"), QStringLiteral("alice")}}));
    // Every agent not revoked, whatever their Pages (for assigning); names and ids only.
    const QJsonArray expected{QJsonObject{{key("id"), rig.agentId(QStringLiteral("alice"))}, {key("name"), QStringLiteral("alice")}},
                              QJsonObject{{key("id"), rig.agentId(QStringLiteral("bob"))}, {key("name"), QStringLiteral("bob")}}};
    QCOMPARE(welcome.value(key("agents")).toArray(), expected);
    // Only alice's own Page.
    QCOMPARE(welcome.value(key("pages")).toArray(),
             QJsonArray({QJsonObject{{key("id"), pageOne()}, {key("name"), QStringLiteral("Shop One")}}}));
}

QTEST_GUILESS_MAIN(TestRelayExposure)
#include "tst_relayexposure.moc"
