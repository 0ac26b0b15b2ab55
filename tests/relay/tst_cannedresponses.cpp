#include "agentrig.h"

#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// The relay's contract for the team's canned responses (docs/protocol.md): a save
// or delete in, a team-wide event out to every agent whatever their Pages, the
// list on request, and bad input refused with a clear error and nothing stored.
class TestCannedResponses : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void createEditDeleteReachEveryAgent();
    void badInputIsRefusedAndNothingStored_data();
    void badInputIsRefusedAndNothingStored();
    void duplicateShortcodeIsAConflict();
    void createIsIdempotentByClientId();
    void editOrDeleteOfADeletedOneIsNotFound();
    void listAndReplayBringTheSameState();
    void teamLimitIsKept();

private:
    QJsonObject save(AgentClient &client, qint64 id, const QString &shortcode, const QString &title,
                     const QString &text, const QString &clientId = {});
    static QList<Event> cannedEvents(const AgentClient &client);

    std::unique_ptr<AgentRig> m_rig;
    std::unique_ptr<AgentClient> m_alice, m_other;
    QByteArray m_otherToken;
    int m_nextClientId = 1;
};

QJsonObject TestCannedResponses::save(AgentClient &client, qint64 id, const QString &shortcode, const QString &title,
                                      const QString &text, const QString &clientId)
{
    QJsonObject fields{{key("shortcode"), shortcode}, {key("title"), title}, {key("text"), text}};
    if (id)
        fields.insert(key("canned_response_id"), id);
    else
        fields.insert(key("client_id"), clientId.isEmpty() ? QStringLiteral("c-%1").arg(m_nextClientId++) : clientId);
    return roundTrip(client, QStringLiteral("save_canned_response"), fields);
}

QList<Event> TestCannedResponses::cannedEvents(const AgentClient &client)
{
    QList<Event> list;
    const QList<Event> events = client.events();
    for (const Event &e : events)
        if (e.kind.startsWith(QLatin1String("canned_response.")))
            list.append(e);
    return list;
}

void TestCannedResponses::init()
{
    m_rig = std::make_unique<AgentRig>();
    QVERIFY(m_rig->start());
    const QByteArray alice = m_rig->relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    // An agent of the other Page only: canned responses are the team's, not a Page's.
    m_otherToken = m_rig->relay.addAgent(QStringLiteral("other"), {pageTwo()});
    m_alice = std::make_unique<AgentClient>();
    m_other = std::make_unique<AgentClient>();
    QVERIFY(connectLive(*m_alice, m_rig->relay, alice, -1));
    QVERIFY(connectLive(*m_other, m_rig->relay, m_otherToken, -1));
}

void TestCannedResponses::cleanup()
{
    m_alice.reset();
    m_other.reset();
    m_rig.reset();
}

void TestCannedResponses::createEditDeleteReachEveryAgent()
{
    const qint64 aliceId = m_rig->agentId(QStringLiteral("alice"));
    const qint64 otherId = m_rig->agentId(QStringLiteral("other"));
    QJsonObject answer = save(*m_alice, 0, QStringLiteral("/Thanks"), QStringLiteral("  Thank you "),
                              QStringLiteral("Thanks {{customer.first_name}}, {{ agent.name }} here."));
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    const CannedResponse made = CannedResponse::fromJson(answer.value(key("result")).toObject()
                                                             .value(key("canned_response")).toObject());
    QVERIFY(made.id > 0);
    QCOMPARE(made.shortcode, QStringLiteral("thanks")); // normalized: no slash, lower case
    QCOMPARE(made.title, QStringLiteral("Thank you"));
    QCOMPARE(made.createdBy, aliceId);
    QCOMPARE(made.updatedBy, aliceId);
    QVERIFY(made.createdAt > 0);

    QTRY_COMPARE(cannedEvents(*m_other).size(), 1);
    Event e = cannedEvents(*m_other).last();
    QCOMPARE(e.kind, QStringLiteral("canned_response.saved"));
    QCOMPARE(e.pageId, QString());
    QCOMPARE(e.conversationId, 0);
    QCOMPARE(e.agentId, aliceId);
    QCOMPARE(e.cannedResponse(), made);
    QCOMPARE(m_rig->relay.store().cannedResponse(made.id).value(), made);

    // Edited by the other agent: who changed it last is kept, who made it too.
    answer = save(*m_other, made.id, QStringLiteral("thanks"), QStringLiteral("Thank you"), QStringLiteral("Thanks!"));
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    QTRY_COMPARE(cannedEvents(*m_alice).size(), 2);
    e = cannedEvents(*m_alice).last();
    QCOMPARE(e.kind, QStringLiteral("canned_response.saved"));
    QCOMPARE(e.cannedResponse().text, QStringLiteral("Thanks!"));
    QCOMPARE(e.cannedResponse().updatedBy, otherId);
    QCOMPARE(e.cannedResponse().createdBy, aliceId);
    QCOMPARE(m_rig->relay.store().cannedResponse(made.id)->text, QStringLiteral("Thanks!"));

    answer = roundTrip(*m_other, QStringLiteral("delete_canned_response"), {{key("canned_response_id"), made.id}});
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    QTRY_COMPARE(cannedEvents(*m_alice).size(), 3);
    e = cannedEvents(*m_alice).last();
    QCOMPARE(e.kind, QStringLiteral("canned_response.deleted"));
    QCOMPARE(e.cannedResponse().id, made.id);
    QCOMPARE(e.cannedResponse().updatedBy, otherId);
    QCOMPARE(e.agentId, otherId);
    QVERIFY(!m_rig->relay.store().cannedResponse(made.id));
    QCOMPARE(m_rig->relay.store().cannedResponseCount(), 0);
}

