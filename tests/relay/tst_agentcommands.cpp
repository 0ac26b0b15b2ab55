#include "agentrig.h"

#include <QJsonDocument>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Agents' commands on a conversation: each answered, each change reaching the
// other agents as an event (or, for presence, an ephemeral frame).
class TestAgentCommands : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void markReadAndUnread();
    void assignAndUnassign();
    void setStatus();
    void presenceGoesToOthersOnly();
    void typingSendsSenderAction();
    void historyPages();

private:
    // The latest event of `kind` a client got (seq 0 if none).
    static Event lastOfKind(const AgentClient &client, const QString &kind);

    std::unique_ptr<GraphStandIn> m_graph;
    std::unique_ptr<AgentRig> m_rig;
    std::unique_ptr<AgentClient> m_alice, m_bob, m_other;
    qint64 m_conversation = 0;
    QString m_psid = QStringLiteral("6920154378193526");
};

Event TestAgentCommands::lastOfKind(const AgentClient &client, const QString &kind)
{
    const QList<Event> events = client.events();
    for (auto it = events.crbegin(); it != events.crend(); ++it)
        if (it->kind == kind)
            return *it;
    return {};
}

void TestAgentCommands::init()
{
    m_graph = std::make_unique<GraphStandIn>();
    QVERIFY(m_graph->listen());
    m_rig = std::make_unique<AgentRig>();
    m_rig->relay.config().graphUrl = m_graph->baseUrl();
    QVERIFY(m_rig->start());
    const QByteArray alice = m_rig->relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    const QByteArray bob = m_rig->relay.addAgent(QStringLiteral("bob"), {pageOne()});
    const QByteArray other = m_rig->relay.addAgent(QStringLiteral("other"), {pageTwo()});
    m_rig->relay.addAgent(QStringLiteral("gone"), {QStringLiteral("*")});
    QVERIFY(m_rig->relay.store().revokeAgent(m_rig->agentId(QStringLiteral("gone")), QDateTime::currentMSecsSinceEpoch()));
    QCOMPARE(m_rig->postText(pageOne(), m_psid, QDateTime::currentMSecsSinceEpoch() - 600'000), 200);
    m_conversation = m_rig->relay.store().conversationFor(pageOne(), m_psid)->id;
    QTRY_COMPARE(m_graph->profileLookups().size(), 1); // let the profile look-up settle first
    m_alice = std::make_unique<AgentClient>();
    m_bob = std::make_unique<AgentClient>();
    m_other = std::make_unique<AgentClient>();
    QVERIFY(connectLive(*m_alice, m_rig->relay, alice, -1));
    QVERIFY(connectLive(*m_bob, m_rig->relay, bob, -1));
    QVERIFY(connectLive(*m_other, m_rig->relay, other, -1));
}

void TestAgentCommands::cleanup()
{
    m_alice.reset();
    m_bob.reset();
    m_other.reset();
    m_rig.reset();
    m_graph.reset();
}

void TestAgentCommands::markReadAndUnread()
{
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->unreadCount, 1);
    const QJsonObject target{{key("conversation_id"), m_conversation}};
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("mark_read"), target)), QStringLiteral("ack"));
    QTRY_VERIFY(lastOfKind(*m_bob, QStringLiteral("conversation.read")).seq != 0);
    Event read = lastOfKind(*m_bob, QStringLiteral("conversation.read"));
    QCOMPARE(read.conversation().unreadCount, 0);
    QCOMPARE(read.agentId, m_rig->agentId(QStringLiteral("alice")));
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->unreadCount, 0);
    // The customer sees it as seen.
    QTRY_COMPARE(m_graph->senderActions().size(), 1);
    QVERIFY(m_graph->senderActions().first().body.contains("\"mark_seen\""));
    QVERIFY(m_graph->senderActions().first().body.contains(m_psid.toUtf8()));

    const qint64 before = m_bob->lastSeq();
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("mark_unread"), target)), QStringLiteral("ack"));
    QTRY_VERIFY(m_bob->lastSeq() > before);
    read = lastOfKind(*m_bob, QStringLiteral("conversation.read"));
    QVERIFY(read.seq > before);
    QCOMPARE(read.conversation().unreadCount, 1);
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->unreadCount, 1);
    QVERIFY(m_other->events().isEmpty()); // another Page's agent sees none of it
}

