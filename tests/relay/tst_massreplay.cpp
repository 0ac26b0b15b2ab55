#include "agentrig.h"
#include "webhooksignature.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Many agents resuming at once (what a dying relay causes) share the replay
// cache's pages: each still gets exactly the events of its Pages after its seq,
// once and in order, through replay and into live delivery.
class TestMassReplay : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void sessionsResumingTogetherSharePages();
    void resumingTogetherWhileWebhooksArrive();
    void tailReadWhileNobodyWasConnectedIsNotReused();

private:
    struct Resumer
    {
        std::unique_ptr<AgentClient> client;
        int agent = 0; // index into the tokens and their Pages
        qint64 since = 0;
    };
    static bool startForMany(AgentRig &rig);
    static bool fill(AgentRig &rig, int texts);
    static qint64 waitUntilStill(AgentRig &rig);
    static QList<qint64> expected(AgentRig &rig, const QStringList &pages, qint64 since);
};

namespace {
const int kSessions = 50;
// Agents of one Page, of the other, and of both.
const QList<QStringList> kAgentPages{{pageOne()}, {pageTwo()}, {QStringLiteral("*")}};
} // namespace

bool TestMassReplay::startForMany(AgentRig &rig)
{
    // All the sessions come from loopback and say hello at once.
    rig.relay.config().maxUnauthenticatedWebSocketsPerAddress = kSessions * 2;
    return rig.start();
}

bool TestMassReplay::fill(AgentRig &rig, int texts)
{
    // Both Pages, in blocks, so pages of the log hold events of both.
    for (int done = 0; done < texts; done += 50)
        if (!rig.postMany(50, 25, (done / 50) % 2 ? pageTwo() : pageOne(), 10))
            return false;
    return true;
}

qint64 TestMassReplay::waitUntilStill(AgentRig &rig)
{
    // Profile look-ups answered after the webhooks still add events.
    qint64 head = -1;
    while (head != rig.relay.store().lastSeq()) {
        head = rig.relay.store().lastSeq();
        QTest::qWait(300);
    }
    return head;
}

QList<qint64> TestMassReplay::expected(AgentRig &rig, const QStringList &pages, qint64 since)
{
    QList<qint64> seqs;
    for (const Event &e : rig.relay.store().eventsAfter(since, 1'000'000))
        if (e.pageId.isEmpty() || pages.contains(QStringLiteral("*")) || pages.contains(e.pageId)) // as AgentRecord::mayAccess
            seqs.append(e.seq);
    return seqs;
}

