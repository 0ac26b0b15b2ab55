// Three relay processes on one private PostgreSQL, behind Debian's HAProxy: what
// a cluster promises (issue 14). Webhooks go round robin through the balancer;
// agents sit on different relays. Bounded: a few dozen webhooks per test.

#include "agentclient.h"
#include "graphstandin.h"
#include "haproxyprocess.h"
#include "postgresserver.h"
#include "protocol.h"
#include "relayprocess.h"
#include "store.h"
#include "testfixtures.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {
const QString kPage = QStringLiteral("page-1");
constexpr int kRelays = 3;
} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void webhooksRoundRobinConverge();
    void replyOfKilledRelayIsSentOnce();
    void revokedAgentLosesEverySocket();
    void databaseRestartAnswers503AndRecovers();

private:
    std::unique_ptr<AgentClient> agentOn(int relay, const QByteArray &token, qint64 since = 0);
    QList<Event> log();
    int post(const QUrl &url, const QByteArray &body);
    QByteArray webhook(int n);

    PostgresServer m_postgres;
    QString m_url;
    GraphStandIn m_graph;
    QList<RelayProcess *> m_relays;
    HaproxyProcess m_haproxy;
    QByteArray m_token;
    std::unique_ptr<Store::Store> m_log; // the test's own look at the shared log
};

void TestCluster::initTestCase()
{
    QString error;
    QVERIFY2(m_postgres.start(&error), qPrintable(error));
    QVERIFY2(m_postgres.createDatabase(QStringLiteral("cluster"), &error), qPrintable(error));
    m_url = m_postgres.url(QStringLiteral("cluster"));
    QVERIFY(m_graph.listen());
    for (int i = 0; i < kRelays; ++i) {
        auto *relay = new RelayProcess;
        QVERIFY(relay->isValid());
        relay->setGraphUrl(m_graph.baseUrl());
        relay->setSetting(QStringLiteral("RELAYDESK_STORE"), m_url);
        relay->setSetting(QStringLiteral("RELAYDESK_LEASE_MS"), QStringLiteral("2000"));
        // A failed send waits long before its retry: long enough to kill its relay meanwhile.
        relay->setSetting(QStringLiteral("RELAYDESK_SEND_RETRY_INITIAL_MS"), QStringLiteral("30000"));
        m_relays.append(relay);
    }
    // The CLI of any relay writes to the shared database.
    QVERIFY(m_relays[0]->addPage(kPage, QStringLiteral("Shop")));
    m_token = m_relays[0]->addAgent(QStringLiteral("ana"));
    QVERIFY(m_token.startsWith("rdk_"));
    QList<quint16> ports;
    for (RelayProcess *relay : std::as_const(m_relays)) {
        QVERIFY(relay->start());
        ports.append(relay->port());
    }
    QVERIFY2(m_haproxy.start(ports, &error), qPrintable(error));
    m_log = Store::openStore(m_url, QString(), QByteArray(), &error);
    QVERIFY2(m_log, qPrintable(error));
}

void TestCluster::cleanupTestCase()
{
    m_haproxy.stop();
    qDeleteAll(m_relays);
    m_relays.clear();
    m_log.reset();
}

std::unique_ptr<AgentClient> TestCluster::agentOn(int relay, const QByteArray &token, qint64 since)
{
    auto agent = std::make_unique<AgentClient>();
    agent->connectTo(m_relays[relay]->wsUrl(), token, since);
    return agent;
}

