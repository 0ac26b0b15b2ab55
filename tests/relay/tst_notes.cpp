#include "agentrig.h"

#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// The relay's contract for private notes (docs/protocol.md): a note in, a
// note.created event out to the agents of the conversation's Page only, never a
// call to the Send API; mentions only of colleagues who may see the Page; bad input
// refused with a clear error and nothing stored.
class TestNotes : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void noteReachesThePagesAgentsAndNeverMeta();
    void badInputIsRefusedAndNothingStored_data();
    void badInputIsRefusedAndNothingStored();
    void addIsIdempotentByClientId();
    void agentAwayReplaysNotes();

private:
    QJsonObject addNote(AgentClient &client, const QString &text, const QJsonArray &mentions = {},
                        const QString &clientId = {});
    static QList<Event> noteEvents(const AgentClient &client);

    std::unique_ptr<GraphStandIn> m_graph;
    std::unique_ptr<AgentRig> m_rig;
    std::unique_ptr<AgentClient> m_alice, m_bob, m_other;
    QByteArray m_bobToken;
    qint64 m_conversation = 0;
    int m_nextClientId = 1;
};

QJsonObject TestNotes::addNote(AgentClient &client, const QString &text, const QJsonArray &mentions,
                               const QString &clientId)
{
    return roundTrip(client, QStringLiteral("add_note"),
                     {{key("conversation_id"), m_conversation},
                      {key("client_id"), clientId.isEmpty() ? QStringLiteral("n-%1").arg(m_nextClientId++) : clientId},
                      {key("text"), text},
                      {key("mentions"), mentions}});
}

QList<Event> TestNotes::noteEvents(const AgentClient &client)
{
    QList<Event> list;
    const QList<Event> events = client.events();
    for (const Event &e : events)
        if (e.kind == QLatin1String("note.created"))
            list.append(e);
    return list;
}