void TestAgentCommands::assignAndUnassign()
{
    const qint64 bobId = m_rig->agentId(QStringLiteral("bob"));
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("assign"),
                                  {{key("conversation_id"), m_conversation}, {key("agent_id"), bobId}})),
             QStringLiteral("ack"));
    QTRY_VERIFY(lastOfKind(*m_bob, QStringLiteral("conversation.assigned")).seq != 0);
    QCOMPARE(lastOfKind(*m_bob, QStringLiteral("conversation.assigned")).conversation().assigneeId, bobId);
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->assigneeId, bobId);

    const qint64 before = m_bob->lastSeq();
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("assign"), {{key("conversation_id"), m_conversation}})),
             QStringLiteral("ack"));
    QTRY_VERIFY(lastOfKind(*m_bob, QStringLiteral("conversation.assigned")).seq > before);
    QCOMPARE(lastOfKind(*m_bob, QStringLiteral("conversation.assigned")).conversation().assigneeId, 0);
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->assigneeId, 0);

    // Nobody who cannot take it: revoked, unknown, or without access to the Page.
    const qint64 headBefore = m_rig->relay.store().lastSeq();
    for (const qint64 id : {m_rig->agentId(QStringLiteral("gone")), qint64(987654), m_rig->agentId(QStringLiteral("other"))}) {
        const QJsonObject answer = roundTrip(*m_alice, QStringLiteral("assign"),
                                             {{key("conversation_id"), m_conversation}, {key("agent_id"), id}});
        QCOMPARE(answerType(answer), QStringLiteral("error"));
        QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
    }
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->assigneeId, 0);
    QCOMPARE(m_rig->relay.store().lastSeq(), headBefore);
}

void TestAgentCommands::setStatus()
{
    const QList<QPair<QString, Conversation::Status>> cases{{QStringLiteral("pending"), Conversation::Status::Pending},
                                                           {QStringLiteral("resolved"), Conversation::Status::Resolved},
                                                           {QStringLiteral("open"), Conversation::Status::Open}};
    for (const auto &[name, status] : cases) {
        const qint64 before = m_bob->lastSeq();
        QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("set_status"),
                                      {{key("conversation_id"), m_conversation}, {key("status"), name}})),
                 QStringLiteral("ack"));
        QTRY_VERIFY(lastOfKind(*m_bob, QStringLiteral("conversation.status")).seq > before);
        QCOMPARE(lastOfKind(*m_bob, QStringLiteral("conversation.status")).conversation().status, status);
        QCOMPARE(m_rig->relay.store().conversation(m_conversation)->status, status);
    }
    const qint64 headBefore = m_rig->relay.store().lastSeq();
    for (const QJsonValue &bad : {QJsonValue(QStringLiteral("closed")), QJsonValue(), QJsonValue(2)}) {
        const QJsonObject answer = roundTrip(*m_alice, QStringLiteral("set_status"),
                                             {{key("conversation_id"), m_conversation}, {key("status"), bad}});
        QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
    }
    QCOMPARE(m_rig->relay.store().lastSeq(), headBefore);
}

void TestAgentCommands::presenceGoesToOthersOnly()
{
    const QJsonObject answer = roundTrip(*m_alice, QStringLiteral("presence"),
                                         {{key("conversation_id"), m_conversation}, {key("state"), key("viewing")}});
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    QTRY_COMPARE(m_bob->framesOfType(QStringLiteral("presence")).size(), 1);
    const QJsonObject presence = m_bob->framesOfType(QStringLiteral("presence")).first();
    QCOMPARE(presence.value(key("conversation_id")).toInteger(), m_conversation);
    QCOMPARE(presence.value(key("agent_id")).toInteger(), m_rig->agentId(QStringLiteral("alice")));
    QCOMPARE(presence.value(key("agent_name")).toString(), QStringLiteral("alice"));
    QCOMPARE(presence.value(key("state")).toString(), QStringLiteral("viewing"));
    // Frames on one socket arrive in order: had the sender got its own presence, it would precede the ack.
    QVERIFY(m_alice->framesOfType(QStringLiteral("presence")).isEmpty());
    QCOMPARE(answerType(roundTrip(*m_other, QStringLiteral("snapshot"))), QStringLiteral("ack"));
    QVERIFY(m_other->framesOfType(QStringLiteral("presence")).isEmpty()); // not on that agent's Page
    QVERIFY(m_graph->senderActions().isEmpty()); // presence alone tells the customer nothing

    const QJsonObject bad = roundTrip(*m_alice, QStringLiteral("presence"),
                                      {{key("conversation_id"), m_conversation}, {key("state"), key("dancing")}});
    QCOMPARE(errorCode(bad), QStringLiteral("bad_request"));
    QCOMPARE(m_bob->framesOfType(QStringLiteral("presence")).size(), 1);
}

