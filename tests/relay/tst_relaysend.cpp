#include "agentrig.h"
#include "testfixtures.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Agents' replies through the Send API (the Graph API stand-in): the request as
// Meta wants it, errors told back with Meta's code, retries with backoff where
// retrying can help, idempotency, the echo racing the answer, the 24-hour window,
// and a restart with a reply in flight.
class TestRelaySend : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void sendsAsMetaExpects();
    void graphErrors_data();
    void graphErrors();
    void retryableErrorsForeverFailThenRetryMessageSends();
    void sameClientIdSendsOnce();
    void echoBeforeTheAnswer();
    void replyWindow();
    void refusedInput();
    void pendingReplyIsResentAfterRestart();

private:
    QJsonObject send(const QString &clientId, const QString &text = QStringLiteral("It ships today."),
                     qint64 conversation = 0);
    QList<Message> statusesOf(qint64 messageId) const; // message.status events the agent got for it
    std::optional<Message> stored(qint64 id) { return m_rig->relay.store().message(id); }

    std::unique_ptr<GraphStandIn> m_graph;
    std::unique_ptr<AgentRig> m_rig;
    std::unique_ptr<AgentClient> m_agent;
    qint64 m_conversation = 0;
    const QString m_psid = QStringLiteral("6920154378193526");
};

void TestRelaySend::init()
{
    m_graph = std::make_unique<GraphStandIn>();
    QVERIFY(m_graph->listen());
    m_rig = std::make_unique<AgentRig>();
    m_rig->relay.config().graphUrl = m_graph->baseUrl();
    m_rig->relay.config().sendRetryInitialMs = 20;
    m_rig->relay.config().sendMaxAttempts = 4;
    QVERIFY(m_rig->start());
    const QByteArray token = m_rig->relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QCOMPARE(m_rig->postText(pageOne(), m_psid, QDateTime::currentMSecsSinceEpoch() - 600'000), 200);
    m_conversation = m_rig->relay.store().conversationFor(pageOne(), m_psid)->id;
    QTRY_COMPARE(m_graph->profileLookups().size(), 1);
    m_agent = std::make_unique<AgentClient>();
    QVERIFY(connectLive(*m_agent, m_rig->relay, token, -1));
}

void TestRelaySend::cleanup()
{
    m_agent.reset();
    m_rig.reset();
    m_graph.reset();
}

QJsonObject TestRelaySend::send(const QString &clientId, const QString &text, qint64 conversation)
{
    QJsonObject fields{{key("conversation_id"), conversation ? conversation : m_conversation}, {key("text"), text}};
    if (!clientId.isEmpty())
        fields.insert(key("client_id"), clientId);
    return roundTrip(*m_agent, QStringLiteral("send_message"), fields);
}

QList<Message> TestRelaySend::statusesOf(qint64 messageId) const
{
    QList<Message> list;
    for (const Event &e : m_agent->events())
        if (e.kind == QLatin1String("message.status") && e.message().id == messageId)
            list.append(e.message());
    return list;
}

void TestRelaySend::sendsAsMetaExpects()
{
    const QJsonObject answer = send(QStringLiteral("c-1"));
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    const Message pending = Message::fromJson(answer.value(key("result")).toObject().value(key("message")).toObject());
    QVERIFY(pending.id != 0);
    QCOMPARE(pending.status, Message::Status::Pending);
    QCOMPARE(pending.clientId, QStringLiteral("c-1"));
    QCOMPARE(pending.direction, Message::Direction::Outgoing);
    QCOMPARE(pending.agentId, m_rig->agentId(QStringLiteral("alice")));

    QTRY_COMPARE(statusesOf(pending.id).size(), 1);
    const Message sent = statusesOf(pending.id).first();
    QCOMPARE(sent.status, Message::Status::Sent);
    QCOMPARE(sent.mid, QStringLiteral("m_standin_1"));
    QCOMPARE(stored(pending.id)->mid, QStringLiteral("m_standin_1"));

    QCOMPARE(m_graph->sends().size(), 1);
    const GraphStandIn::Request request = m_graph->sends().first();
    QCOMPARE(request.path, QByteArray("/v21.0/" + pageOne().toUtf8() + "/messages"));
    QVERIFY(!request.path.contains("token"));
    QCOMPARE(request.authorization, QByteArray("Bearer page-token"));
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value(key("recipient")).toObject().value(key("id")).toString(), m_psid);
    QCOMPARE(body.value(key("messaging_type")).toString(), QStringLiteral("RESPONSE"));
    QVERIFY(!body.contains(key("tag")));
    QCOMPARE(body.value(key("message")).toObject().value(key("text")).toString(), QStringLiteral("It ships today."));
    QCOMPARE(body.value(key("message")).toObject().value(key("metadata")).toString(), QStringLiteral("relaydesk:client:c-1"));
}

void TestRelaySend::graphErrors_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("retried");
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("subcode");

    QTest::newRow("outside the window") << 400 << fixture(QStringLiteral("graph/send-error-outside-window.json")) << false << 10 << 2018278;
    QTest::newRow("person unavailable") << 400 << fixture(QStringLiteral("graph/send-error-user-unavailable.json")) << false << 551 << 1545041;
    QTest::newRow("invalid token") << 401 << fixture(QStringLiteral("graph/send-error-invalid-token.json")) << false << 190 << 463;
    QTest::newRow("rate limit") << 400 << fixture(QStringLiteral("graph/send-error-rate-limit.json")) << true << 613 << 0;
    QTest::newRow("temporary") << 400 << fixture(QStringLiteral("graph/send-error-temporary.json")) << true << 1200 << 0;
    QTest::newRow("HTTP 500") << 500 << QByteArray("{}") << true << 0 << 0;
    QTest::newRow("HTTP 502") << 502 << QByteArray("<html>Bad Gateway</html>") << true << 0 << 0;
}

