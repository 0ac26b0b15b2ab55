#include "agentrig.h"
#include "webhooksignature.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// What each agent sees of the event log: its Pages only, every seq once and in
// order through replay and into live delivery, resync when its position is gone.
class TestAgentReplay : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void agentsSeeOnlyTheirPages();
    void longReplayThenResumeFromLastSeq();
    void noGapNoDuplicateAtTheReplaySeam();
    void freshOrUnknownPositionGetsResync();
    void prunedPositionGetsResync();
    void snapshotPages();
};

void TestAgentReplay::agentsSeeOnlyTheirPages()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray aToken = rig.relay.addAgent(QStringLiteral("a"), {pageOne()});
    const QByteArray bToken = rig.relay.addAgent(QStringLiteral("b"), {pageTwo()});
    const QByteArray cToken = rig.relay.addAgent(QStringLiteral("c"), {QStringLiteral("*")});
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-early")), 200); // before anyone connects: replayed
    AgentClient a, b, c;
    QVERIFY(connectLive(a, rig.relay, aToken, 0));
    QVERIFY(connectLive(b, rig.relay, bToken, 0));
    QVERIFY(connectLive(c, rig.relay, cToken, 0));

    // One POST with an entry per Page, then one more per Page.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(rig.poster->post(textWebhook({{pageOne(), QStringLiteral("psid-1"), QStringLiteral("m_p1_a"), QStringLiteral("one"), now},
                                           {pageTwo(), QStringLiteral("psid-2"), QStringLiteral("m_p2_a"), QStringLiteral("two"), now}}))
                 .status, 200);
    QCOMPARE(rig.postText(pageTwo(), QStringLiteral("psid-2")), 200);
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-1")), 200);
    const qint64 head = rig.relay.store().lastSeq();
    QTRY_COMPARE(c.lastSeq(), head);
    QCOMPARE(c.eventSeqs(), range(1, head));

    QList<qint64> onOne, onTwo;
    for (const Event &e : c.events())
        (e.pageId == pageOne() ? onOne : onTwo).append(e.seq);
    QVERIFY(!onOne.isEmpty() && !onTwo.isEmpty());
    QTRY_COMPARE(a.eventSeqs(), onOne);
    QTRY_COMPARE(b.eventSeqs(), onTwo);
    QCOMPARE(a.framesOfType(QStringLiteral("welcome")).first().value(key("pages")).toArray().size(), 1);
    QCOMPARE(c.framesOfType(QStringLiteral("welcome")).first().value(key("pages")).toArray().size(), 2);

    // Commands on the other Page's conversation: as if it did not exist.
    const qint64 twoConversation = rig.relay.store().conversationFor(pageTwo(), QStringLiteral("psid-2"))->id;
    const qint64 oneConversation = rig.relay.store().conversationFor(pageOne(), QStringLiteral("psid-1"))->id;
    const QJsonObject onTheirs{{key("conversation_id"), twoConversation}};
    for (const QString &type : {QStringLiteral("mark_read"), QStringLiteral("history"), QStringLiteral("typing")}) {
        const QJsonObject answer = roundTrip(a, type, onTheirs);
        QCOMPARE(answerType(answer), QStringLiteral("error"));
        QCOMPARE(errorCode(answer), QStringLiteral("not_found"));
    }
    QJsonObject send = onTheirs;
    send.insert(key("client_id"), key("x-1"));
    send.insert(key("text"), key("hi"));
    QCOMPARE(errorCode(roundTrip(a, QStringLiteral("send_message"), send)), QStringLiteral("not_found"));
    QCOMPARE(errorCode(roundTrip(a, QStringLiteral("set_status"),
                                 {{key("conversation_id"), twoConversation}, {key("status"), key("resolved")}})),
             QStringLiteral("not_found"));
    QCOMPARE(rig.relay.store().messageCount(), 5); // nothing was sent
    QCOMPARE(rig.relay.store().conversation(twoConversation)->status, Conversation::Status::Open);
    QCOMPARE(answerType(roundTrip(a, QStringLiteral("history"), {{key("conversation_id"), oneConversation}})),
             QStringLiteral("ack"));

    // Snapshots: own Pages only.
    auto snapshotPages = [](AgentClient &client) {
        QSet<QString> pages;
        const QJsonArray list = roundTrip(client, QStringLiteral("snapshot")).value(key("result")).toObject()
                                    .value(key("conversations")).toArray();
        for (const QJsonValue &v : list)
            pages.insert(v.toObject().value(key("page_id")).toString());
        return pages;
    };
    QCOMPARE(snapshotPages(a), QSet<QString>{pageOne()});
    QCOMPARE(snapshotPages(b), QSet<QString>{pageTwo()});
    QCOMPARE(snapshotPages(c), (QSet<QString>{pageOne(), pageTwo()}));
}