void TestMassReplay::sessionsResumingTogetherSharePages()
{
    AgentRig rig;
    QVERIFY(startForMany(rig));
    QList<QByteArray> tokens;
    for (int i = 0; i < kAgentPages.size(); ++i)
        tokens.append(rig.relay.addAgent(QStringLiteral("agent-%1").arg(i), kAgentPages[i]));
    QVERIFY(fill(rig, 800));
    const qint64 head = waitUntilStill(rig);
    QVERIFY2(head > 3 * Protocol::ReplayPageSize, qPrintable(QString::number(head)));

    // Positions all over the log: the start, page edges, mid-page, the head.
    std::vector<Resumer> resumers(kSessions);
    for (int i = 0; i < kSessions; ++i) {
        Resumer &r = resumers[size_t(i)];
        r.agent = i % 3;
        r.since = i == 0 ? 0 : i == 1 ? head : i == 2 ? Protocol::ReplayPageSize : (qint64(i) * 67) % head;
        r.client = std::make_unique<AgentClient>();
        r.client->connectTo(rig.relay.wsUrl(), tokens[r.agent], r.since);
    }
    const qint64 readsBefore = rig.relay.server()->hub()->replayCache().reads();
    for (const Resumer &r : resumers)
        QTRY_VERIFY_WITH_TIMEOUT(r.client->hasFrame(QStringLiteral("replay_done")) || r.client->wasClosed(), 60'000);
    for (const Resumer &r : resumers) {
        QVERIFY(!r.client->wasClosed());
        QCOMPARE(r.client->eventSeqs(), expected(rig, kAgentPages[r.agent], r.since));
        QCOMPARE(r.client->frames().last().value(key("type")).toString(), QStringLiteral("replay_done"));
    }
    QCOMPARE(rig.relay.store().lastSeq(), head);
    // Read alone, each session would read every page from its position on (at least
    // two each, 100 in all); shared, each page of the log is read about once.
    const qint64 reads = rig.relay.server()->hub()->replayCache().reads() - readsBefore;
    QVERIFY2(reads <= head / Protocol::ReplayPageSize + 2, qPrintable(QStringLiteral("%1 reads").arg(reads)));
    QCOMPARE(rig.metric("relaydesk_replay_log_reads"), rig.relay.server()->hub()->replayCache().reads());
}

void TestMassReplay::resumingTogetherWhileWebhooksArrive()
{
    AgentRig rig;
    QVERIFY(startForMany(rig));
    QList<QByteArray> tokens;
    for (int i = 0; i < kAgentPages.size(); ++i)
        tokens.append(rig.relay.addAgent(QStringLiteral("agent-%1").arg(i), kAgentPages[i]));
    QVERIFY(fill(rig, 600));
    const qint64 head = waitUntilStill(rig);

    // Webhooks on both Pages keep coming while the sessions replay: the tail page
    // changes under them and the seam into live delivery is crossed many times.
    // ... until every session is live, so sessions reach the tail both before and
    // after deliveries (a tail page kept past a delivery would lose events).
    std::vector<Resumer> resumers(kSessions);
    const auto replayed = [&resumers] {
        int done = 0;
        for (const Resumer &r : resumers)
            done += r.client && r.client->hasFrame(QStringLiteral("replay_done")) ? 1 : 0;
        return done;
    };
    QNetworkAccessManager network;
    const QUrl url = rig.relay.httpUrl(QStringLiteral("/webhook"));
    int posted = 0, answered = 0, ok = 0, postedWhileReplaying = 0;
    QTimer ticker;
    ticker.setInterval(3);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        const int done = replayed();
        if (done == kSessions || posted == 2000) {
            ticker.stop();
            return;
        }
        if (done > 0)
            ++postedWhileReplaying;
        const QString page = posted % 2 ? pageTwo() : pageOne();
        const QByteArray body = textWebhook({page, QStringLiteral("psid-live-%1").arg(posted % 5),
                                             QStringLiteral("m_live_%1").arg(posted), QStringLiteral("live"), 0});
        ++posted;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("X-Hub-Signature-256", Messenger::WebhookSignature::sign(body, TestRelay::AppSecret));
        QNetworkReply *reply = network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&answered, &ok, reply] {
            ++answered;
            ok += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 ? 1 : 0;
            reply->deleteLater();
        });
    });
    ticker.start();
    QTRY_VERIFY(answered >= 3); // flowing before the sessions come

    // In waves a few ms apart, so some reach the tail between deliveries.
    int connected = 0;
    QTimer waves;
    waves.setInterval(15);
    QObject::connect(&waves, &QTimer::timeout, &waves, [&] {
        for (int n = 0; n < 5 && connected < kSessions; ++n, ++connected) {
            Resumer &r = resumers[size_t(connected)];
            r.agent = (connected / 2) % 3;
            r.since = (qint64(connected) * 97) % (head + 1);
            r.client = std::make_unique<AgentClient>();
            r.client->connectTo(rig.relay.wsUrl(), tokens[r.agent], r.since);
        }
        if (connected == kSessions)
            waves.stop();
    });
    waves.start();
    QTRY_VERIFY_WITH_TIMEOUT(!ticker.isActive() && answered == posted, 60'000);
    QCOMPARE(ok, posted);
    QVERIFY2(postedWhileReplaying >= 3, "no webhook came while sessions replayed: the seam was not exercised");
    const qint64 finalHead = waitUntilStill(rig);
    QVERIFY(finalHead > head);
    for (const Resumer &r : resumers) {
        const QList<qint64> want = expected(rig, kAgentPages[r.agent], r.since);
        QTRY_VERIFY_WITH_TIMEOUT(r.client->wasClosed() || (!want.isEmpty() && r.client->lastSeq() == want.last()), 60'000);
        QVERIFY(!r.client->wasClosed());
        QVERIFY(r.client->hasFrame(QStringLiteral("replay_done")));
        QCOMPARE(r.client->eventSeqs(), want); // in order, none missed, none twice
    }
}

void TestMassReplay::tailReadWhileNobodyWasConnectedIsNotReused()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(fill(rig, 100));
    const qint64 head = waitUntilStill(rig);
    const qint64 since = head - 10;

    AgentClient first;
    QVERIFY(connectLive(first, rig.relay, token, since));
    QCOMPARE(first.eventSeqs(), range(since + 1, head)); // the tail page is cached now
    first.close();
    QTRY_COMPARE(rig.connectedAgents(), 0);

    // Committed and delivered to nobody: the cached tail no longer is the tail.
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-later")), 200);
    const qint64 newHead = waitUntilStill(rig);
    QVERIFY(newHead > head);
    AgentClient second;
    QVERIFY(connectLive(second, rig.relay, token, since));
    QCOMPARE(second.eventSeqs(), range(since + 1, newHead));
}

QTEST_GUILESS_MAIN(TestMassReplay)
#include "tst_massreplay.moc"
