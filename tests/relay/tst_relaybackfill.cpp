#include "agentclient.h"
#include "graphstandin.h"
#include "testrelay.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// A Page added to the relay gets its recent conversations from the Conversations API.
class TestRelayBackfill : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void pageAddedBeforeStartIsBackfilledOnce();
};

void TestRelayBackfill::pageAddedBeforeStartIsBackfilledOnce()
{
    QFile body(QStringLiteral(RELAYDESK_CONVERSATIONS_JSON));
    QVERIFY(body.open(QIODevice::ReadOnly));
    GraphStandIn graph;
    QVERIFY(graph.listen());
    graph.setConversationsAnswer({200, body.readAll(), 0});

    TestRelay relay;
    relay.config().graphUrl = graph.baseUrl();
    QVERIFY(relay.start());
    QVERIFY(relay.addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    QVERIFY(relay.restart()); // start-up finds the page without history

    QTRY_COMPARE(graph.conversationFetches().size(), 1);
    QCOMPARE(graph.conversationFetches().first().authorization, QByteArray("Bearer page-token"));
    QTRY_VERIFY(relay.store().page(QStringLiteral("104216672283716"))->backfilledAt > 0);

    const auto conversation = relay.store().conversationFor(QStringLiteral("104216672283716"),
                                                            QStringLiteral("6920154378193526"));
    QVERIFY(conversation);
    QCOMPARE(conversation->unreadCount, 0); // history is not news
    const QList<Message> messages = relay.store().messagesBefore(conversation->id, 0, 0, 50);
    QCOMPARE(messages.size(), 2);
    // Newest first; the page's message is outgoing with the image attachment.
    QCOMPARE(messages.at(0).mid, QStringLiteral("m_hist_0002"));
    QCOMPARE(messages.at(0).direction, Message::Direction::Incoming);
    QCOMPARE(messages.at(0).text, QStringLiteral("Thanks!"));
    QCOMPARE(messages.at(1).direction, Message::Direction::Outgoing);
    QCOMPARE(messages.at(1).attachments.size(), 1);
    QCOMPARE(messages.at(1).attachments.first().type, QStringLiteral("image"));
    QVERIFY(messages.at(0).timestamp > messages.at(1).timestamp);

    // An agent replaying the log sees the backfilled conversation.
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    AgentClient agent;
    agent.connectTo(relay.wsUrl(), token, 0);
    QTRY_VERIFY(agent.hasFrame(QStringLiteral("replay_done")));
    int created = 0;
    for (const Event &e : agent.events())
        created += e.kind == QLatin1String("message.created");
    QCOMPARE(created, 3); // two threads: 2 messages and 1 message
    QVERIFY(relay.store().conversationFor(QStringLiteral("104216672283716"), QStringLiteral("7341096612455830")));

    // Not fetched again after a restart.
    QVERIFY(relay.restart());
    QTest::qWait(200); // nothing to wait for: give a wrong second fetch the chance to show
    QCOMPARE(graph.conversationFetches().size(), 1);
}

QTEST_GUILESS_MAIN(TestRelayBackfill)
#include "tst_relaybackfill.moc"