void TestAgentReplay::longReplayThenResumeFromLastSeq()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(rig.postMany(600, 100)); // 1200 events: more than two replay pages
    const qint64 head = rig.relay.store().lastSeq();
    QVERIFY2(head >= 1200, qPrintable(QString::number(head)));

    AgentClient first;
    QVERIFY(connectLive(first, rig.relay, token, 0));
    QTRY_VERIFY(first.hasFrame(QStringLiteral("replay_done")));
    QCOMPARE(first.eventSeqs(), range(1, head));
    QCOMPARE(first.framesOfType(QStringLiteral("replay_done")).first().value(key("head")).toInteger(), head);
    QCOMPARE(first.frames().last().value(key("type")).toString(), QStringLiteral("replay_done"));
    const qint64 last = first.lastSeq();
    first.close();
    QTRY_COMPARE(rig.connectedAgents(), 0);

    QVERIFY(rig.postMany(7, 3));
    const qint64 newHead = rig.relay.store().lastSeq();
    QCOMPARE(newHead, last + 14);
    AgentClient second;
    QVERIFY(connectLive(second, rig.relay, token, last));
    QCOMPARE(second.eventSeqs(), range(last + 1, newHead));
    QVERIFY(!second.hasFrame(QStringLiteral("resync_required")));

    // Live after the replay.
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-live")), 200);
    QTRY_COMPARE(second.eventSeqs(), range(last + 1, rig.relay.store().lastSeq()));
}

void TestAgentReplay::noGapNoDuplicateAtTheReplaySeam()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    // A backlog large enough that the replay takes many passes of the event loop
    // (pages, and pauses while the socket drains).
    QVERIFY(rig.postMany(1500, 150, pageOne(), 20, 1000));

    // Webhooks keep arriving, one every few ms, while the agent connects and catches up.
    QNetworkAccessManager network;
    const QUrl url = rig.relay.httpUrl(QStringLiteral("/webhook"));
    const int total = 200;
    int sent = 0, answered = 0, ok = 0;
    QTimer ticker;
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        if (sent == total) {
            ticker.stop();
            return;
        }
        const QByteArray body = textWebhook({pageOne(), QStringLiteral("psid-seam-%1").arg(sent % 7),
                                             QStringLiteral("m_seam_%1").arg(sent), QStringLiteral("seam"), 0});
        ++sent;
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
    QTRY_VERIFY(answered >= 5); // the stream is flowing before the agent connects

    AgentClient agent;
    agent.connectTo(rig.relay.wsUrl(), token, 0);
    QTRY_VERIFY(agent.hasFrame(QStringLiteral("welcome")));
    const qint64 headAtWelcome = agent.framesOfType(QStringLiteral("welcome")).first().value(key("head")).toInteger();
    QTRY_VERIFY(agent.hasFrame(QStringLiteral("replay_done")));
    QTRY_VERIFY_WITH_TIMEOUT(answered == total, 30000);
    QCOMPARE(ok, total);
    const qint64 head = rig.relay.store().lastSeq();
    QVERIFY2(head > headAtWelcome, "no webhook was committed while the agent caught up: the seam was not exercised");
    const qint64 headAtReplayDone = agent.framesOfType(QStringLiteral("replay_done")).first().value(key("head")).toInteger();
    QVERIFY2(headAtReplayDone > headAtWelcome, "nothing committed during the replay: the seam was not exercised");
    QTRY_COMPARE(agent.lastSeq(), head);
    QCOMPARE(agent.eventSeqs(), range(1, head)); // increasing, contiguous, no duplicate
}