void TestAgentCommands::typingSendsSenderAction()
{
    QCOMPARE(answerType(roundTrip(*m_bob, QStringLiteral("typing"), {{key("conversation_id"), m_conversation}, {key("on"), true}})),
             QStringLiteral("ack"));
    QTRY_COMPARE(m_alice->framesOfType(QStringLiteral("presence")).size(), 1);
    const QJsonObject presence = m_alice->framesOfType(QStringLiteral("presence")).first();
    QCOMPARE(presence.value(key("state")).toString(), QStringLiteral("typing"));
    QCOMPARE(presence.value(key("agent_name")).toString(), QStringLiteral("bob"));
    QVERIFY(m_bob->framesOfType(QStringLiteral("presence")).isEmpty());
    QTRY_COMPARE(m_graph->senderActions().size(), 1);
    const QJsonObject action = QJsonDocument::fromJson(m_graph->senderActions().first().body).object();
    QCOMPARE(action.value(key("sender_action")).toString(), QStringLiteral("typing_on"));
    QCOMPARE(action.value(key("recipient")).toObject().value(key("id")).toString(), m_psid);
    QCOMPARE(m_graph->senderActions().first().authorization, QByteArray("Bearer page-token"));

    QCOMPARE(answerType(roundTrip(*m_bob, QStringLiteral("typing"), {{key("conversation_id"), m_conversation}, {key("on"), false}})),
             QStringLiteral("ack"));
    QTRY_COMPARE(m_graph->senderActions().size(), 2);
    QVERIFY(m_graph->senderActions().last().body.contains("\"typing_off\""));
    QTRY_COMPARE(m_alice->framesOfType(QStringLiteral("presence")).size(), 2);
    QCOMPARE(m_alice->framesOfType(QStringLiteral("presence")).last().value(key("state")).toString(), QStringLiteral("viewing"));
}

void TestAgentCommands::historyPages()
{
    // Six more customer messages, older than the first, two sharing a timestamp.
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - 7'200'000;
    for (int i = 0; i < 6; ++i)
        QCOMPARE(m_rig->postText(pageOne(), m_psid, base + qMin(i, 4) * 1000), 200);
    QList<qint64> ids;
    QList<int> sizes;
    QList<bool> more;
    qint64 beforeTs = 0, beforeId = 0;
    for (int page = 0; page < 5; ++page) {
        QJsonObject fields{{key("conversation_id"), m_conversation}, {key("limit"), 3}};
        if (beforeTs != 0) {
            fields.insert(key("before_timestamp"), beforeTs);
            fields.insert(key("before_id"), beforeId);
        }
        const QJsonObject result = roundTrip(*m_bob, QStringLiteral("history"), fields).value(key("result")).toObject();
        QCOMPARE(result.value(key("conversation_id")).toInteger(), m_conversation);
        const QJsonArray list = result.value(key("messages")).toArray();
        sizes.append(int(list.size()));
        more.append(result.value(key("has_more")).toBool());
        for (const QJsonValue &v : list) {
            const Message m = Message::fromJson(v.toObject());
            QCOMPARE(m.conversationId, m_conversation);
            QVERIFY(beforeTs == 0 || m.timestamp < beforeTs || (m.timestamp == beforeTs && m.id < beforeId));
            ids.append(m.id);
            beforeTs = m.timestamp;
            beforeId = m.id;
        }
        if (!more.last())
            break;
    }
    QCOMPARE(sizes, (QList<int>{3, 3, 1}));
    QCOMPARE(more, (QList<bool>{true, true, false}));
    QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), 7);
    QCOMPARE(ids.first(), m_rig->relay.store().messageByMid(QStringLiteral("m_rig_1"))->id); // the newest
    QCOMPARE(ids.last(), m_rig->relay.store().messageByMid(QStringLiteral("m_rig_2"))->id);  // the oldest
}

QTEST_GUILESS_MAIN(TestAgentCommands)
#include "tst_agentcommands.moc"
