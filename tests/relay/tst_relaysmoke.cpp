#include "agentclient.h"
#include "graphstandin.h"
#include "protocol.h"
#include "testfixtures.h"
#include "testrelay.h"
#include "webhookposter.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// The whole path once: a signed webhook in, the event out to an agent, a reply
// out through the Send API stand-in, its status back to the agent.
class TestRelaySmoke : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void webhookToAgentAndReplyBack();
};

void TestRelaySmoke::webhookToAgentAndReplyBack()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    TestRelay relay;
    relay.config().graphUrl = graph.baseUrl();
    QVERIFY(relay.start());
    QVERIFY(relay.addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(!token.isEmpty());

    AgentClient agent;
    agent.connectTo(relay.wsUrl(), token, 0);
    QTRY_VERIFY(agent.hasFrame(QStringLiteral("replay_done")));
    QCOMPARE(agent.framesOfType(QStringLiteral("welcome")).size(), 1);

    WebhookPoster poster(relay.httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
    // Customer wrote 10 minutes ago: inside the 24-hour window.
    QByteArray body = fixture(QStringLiteral("webhooks/text.json"));
    body.replace("1732521600000", QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 600'000));
    const auto answer = poster.post(body);
    QCOMPARE(answer.status, 200);

    // message.created, conversation.updated, then (after the profile look-up) the customer's name.
    QTRY_COMPARE(agent.events().size(), 3);
    const Event created = agent.events().at(0);
    QCOMPARE(created.kind, QStringLiteral("message.created"));
    QCOMPARE(created.message().text, QStringLiteral("Hi! Where is my order #4512?"));
    QCOMPARE(agent.events().at(1).kind, QStringLiteral("conversation.updated"));
    QCOMPARE(agent.events().at(1).conversation().customer.displayName(), QStringLiteral("Customer 3526"));
    QCOMPARE(agent.events().at(2).conversation().customer.name, QStringLiteral("Linh Nguyen"));
    QCOMPARE(graph.profileLookups().size(), 1);
    const qint64 conversationId = created.conversationId;

    const QString id = agent.command(QStringLiteral("send_message"),
                                     {{QStringLiteral("conversation_id"), conversationId},
                                      {QStringLiteral("client_id"), QStringLiteral("c-1")},
                                      {QStringLiteral("text"), QStringLiteral("It ships today.")}});
    QTRY_VERIFY(!agent.answerTo(id).isEmpty());
    QCOMPARE(agent.answerTo(id).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QTRY_COMPARE(graph.sends().size(), 1);
    QCOMPARE(graph.sends().first().authorization, QByteArray("Bearer page-token"));
    QTRY_VERIFY(!agent.events().isEmpty() && agent.events().last().kind == QLatin1String("message.status"));
    QCOMPARE(agent.events().last().message().status, Message::Status::Sent);
    QCOMPARE(agent.events().last().message().mid, QStringLiteral("m_standin_1"));
}

QTEST_GUILESS_MAIN(TestRelaySmoke)
#include "tst_relaysmoke.moc"