void TestAgentReplay::freshOrUnknownPositionGetsResync()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-1")), 200);
    const qint64 head = rig.relay.store().lastSeq();

    AgentClient fresh; // no since
    QVERIFY(connectLive(fresh, rig.relay, token, -1));
    const QJsonObject resync = fresh.framesOfType(QStringLiteral("resync_required")).first();
    QCOMPARE(resync.value(key("head")).toInteger(), head);
    QVERIFY(fresh.events().isEmpty());
    QVERIFY(!fresh.hasFrame(QStringLiteral("replay_done")));
    QCOMPARE(rig.postText(pageOne(), QStringLiteral("psid-2")), 200);
    QTRY_COMPARE(fresh.eventSeqs(), range(head + 1, rig.relay.store().lastSeq())); // live from the head on

    AgentClient ahead; // a position this relay never had (another relay's log)
    QVERIFY(connectLive(ahead, rig.relay, token, rig.relay.store().lastSeq() + 1000));
    QVERIFY(ahead.hasFrame(QStringLiteral("resync_required")));
    QVERIFY(ahead.events().isEmpty());
}

void TestAgentReplay::prunedPositionGetsResync()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(rig.postMany(5, 5));
    Store::Store &store = rig.relay.store();
    QVERIFY(store.beginTransaction());
    QVERIFY(store.pruneEvents(QDateTime::currentMSecsSinceEpoch() + 60'000) > 0);
    QVERIFY(store.commitTransaction());
    const qint64 pruned = store.prunedThrough();
    QVERIFY(pruned > 1);
    QVERIFY(rig.postMany(2, 2));

    AgentClient old;
    QVERIFY(connectLive(old, rig.relay, token, 1)); // older than the log
    QVERIFY(old.hasFrame(QStringLiteral("resync_required")));
    QVERIFY(old.events().isEmpty());
    QCOMPARE(old.framesOfType(QStringLiteral("welcome")).first().value(key("pruned_through")).toInteger(), pruned);

    AgentClient current; // exactly at the pruned edge: nothing missing
    QVERIFY(connectLive(current, rig.relay, token, pruned));
    QVERIFY(current.hasFrame(QStringLiteral("replay_done")));
    QCOMPARE(current.eventSeqs(), range(pruned + 1, store.lastSeq()));
}

void TestAgentReplay::snapshotPages()
{
    AgentRig rig;
    QVERIFY(rig.start());
    const QByteArray token = rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
    for (int i = 0; i < 7; ++i) // two share a timestamp: the id breaks the tie
        QCOMPARE(rig.postText(i % 2 ? pageOne() : pageTwo(), QStringLiteral("psid-%1").arg(i), base + qMin(i, 5) * 1000), 200);
    AgentClient client;
    QVERIFY(connectLive(client, rig.relay, token, -1));

    QList<qint64> ids;
    qint64 beforeAt = 0, beforeId = 0;
    QList<bool> hasMore;
    QList<int> sizes;
    for (int page = 0; page < 5; ++page) {
        QJsonObject fields{{key("limit"), 3}};
        if (beforeAt != 0) {
            fields.insert(key("before_last_message_at"), beforeAt);
            fields.insert(key("before_id"), beforeId);
        }
        const QJsonObject result = roundTrip(client, QStringLiteral("snapshot"), fields).value(key("result")).toObject();
        QCOMPARE(result.value(key("head")).toInteger(), rig.relay.store().lastSeq());
        const QJsonArray list = result.value(key("conversations")).toArray();
        sizes.append(int(list.size()));
        hasMore.append(result.value(key("has_more")).toBool());
        for (const QJsonValue &v : list) {
            const Conversation c = Conversation::fromJson(v.toObject());
            QVERIFY(beforeAt == 0 || c.lastMessageAt < beforeAt || (c.lastMessageAt == beforeAt && c.id < beforeId));
            ids.append(c.id);
            beforeAt = c.lastMessageAt;
            beforeId = c.id;
        }
        if (!hasMore.last())
            break;
    }
    QCOMPARE(sizes, (QList<int>{3, 3, 1}));
    QCOMPARE(hasMore, (QList<bool>{true, true, false}));
    QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), 7);
    // Newest activity first; of the two at the same time, the higher id first.
    QCOMPARE(ids.at(0), rig.relay.store().conversationFor(pageTwo(), QStringLiteral("psid-6"))->id);
    QCOMPARE(ids.at(1), rig.relay.store().conversationFor(pageOne(), QStringLiteral("psid-5"))->id);
    QCOMPARE(ids.last(), rig.relay.store().conversationFor(pageTwo(), QStringLiteral("psid-0"))->id);
}

QTEST_GUILESS_MAIN(TestAgentReplay)
#include "tst_agentreplay.moc"