QList<Event> TestCluster::log() { return m_log->eventsAfter(0, 100'000); }

int TestCluster::post(const QUrl &url, const QByteArray &body)
{
    WebhookPoster poster(url, RelayProcess::AppSecret);
    return poster.post(body).status;
}

QByteArray TestCluster::webhook(int n)
{
    return textWebhook(CustomerText{kPage, QStringLiteral("psid-%1").arg(n % 4), QStringLiteral("m_cluster_%1").arg(n),
                                    QStringLiteral("hello %1").arg(n), QDateTime::currentMSecsSinceEpoch()});
}

// Webhooks through the balancer land on all three relays; agents on three different
// relays end with the same events, the same seqs, in the same order, nothing twice.
void TestCluster::webhooksRoundRobinConverge()
{
    QList<std::shared_ptr<AgentClient>> agents;
    for (int r = 0; r < kRelays; ++r)
        agents.append(agentOn(r, m_token));
    for (const auto &agent : std::as_const(agents))
        QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));

    // The balancer spreads requests: /healthz names the relay that answered.
    QSet<QString> answered;
    WebhookPoster prober(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(m_haproxy.port())), {});
    for (int i = 0; i < 6; ++i)
        answered.insert(QJsonDocument::fromJson(prober.get(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz")
                                                                      .arg(m_haproxy.port()))).body)
                            .object().value(QStringLiteral("relay")).toString());
    QCOMPARE(answered.size(), kRelays);

    const QUrl viaBalancer(QStringLiteral("http://127.0.0.1:%1/webhook").arg(m_haproxy.port()));
    constexpr int kWebhooks = 36;
    for (int i = 0; i < kWebhooks; ++i)
        QCOMPARE(post(viaBalancer, webhook(i)), 200);

    const QList<Event> all = log();
    QVERIFY(!all.isEmpty());
    const qint64 head = m_log->lastSeq();
    QCOMPARE(all.last().seq, head);
    for (qsizetype i = 0; i < all.size(); ++i)
        QCOMPARE(all[i].seq, qint64(i + 1)); // gap-free
    QSet<QString> mids;
    for (const Event &e : all)
        if (e.kind == QLatin1String(Protocol::EventKind::MessageCreated))
            mids.insert(e.message().mid);
    QCOMPARE(mids.size(), kWebhooks);

    for (const auto &agent : std::as_const(agents)) {
        QTRY_COMPARE_WITH_TIMEOUT(agent->lastSeq(), head, 15'000);
        QList<qint64> expected;
        for (const Event &e : all)
            expected.append(e.seq);
        QCOMPARE(agent->eventSeqs(), expected); // once each, in log order
    }
    QCOMPARE(agents[0]->events().last().data, all.last().data);
}