void TestRelaySend::graphErrors()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(bool, retried);
    QFETCH(int, code);
    QFETCH(int, subcode);
    QVERIFY(!body.isEmpty());
    m_graph->queueSendAnswer({httpStatus, body, 0});
    if (retried)
        m_graph->queueSendAnswer({httpStatus, body, 0}); // twice, then the default success

    const QJsonObject answer = send(QStringLiteral("c-err"));
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    const qint64 id = answer.value(key("result")).toObject().value(key("message")).toObject().value(key("id")).toInteger();
    QTRY_VERIFY(!statusesOf(id).isEmpty());
    const Message outcome = statusesOf(id).last();
    QSignalSpy more(m_graph.get(), &GraphStandIn::requestReceived);
    if (retried) {
        QCOMPARE(outcome.status, Message::Status::Sent);
        QCOMPARE(statusesOf(id).size(), 1); // no "failed" on the way
        QCOMPARE(m_graph->sends().size(), 3);
        QVERIFY(!more.wait(300)); // and nothing after success
        QCOMPARE(m_graph->sends().size(), 3);
        return;
    }
    QCOMPARE(outcome.status, Message::Status::Failed);
    QCOMPARE(outcome.errorCode, code);
    QCOMPARE(outcome.errorSubcode, subcode);
    const QString metaMessage = QJsonDocument::fromJson(body).object().value(key("error")).toObject().value(key("message")).toString();
    QCOMPARE(outcome.errorMessage, metaMessage);
    QCOMPARE(stored(id)->status, Message::Status::Failed);
    QCOMPARE(stored(id)->errorCode, code);
    QVERIFY(!more.wait(300)); // never retried: retrying cannot help
    QCOMPARE(m_graph->sends().size(), 1);
}

void TestRelaySend::retryableErrorsForeverFailThenRetryMessageSends()
{
    for (int i = 0; i < 4; ++i)
        m_graph->queueSendAnswer({400, fixture(QStringLiteral("graph/send-error-rate-limit.json")), 0});
    const qint64 id = send(QStringLiteral("c-forever")).value(key("result")).toObject().value(key("message")).toObject()
                          .value(key("id")).toInteger();
    QTRY_VERIFY(!statusesOf(id).isEmpty());
    QCOMPARE(statusesOf(id).last().status, Message::Status::Failed);
    QCOMPARE(statusesOf(id).last().errorCode, 613);
    QCOMPARE(m_graph->sends().size(), 4); // sendMaxAttempts
    QSignalSpy more(m_graph.get(), &GraphStandIn::requestReceived);
    QVERIFY(!more.wait(300));

    // The agent retries it: pending, then sent (the stand-in answers normally now).
    const QJsonObject retry = roundTrip(*m_agent, QStringLiteral("retry_message"), {{key("message_id"), id}});
    QCOMPARE(answerType(retry), QStringLiteral("ack"));
    QTRY_COMPARE(statusesOf(id).size(), 3);
    QCOMPARE(statusesOf(id).at(1).status, Message::Status::Pending);
    QCOMPARE(statusesOf(id).at(1).errorCode, 0);
    QCOMPARE(statusesOf(id).at(2).status, Message::Status::Sent);
    QCOMPARE(m_graph->sends().size(), 5);
    QCOMPARE(stored(id)->status, Message::Status::Sent);

    // A sent reply cannot be retried; an unknown one is not found.
    QCOMPARE(answerType(roundTrip(*m_agent, QStringLiteral("retry_message"), {{key("message_id"), id}})), QStringLiteral("error"));
    QCOMPARE(errorCode(roundTrip(*m_agent, QStringLiteral("retry_message"), {{key("message_id"), 424242}})), QStringLiteral("not_found"));
    QVERIFY(!more.wait(200));
    QCOMPARE(m_graph->sends().size(), 5);
}