void TestCannedResponses::badInputIsRefusedAndNothingStored_data()
{
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QString>("code");
    const QString okText = QStringLiteral("Hello {{customer.name}}");
    auto fields = [](const QString &shortcode, const QString &title, const QString &text, const QString &clientId) {
        QJsonObject f{{key("shortcode"), shortcode}, {key("title"), title}, {key("text"), text}};
        if (!clientId.isNull())
            f.insert(key("client_id"), clientId);
        return f;
    };
    QTest::newRow("no client id") << fields(QStringLiteral("hi"), QStringLiteral("Hi"), okText, QString()) << "bad_request";
    QTest::newRow("long client id") << fields(QStringLiteral("hi"), QStringLiteral("Hi"), okText, QString(65, QLatin1Char('x')))
                                    << "bad_request";
    QTest::newRow("empty shortcode") << fields(QStringLiteral("/"), QStringLiteral("Hi"), okText, QStringLiteral("b1"))
                                     << "bad_request";
    QTest::newRow("space in shortcode") << fields(QStringLiteral("h i"), QStringLiteral("Hi"), okText, QStringLiteral("b2"))
                                        << "bad_request";
    QTest::newRow("punctuation in shortcode") << fields(QStringLiteral("hi!"), QStringLiteral("Hi"), okText, QStringLiteral("b3"))
                                              << "bad_request";
    QTest::newRow("long shortcode") << fields(QString(33, QLatin1Char('a')), QStringLiteral("Hi"), okText, QStringLiteral("b4"))
                                    << "bad_request";
    QTest::newRow("empty title") << fields(QStringLiteral("hi"), QStringLiteral("  "), okText, QStringLiteral("b5"))
                                 << "bad_request";
    QTest::newRow("long title") << fields(QStringLiteral("hi"), QString(101, QLatin1Char('t')), okText, QStringLiteral("b6"))
                                << "bad_request";
    QTest::newRow("empty text") << fields(QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral(" \n"), QStringLiteral("b7"))
                                << "bad_request";
    QTest::newRow("long text") << fields(QStringLiteral("hi"), QStringLiteral("Hi"), QString(2001, QLatin1Char('x')),
                                         QStringLiteral("b8"))
                               << "text_too_long";
    QTest::newRow("unknown placeholder") << fields(QStringLiteral("hi"), QStringLiteral("Hi"),
                                                   QStringLiteral("Hi {{customer.phone}}"), QStringLiteral("b9"))
                                         << "bad_request";
    QJsonObject edit = fields(QStringLiteral("hi"), QStringLiteral("Hi"), okText, QString());
    edit.insert(key("canned_response_id"), 987654);
    QTest::newRow("edit of an unknown one") << edit << "not_found";
    edit.insert(key("canned_response_id"), -3);
    QTest::newRow("negative id") << edit << "bad_request";
}

void TestCannedResponses::badInputIsRefusedAndNothingStored()
{
    QFETCH(QJsonObject, fields);
    QFETCH(QString, code);
    const qint64 head = m_rig->relay.store().lastSeq();
    const QJsonObject answer = roundTrip(*m_alice, QStringLiteral("save_canned_response"), fields);
    QCOMPARE(answerType(answer), QStringLiteral("error"));
    QCOMPARE(errorCode(answer), code);
    QVERIFY(!answer.value(key("message")).toString().isEmpty());
    QCOMPARE(m_rig->relay.store().cannedResponseCount(), 0);
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
    // The other agent's socket saw nothing: a ping-pong through the relay orders it after any event.
    QCOMPARE(answerType(roundTrip(*m_other, QStringLiteral("canned_responses"))), QStringLiteral("ack"));
    QVERIFY(cannedEvents(*m_other).isEmpty());
}