// A relay accepts a reply, its Send API attempt fails (Meta's temporary error), and it
// is killed while it waits to retry. Another relay takes the send over once the lease
// expires: Meta gets the reply once.
void TestCluster::replyOfKilledRelayIsSentOnce()
{
    QCOMPARE(post(m_relays[0]->httpUrl(QStringLiteral("/webhook")), webhook(100)), 200);
    const auto conversation = m_log->conversationFor(kPage, QStringLiteral("psid-0"));
    QVERIFY(conversation);

    const int sendsBefore = int(m_graph.sends().size());
    m_graph.queueSendAnswer({400, fixture(QStringLiteral("graph/send-error-temporary.json")), 0});
    auto agent = agentOn(1, m_token);
    QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    const QString id = agent->command(QString(Protocol::ClientFrame::SendMessage),
                                      {{QStringLiteral("conversation_id"), conversation->id},
                                       {QStringLiteral("client_id"), QStringLiteral("c-takeover")},
                                       {QStringLiteral("text"), QStringLiteral("We are on it")}});
    QTRY_COMPARE(agent->answerTo(id).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QTRY_COMPARE(int(m_graph.sends().size()), sendsBefore + 1); // the failed attempt
    m_relays[1]->kill();

    QTRY_COMPARE_WITH_TIMEOUT(int(m_graph.sends().size()), sendsBefore + 2, 15'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_log->messageByClientId(QStringLiteral("c-takeover"))->status, Message::Status::Sent,
                              10'000);
    QTest::qWait(3000); // two more lease periods: nobody sends it again
    QCOMPARE(int(m_graph.sends().size()), sendsBefore + 2);
    QCOMPARE(m_graph.sends().last().body, m_graph.sends().at(sendsBefore).body); // the same reply
    QVERIFY(m_relays[1]->start());
    QTest::qWait(1500);
    QCOMPARE(int(m_graph.sends().size()), sendsBefore + 2);
}

// Revoking an agent through the CLI closes its sockets on every relay within about a second.
void TestCluster::revokedAgentLosesEverySocket()
{
    const QByteArray token = m_relays[0]->addAgent(QStringLiteral("ben"));
    QVERIFY(token.startsWith("rdk_"));
    QList<std::shared_ptr<AgentClient>> agents;
    for (int r = 0; r < kRelays; ++r)
        agents.append(agentOn(r, token));
    for (const auto &agent : std::as_const(agents))
        QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    QVERIFY(!m_relays[2]->cli({QStringLiteral("agent"), QStringLiteral("revoke"), QStringLiteral("ben")}).isNull());
    for (const auto &agent : std::as_const(agents)) {
        QTRY_VERIFY_WITH_TIMEOUT(agent->wasClosed(), 2500);
        QCOMPARE(agent->closeCode(), Protocol::CloseCode::Revoked);
    }
}

// PostgreSQL restarts: meanwhile webhooks get 503 (Meta retries) and /healthz says
// why; afterwards the relays recover by themselves, agents on other relays get
// the new events, and everything answered 200 is in the log.
void TestCluster::databaseRestartAnswers503AndRecovers()
{
    auto agent = agentOn(2, m_token, m_log->lastSeq());
    QTRY_VERIFY(agent->hasFrame(QStringLiteral("welcome")));
    const QUrl webhookUrl = m_relays[0]->httpUrl(QStringLiteral("/webhook"));
    QCOMPARE(post(webhookUrl, webhook(200)), 200);
    QTRY_VERIFY(!agent->events().isEmpty());
    m_log.reset();

    QVERIFY(m_postgres.stop());
    QCOMPARE(post(webhookUrl, webhook(201)), 503);
    WebhookPoster health(m_relays[0]->httpUrl(QStringLiteral("/healthz")), {});
    const WebhookPoster::Answer down = health.get(m_relays[0]->httpUrl(QStringLiteral("/healthz")));
    QCOMPARE(down.status, 503);
    QCOMPARE(QJsonDocument::fromJson(down.body).object().value(QStringLiteral("status")).toString(),
             QStringLiteral("unavailable"));
    // A token cannot be checked meanwhile: "try again later", never "unknown token" (the
    // app would sign the agent out).
    auto latecomer = agentOn(1, m_token);
    QTRY_VERIFY(latecomer->wasClosed());
    QCOMPARE(latecomer->closeCode(), int(Protocol::CloseCode::TryAgainLater));

    QString error;
    QVERIFY2(m_postgres.start(&error), qPrintable(error));
    int status = 0;
    QTRY_VERIFY_WITH_TIMEOUT((status = post(webhookUrl, webhook(201))) == 200, 15'000); // Meta's retry
    QCOMPARE(post(webhookUrl, webhook(202)), 200);
    QCOMPARE(health.get(m_relays[0]->httpUrl(QStringLiteral("/healthz"))).status, 200);

    m_log = Store::openStore(m_url, QString(), QByteArray(), &error);
    QVERIFY2(m_log, qPrintable(error));
    QSet<QString> mids;
    const QList<Event> all = log();
    for (const Event &e : all)
        if (e.kind == QLatin1String(Protocol::EventKind::MessageCreated))
            mids.insert(e.message().mid);
    for (int n : {200, 201, 202})
        QVERIFY(mids.contains(QStringLiteral("m_cluster_%1").arg(n)));
    // Fan-out resumed without restarting a relay: the agent on relay 3 has it all.
    QTest::qWaitFor([&] { return agent->lastSeq() == m_log->lastSeq(); }, 15'000);
    if (agent->lastSeq() != m_log->lastSeq())
        for (const QByteArray &line : m_relays[2]->output().split('\n'))
            if (!line.contains("healthz")) // the balancer's checks drown the rest
                qWarning().noquote() << "relay 3:" << line;
    QCOMPARE(agent->lastSeq(), m_log->lastSeq());
    QVERIFY(!agent->wasClosed()); // the outage was not taken for a revocation
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