void TestRelaySend::sameClientIdSendsOnce()
{
    // Twice without waiting (a client resending after a lost ack), then once more after it was sent.
    const QString first = m_agent->command(QStringLiteral("send_message"),
                                           {{key("conversation_id"), m_conversation}, {key("client_id"), key("c-same")}, {key("text"), key("once")}});
    const QString second = m_agent->command(QStringLiteral("send_message"),
                                            {{key("conversation_id"), m_conversation}, {key("client_id"), key("c-same")}, {key("text"), key("once")}});
    QTRY_VERIFY(!m_agent->answerTo(first).isEmpty() && !m_agent->answerTo(second).isEmpty());
    const auto messageOf = [](const QJsonObject &a) {
        return Message::fromJson(a.value(key("result")).toObject().value(key("message")).toObject());
    };
    QCOMPARE(answerType(m_agent->answerTo(first)), QStringLiteral("ack"));
    QCOMPARE(answerType(m_agent->answerTo(second)), QStringLiteral("ack"));
    const qint64 id = messageOf(m_agent->answerTo(first)).id;
    QCOMPARE(messageOf(m_agent->answerTo(second)).id, id);
    QTRY_COMPARE(stored(id)->status, Message::Status::Sent);

    const QJsonObject third = send(QStringLiteral("c-same"), QStringLiteral("once"));
    QCOMPARE(messageOf(third).id, id);
    QCOMPARE(messageOf(third).status, Message::Status::Sent);
    QSignalSpy more(m_graph.get(), &GraphStandIn::requestReceived);
    QVERIFY(!more.wait(300));
    QCOMPARE(m_graph->sends().size(), 1);
    QCOMPARE(m_rig->relay.store().messageCount(), 2); // the customer's, and one reply
    int created = 0;
    for (const Event &e : m_agent->events())
        created += e.kind == QLatin1String("message.created") && e.message().id == id ? 1 : 0;
    QCOMPARE(created, 1);
}

void TestRelaySend::echoBeforeTheAnswer()
{
    const QByteArray answer = QJsonDocument(QJsonObject{{key("recipient_id"), m_psid}, {key("message_id"), key("m_echo_first")}})
                                  .toJson(QJsonDocument::Compact);
    m_graph->queueSendAnswer({200, answer, 1500});
    const qint64 id = send(QStringLiteral("c-echo")).value(key("result")).toObject().value(key("message")).toObject()
                          .value(key("id")).toInteger();
    QTRY_COMPARE(m_graph->sends().size(), 1); // in flight, answer held back

    // Meta's echo overtakes the Send API answer.
    QCOMPARE(m_rig->poster->post(echoWebhook(pageOne(), m_psid, QStringLiteral("m_echo_first"), QStringLiteral("It ships today."),
                                             QStringLiteral("relaydesk:client:c-echo"))).status, 200);
    QCOMPARE(stored(id)->status, Message::Status::Sent);
    QCOMPARE(stored(id)->mid, QStringLiteral("m_echo_first"));
    QTRY_COMPARE(statusesOf(id).size(), 1);
    QCOMPARE(m_rig->metric("relaydesk_send_total{outcome=\"ok\"}"), 0); // the answer is still held

    QTRY_COMPARE_WITH_TIMEOUT(m_rig->metric("relaydesk_send_total{outcome=\"ok\"}"), 1, 5000);
    const qint64 head = m_rig->relay.store().lastSeq();
    QTRY_COMPARE(m_agent->lastSeq(), head);
    QCOMPARE(m_rig->relay.store().messageCount(), 2);
    QCOMPARE(stored(id)->status, Message::Status::Sent);
    QCOMPARE(stored(id)->mid, QStringLiteral("m_echo_first"));
    int created = 0;
    for (const Event &e : m_agent->events())
        created += e.kind == QLatin1String("message.created") && e.message().direction == Message::Direction::Outgoing ? 1 : 0;
    QCOMPARE(created, 1);
    QCOMPARE(statusesOf(id).size(), 1); // the late answer changed nothing
    QCOMPARE(m_graph->sends().size(), 1);
}