void TestNotes::init()
{
    m_graph = std::make_unique<GraphStandIn>();
    QVERIFY(m_graph->listen());
    m_rig = std::make_unique<AgentRig>();
    m_rig->relay.config().graphUrl = m_graph->baseUrl();
    QVERIFY(m_rig->start());
    const QByteArray alice = m_rig->relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_bobToken = m_rig->relay.addAgent(QStringLiteral("bob"), {pageOne()});
    const QByteArray other = m_rig->relay.addAgent(QStringLiteral("other"), {pageTwo()});
    m_rig->relay.addAgent(QStringLiteral("gone"), {QStringLiteral("*")});
    QVERIFY(m_rig->relay.store().revokeAgent(m_rig->agentId(QStringLiteral("gone")), QDateTime::currentMSecsSinceEpoch()));
    QCOMPARE(m_rig->postText(pageOne(), QStringLiteral("6920154378193526"), QDateTime::currentMSecsSinceEpoch() - 60'000), 200);
    m_conversation = m_rig->relay.store().conversationFor(pageOne(), QStringLiteral("6920154378193526"))->id;
    QTRY_COMPARE(m_graph->profileLookups().size(), 1);
    m_alice = std::make_unique<AgentClient>();
    m_bob = std::make_unique<AgentClient>();
    m_other = std::make_unique<AgentClient>();
    QVERIFY(connectLive(*m_alice, m_rig->relay, alice, -1));
    QVERIFY(connectLive(*m_bob, m_rig->relay, m_bobToken, -1));
    QVERIFY(connectLive(*m_other, m_rig->relay, other, -1));
}

void TestNotes::cleanup()
{
    m_alice.reset();
    m_bob.reset();
    m_other.reset();
    m_rig.reset();
    m_graph.reset();
}

void TestNotes::noteReachesThePagesAgentsAndNeverMeta()
{
    const qint64 aliceId = m_rig->agentId(QStringLiteral("alice"));
    const qint64 bobId = m_rig->agentId(QStringLiteral("bob"));
    const Conversation before = *m_rig->relay.store().conversation(m_conversation);
    const QString secret = QStringLiteral("@bob he paid twice, refund one (internal)");
    QJsonObject answer = addNote(*m_alice, secret, {bobId, bobId});
    QCOMPARE(answerType(answer), QStringLiteral("ack"));
    const Note made = Note::fromJson(answer.value(key("result")).toObject().value(key("note")).toObject());
    QVERIFY(made.id > 0);
    QCOMPARE(made.agentId, aliceId);
    QCOMPARE(made.mentions, QList<qint64>{bobId}); // once
    QCOMPARE(made.conversationId, m_conversation);
    QVERIFY(made.createdAt > 0);

    QTRY_COMPARE(noteEvents(*m_bob).size(), 1);
    const Event e = noteEvents(*m_bob).first();
    QCOMPARE(e.pageId, pageOne());
    QCOMPARE(e.conversationId, m_conversation);
    QCOMPARE(e.agentId, aliceId);
    QCOMPARE(e.note(), made);
    QVERIFY(!e.hasMessage()); // no message: an app that does not know notes skips it
    QCOMPARE(m_rig->relay.store().noteCount(), 1);
    // Its own table: the conversation (preview, unread) and its messages are as they were.
    QCOMPARE(m_rig->relay.store().conversation(m_conversation)->previewText, before.previewText);
    const QJsonObject history = roundTrip(*m_bob, QStringLiteral("history"), {{key("conversation_id"), m_conversation}});
    QCOMPARE(history.value(key("result")).toObject().value(key("messages")).toArray().size(), 1);
    const QJsonArray notes = roundTrip(*m_bob, QStringLiteral("notes"), {{key("conversation_id"), m_conversation}})
                                 .value(key("result")).toObject().value(key("notes")).toArray();
    QCOMPARE(notes.size(), 1);
    QCOMPARE(Note::fromJson(notes.first().toObject()), made);
    // Another Page's agent sees neither the event nor the list.
    QCOMPARE(errorCode(roundTrip(*m_other, QStringLiteral("notes"), {{key("conversation_id"), m_conversation}})),
             QStringLiteral("not_found"));
    QVERIFY(noteEvents(*m_other).isEmpty());

    // The Send API stand-in never saw it; a reply sent now is its first call, without the note.
    QCOMPARE(answerType(roundTrip(*m_alice, QStringLiteral("send_message"),
                                  {{key("conversation_id"), m_conversation},
                                   {key("client_id"), QStringLiteral("reply-1")},
                                   {key("text"), QStringLiteral("We refunded you.")}})),
             QStringLiteral("ack"));
    QTRY_COMPARE(m_graph->sends().size(), 1);
    for (const GraphStandIn::Request &r : m_graph->requests)
        QVERIFY2(!r.body.contains("refund one"), r.body.constData());
}

void TestNotes::badInputIsRefusedAndNothingStored_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QString>("code");
    // conversation_id is filled in by the test when 0 is given.
    auto f = [](const QString &clientId, const QString &text, const QJsonValue &mentions = QJsonArray()) {
        QJsonObject o{{key("text"), text}, {key("mentions"), mentions}};
        if (!clientId.isNull())
            o.insert(key("client_id"), clientId);
        return o;
    };
    QTest::newRow("no client id") << "alice" << f(QString(), QStringLiteral("x")) << "bad_request";
    QTest::newRow("long client id") << "alice" << f(QString(65, QLatin1Char('c')), QStringLiteral("x")) << "bad_request";
    QTest::newRow("empty") << "alice" << f(QStringLiteral("b1"), QStringLiteral(" \n ")) << "bad_request";
    QTest::newRow("too long") << "alice" << f(QStringLiteral("b2"), QString(4001, QLatin1Char('x'))) << "text_too_long";
    QTest::newRow("mentions not a list") << "alice" << f(QStringLiteral("b3"), QStringLiteral("x"), QStringLiteral("bob"))
                                         << "bad_request";
    QTest::newRow("mention without the page") << "alice" << f(QStringLiteral("b4"), QStringLiteral("@other"), QJsonArray{-1})
                                              << "bad_request";
    QTest::newRow("mention of a revoked agent") << "alice" << f(QStringLiteral("b5"), QStringLiteral("@gone"), QJsonArray{-2})
                                                << "bad_request";
    QTest::newRow("mention of nobody") << "alice" << f(QStringLiteral("b6"), QStringLiteral("@x"), QJsonArray{987654})
                                       << "bad_request";
    QJsonArray many;
    for (int i = 0; i < 21; ++i)
        many.append(-3); // alice, 21 times
    QTest::newRow("too many mentions") << "alice" << f(QStringLiteral("b7"), QStringLiteral("x"), many) << "bad_request";
    QTest::newRow("another page's conversation") << "other" << f(QStringLiteral("b8"), QStringLiteral("x")) << "not_found";
    QJsonObject unknown = f(QStringLiteral("b9"), QStringLiteral("x"));
    unknown.insert(key("conversation_id"), 987654);
    QTest::newRow("unknown conversation") << "alice" << unknown << "not_found";
}

void TestNotes::badInputIsRefusedAndNothingStored()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, fields);
    QFETCH(QString, code);
    if (!fields.contains(key("conversation_id")))
        fields.insert(key("conversation_id"), m_conversation);
    // Agent ids are known only now: -1 other, -2 gone, -3 alice.
    QJsonArray mentions;
    const QJsonValue given = fields.value(key("mentions"));
    if (given.isArray()) {
        for (const QJsonValue &v : given.toArray()) {
            const qint64 id = v.toInteger();
            mentions.append(id == -1 ? m_rig->agentId(QStringLiteral("other"))
                            : id == -2 ? m_rig->agentId(QStringLiteral("gone"))
                            : id == -3 ? m_rig->agentId(QStringLiteral("alice"))
                                       : id);
        }
        fields.insert(key("mentions"), mentions);
    }
    const qint64 head = m_rig->relay.store().lastSeq();
    const QJsonObject answer = roundTrip(who == QLatin1String("other") ? *m_other : *m_alice, QStringLiteral("add_note"), fields);
    QCOMPARE(answerType(answer), QStringLiteral("error"));
    QCOMPARE(errorCode(answer), code);
    QVERIFY(!answer.value(key("message")).toString().isEmpty());
    QCOMPARE(m_rig->relay.store().noteCount(), 0);
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
    QCOMPARE(answerType(roundTrip(*m_bob, QStringLiteral("notes"), {{key("conversation_id"), m_conversation}})),
             QStringLiteral("ack"));
    QVERIFY(noteEvents(*m_bob).isEmpty());
}