void TestCannedResponses::duplicateShortcodeIsAConflict()
{
    const QJsonObject first = save(*m_alice, 0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!"));
    QCOMPARE(answerType(first), QStringLiteral("ack"));
    const QJsonObject second = save(*m_alice, 0, QStringLiteral("bye"), QStringLiteral("Bye"), QStringLiteral("Bye!"));
    QCOMPARE(answerType(second), QStringLiteral("ack"));
    const qint64 byeId = second.value(key("result")).toObject().value(key("canned_response")).toObject().value(key("id")).toInteger();
    const qint64 head = m_rig->relay.store().lastSeq();

    // A new one, and an edit, onto a shortcode already taken (case and slash do not make it new).
    QJsonObject answer = save(*m_other, 0, QStringLiteral("/HI"), QStringLiteral("Hello"), QStringLiteral("Hello!"));
    QCOMPARE(errorCode(answer), QStringLiteral("conflict"));
    QVERIFY(answer.value(key("message")).toString().contains(QLatin1String("/hi")));
    answer = save(*m_other, byeId, QStringLiteral("hi"), QStringLiteral("Bye"), QStringLiteral("Bye!"));
    QCOMPARE(errorCode(answer), QStringLiteral("conflict"));
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
    QCOMPARE(m_rig->relay.store().cannedResponseCount(), 2);
    QCOMPARE(m_rig->relay.store().cannedResponse(byeId)->shortcode, QStringLiteral("bye"));

    // Keeping its own shortcode is no conflict.
    QCOMPARE(answerType(save(*m_other, byeId, QStringLiteral("bye"), QStringLiteral("Bye"), QStringLiteral("Bye now"))),
             QStringLiteral("ack"));
}

void TestCannedResponses::createIsIdempotentByClientId()
{
    const QJsonObject first = save(*m_alice, 0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!"),
                                   QStringLiteral("same"));
    QCOMPARE(answerType(first), QStringLiteral("ack"));
    const qint64 head = m_rig->relay.store().lastSeq();
    // Sent again after a lost ack: the same answer, nothing made twice.
    const QJsonObject again = save(*m_alice, 0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!"),
                                   QStringLiteral("same"));
    QCOMPARE(answerType(again), QStringLiteral("ack"));
    QCOMPARE(again.value(key("result")), first.value(key("result")));
    QCOMPARE(m_rig->relay.store().cannedResponseCount(), 1);
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
}

void TestCannedResponses::editOrDeleteOfADeletedOneIsNotFound()
{
    const QJsonObject made = save(*m_alice, 0, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi!"));
    const qint64 id = made.value(key("result")).toObject().value(key("canned_response")).toObject().value(key("id")).toInteger();
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("delete_canned_response"), {{key("canned_response_id"), id}})),
             QStringLiteral("ack"));
    const qint64 head = m_rig->relay.store().lastSeq();
    // An edit queued before the delete arrives after it: the delete wins.
    QCOMPARE(errorCode(save(*m_other, id, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hello!"))),
             QStringLiteral("not_found"));
    QCOMPARE(errorCode(roundTrip(*m_other, QStringLiteral("delete_canned_response"), {{key("canned_response_id"), id}})),
             QStringLiteral("not_found"));
    QCOMPARE(m_rig->relay.store().cannedResponseCount(), 0);
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
}

void TestCannedResponses::listAndReplayBringTheSameState()
{
    const qint64 start = m_rig->relay.store().lastSeq();
    QCOMPARE(answerType(save(*m_alice, 0, QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("Bee"))), QStringLiteral("ack"));
    QCOMPARE(answerType(save(*m_alice, 0, QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("Ay"))), QStringLiteral("ack"));

    const QJsonObject list = roundTrip(*m_other, QStringLiteral("canned_responses")).value(key("result")).toObject();
    const QJsonArray rows = list.value(key("canned_responses")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).toObject().value(key("shortcode")).toString(), QStringLiteral("a")); // by shortcode
    QCOMPARE(rows.at(1).toObject().value(key("shortcode")).toString(), QStringLiteral("b"));
    QCOMPARE(list.value(key("head")).toInteger(), m_rig->relay.store().lastSeq());

    // An agent who was away replays both from its position, whatever its Pages.
    AgentClient late;
    QVERIFY(connectLive(late, m_rig->relay, m_otherToken, start));
    QTRY_COMPARE(cannedEvents(late).size(), 2);
    QCOMPARE(cannedEvents(late).at(0).cannedResponse().shortcode, QStringLiteral("b"));
    QCOMPARE(cannedEvents(late).at(1).cannedResponse().shortcode, QStringLiteral("a"));
}

void TestCannedResponses::teamLimitIsKept()
{
    Store::Store &store = m_rig->relay.store();
    QVERIFY(store.beginTransaction());
    for (int i = 0; i < CannedResponse::MaxCount; ++i) {
        CannedResponse r;
        r.shortcode = QStringLiteral("r%1").arg(i);
        r.title = r.text = QStringLiteral("x");
        QVERIFY(store.saveCannedResponse(&r, {}));
    }
    QVERIFY(store.commitTransaction());
    const QJsonObject answer = save(*m_alice, 0, QStringLiteral("one-more"), QStringLiteral("One"), QStringLiteral("more"));
    QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
    QVERIFY(answer.value(key("message")).toString().contains(QLatin1String("500")));
    QCOMPARE(store.cannedResponseCount(), CannedResponse::MaxCount);
}

QTEST_GUILESS_MAIN(TestCannedResponses)
#include "tst_cannedresponses.moc"