void TestRelaySend::replyWindow()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(m_rig->postText(pageOne(), QStringLiteral("psid-30h"), now - 30LL * 3600 * 1000), 200);
    QCOMPARE(m_rig->postText(pageOne(), QStringLiteral("psid-8d"), now - 8LL * 24 * 3600 * 1000), 200);
    const qint64 tagged = m_rig->relay.store().conversationFor(pageOne(), QStringLiteral("psid-30h"))->id;
    const qint64 closed = m_rig->relay.store().conversationFor(pageOne(), QStringLiteral("psid-8d"))->id;

    const qint64 id = send(QStringLiteral("c-30h"), QStringLiteral("Still there?"), tagged)
                          .value(key("result")).toObject().value(key("message")).toObject().value(key("id")).toInteger();
    QTRY_COMPARE(stored(id)->status, Message::Status::Sent);
    QCOMPARE(m_graph->sends().size(), 1);
    const QJsonObject body = QJsonDocument::fromJson(m_graph->sends().first().body).object();
    QCOMPARE(body.value(key("messaging_type")).toString(), QStringLiteral("MESSAGE_TAG"));
    QCOMPARE(body.value(key("tag")).toString(), QStringLiteral("HUMAN_AGENT"));
    QCOMPARE(body.value(key("recipient")).toObject().value(key("id")).toString(), QStringLiteral("psid-30h"));

    const qint64 messages = m_rig->relay.store().messageCount();
    const QJsonObject refused = send(QStringLiteral("c-8d"), QStringLiteral("Hello?"), closed);
    QCOMPARE(answerType(refused), QStringLiteral("error"));
    QCOMPARE(errorCode(refused), QStringLiteral("window_closed"));
    QCOMPARE(m_rig->relay.store().messageCount(), messages);
    QVERIFY(!m_rig->relay.store().messageByClientId(QStringLiteral("c-8d")));
    QSignalSpy more(m_graph.get(), &GraphStandIn::requestReceived);
    QVERIFY(!more.wait(200));
    QCOMPARE(m_graph->sends().size(), 1);
}

void TestRelaySend::refusedInput()
{
    const qint64 head = m_rig->relay.store().lastSeq();
    const QJsonObject tooLong = send(QStringLiteral("c-long"), QString(Protocol::MaxTextLength + 1, QLatin1Char('a')));
    QCOMPARE(errorCode(tooLong), QStringLiteral("text_too_long"));
    QCOMPARE(errorCode(send(QStringLiteral("c-empty"), QString())), QStringLiteral("bad_request"));
    QCOMPARE(errorCode(send(QStringLiteral("c-blank"), QStringLiteral("  \n "))), QStringLiteral("bad_request"));
    QCOMPARE(errorCode(send(QString(), QStringLiteral("no client id"))), QStringLiteral("bad_request"));
    QCOMPARE(errorCode(send(QString(65, QLatin1Char('k')), QStringLiteral("client id too long"))), QStringLiteral("bad_request"));
    QCOMPARE(errorCode(send(QStringLiteral("c-nowhere"), QStringLiteral("hi"), 999999)), QStringLiteral("not_found"));
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
    QCOMPARE(m_rig->relay.store().messageCount(), 1);

    // Exactly the limit is fine (counted in UTF-16 units, as Meta counts).
    const QJsonObject atLimit = send(QStringLiteral("c-limit"), QString(Protocol::MaxTextLength, QLatin1Char('a')));
    QCOMPARE(answerType(atLimit), QStringLiteral("ack"));
    QTRY_COMPARE(m_graph->sends().size(), 1);
    QCOMPARE(QJsonDocument::fromJson(m_graph->sends().first().body).object().value(key("message")).toObject()
                 .value(key("text")).toString().size(), Protocol::MaxTextLength);
}

void TestRelaySend::pendingReplyIsResentAfterRestart()
{
    m_graph->queueSendAnswer({200, fixture(QStringLiteral("graph/send-success.json")), 60'000}); // held past the stop
    const qint64 id = send(QStringLiteral("c-restart")).value(key("result")).toObject().value(key("message")).toObject()
                          .value(key("id")).toInteger();
    QTRY_COMPARE(m_graph->sends().size(), 1);
    QCOMPARE(stored(id)->status, Message::Status::Pending);

    QVERIFY(m_rig->relay.restart());
    QTRY_COMPARE(m_graph->sends().size(), 2); // resent at start-up
    QTRY_COMPARE(stored(id)->status, Message::Status::Sent);
    QCOMPARE(stored(id)->mid, QStringLiteral("m_standin_1"));
    QCOMPARE(m_graph->sends().at(0).body, m_graph->sends().at(1).body); // same request, same metadata
    QCOMPARE(m_rig->relay.store().messageCount(), 2);
}

QTEST_GUILESS_MAIN(TestRelaySend)
#include "tst_relaysend.moc"