void TestNotes::addIsIdempotentByClientId()
{
    const QJsonObject first = addNote(*m_alice, QStringLiteral("once"), {}, QStringLiteral("same"));
    QCOMPARE(answerType(first), QStringLiteral("ack"));
    const qint64 head = m_rig->relay.store().lastSeq();
    const QJsonObject again = addNote(*m_alice, QStringLiteral("once"), {}, QStringLiteral("same"));
    QCOMPARE(again.value(key("result")), first.value(key("result")));
    QCOMPARE(m_rig->relay.store().noteCount(), 1);
    QCOMPARE(m_rig->relay.store().lastSeq(), head);
}

void TestNotes::agentAwayReplaysNotes()
{
    const qint64 start = m_rig->relay.store().lastSeq();
    QCOMPARE(answerType(addNote(*m_alice, QStringLiteral("first"))), QStringLiteral("ack"));
    QCOMPARE(answerType(addNote(*m_alice, QStringLiteral("second"), {m_rig->agentId(QStringLiteral("bob"))})),
             QStringLiteral("ack"));
    AgentClient late;
    QVERIFY(connectLive(late, m_rig->relay, m_bobToken, start));
    QTRY_COMPARE(noteEvents(late).size(), 2);
    QCOMPARE(noteEvents(late).at(0).note().text, QStringLiteral("first"));
    QCOMPARE(noteEvents(late).at(1).note().mentions, QList<qint64>{m_rig->agentId(QStringLiteral("bob"))});
}

QTEST_GUILESS_MAIN(TestNotes)
#include "tst_notes.moc"
