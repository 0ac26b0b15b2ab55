#include "graphstandin.h"
#include "ingestrig.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

const QLatin1StringView kCreated = Protocol::EventKind::MessageCreated;
const QLatin1StringView kStatus = Protocol::EventKind::MessageStatus;
const QLatin1StringView kUpdated = Protocol::EventKind::MessageUpdated;
const QLatin1StringView kConversationUpdated = Protocol::EventKind::ConversationUpdated;

Attachment attachment(const char *type, const char *url, const char *title = "", const char *stickerId = "")
{
    Attachment a;
    a.type = QString::fromLatin1(type);
    a.url = QString::fromLatin1(url);
    a.title = QString::fromLatin1(title);
    a.stickerId = QString::fromLatin1(stickerId);
    return a;
}

} // namespace

// Every kind of webhook Meta sends, posted signed to a real relay: what the agent
// sees (events) and what the store keeps, exactly.
class TestRelayIngest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void customerMessage_data();
    void customerMessage();
    void unicodeTextPreserved();
    void echoFromAnotherTool();
    void ourEchoBeforeSendAnswer();
    void ourEchoAfterSendAnswer();
    void deliveryAndRead();
    void reactionAndUnreaction();
    void edit();
    void batched();
    void unknownKindKeptRaw();
    void notAPageIgnored();
    void duplicatePostStoredOnce();
    void orderedByTimestampNotArrival();
};

void TestRelayIngest::customerMessage_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("mid");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QList<Attachment>>("attachments");
    QTest::addColumn<QString>("quickReply");
    QTest::addColumn<QString>("replyTo");
    QTest::addColumn<QString>("postbackPayload");
    QTest::addColumn<QString>("previewKind");

    const QString none;
    QTest::newRow("text") << "text.json" << "m_AbC1xYz_text_0001" << "text" << "Hi! Where is my order #4512?"
                          << qint64(1732521600000) << QList<Attachment>() << none << none << none << "text";
    QTest::newRow("quick reply") << "text-quick-reply.json" << "m_AbC1xYz_qr_0002" << "text" << "Track my order"
                                 << qint64(1732521601000) << QList<Attachment>() << "TRACK_ORDER" << none << none
                                 << "text";
    QTest::newRow("reply-to") << "text-reply-to.json" << "m_AbC1xYz_reply_0003" << "text" << "Yes, that one"
                              << qint64(1732521602000) << QList<Attachment>() << none << "m_AbC1xYz_text_0001"
                              << none << "text";
    QTest::newRow("image") << "image.json" << "m_AbC1xYz_img_0004" << "attachments" << ""
                           << qint64(1732521603000)
                           << QList<Attachment>{attachment("image", "https://scontent.example-cdn.invalid/v/t1.15752-9/"
                                                                    "photo_4512.jpg?stp=dst-jpg&oh=00_AYD")}
                           << none << none << none << "image";
    QTest::newRow("attachments-mixed")
        << "attachments-mixed.json" << "m_AbC1xYz_att_0005" << "text" << "Here are the files" << qint64(1732521604000)
        << QList<Attachment>{attachment("file", "https://cdn.example-cdn.invalid/invoice_4512.pdf"),
                             attachment("audio", "https://cdn.example-cdn.invalid/voice_note.mp4"),
                             attachment("video", "https://cdn.example-cdn.invalid/unboxing.mp4"),
                             attachment("fallback", "https://shop.example.invalid/p/4512", "Order 4512")}
        << none << none << none << "text";
    QTest::newRow("sticker") << "sticker.json" << "m_AbC1xYz_stk_0006" << "attachments" << "" << qint64(1732521605000)
                             << QList<Attachment>{attachment("image", "https://cdn.example-cdn.invalid/thumbs_up.png",
                                                             "", "369239263222822")}
                             << none << none << none << "sticker";
    QTest::newRow("postback") << "postback.json" << "m_AbC1xYz_pb_0009" << "postback" << "Talk to a person"
                              << qint64(1732521610000) << QList<Attachment>() << none << none << "HUMAN_HANDOFF"
                              << "postback";
    QTest::newRow("standby") << "standby.json" << "m_AbC1xYz_sb_0010" << "text"
                             << "(arrives while another app owns the thread)" << qint64(1732521614000)
                             << QList<Attachment>() << none << none << none << "text";
}

void TestRelayIngest::customerMessage()
{
    QFETCH(QString, file);
    QFETCH(QString, mid);
    QFETCH(QString, kind);
    QFETCH(QString, text);
    QFETCH(qint64, timestamp);
    QFETCH(QList<Attachment>, attachments);
    QFETCH(QString, quickReply);
    QFETCH(QString, replyTo);
    QFETCH(QString, postbackPayload);
    QFETCH(QString, previewKind);

    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(file), 200);
    QTRY_COMPARE(rig.agent.events().size(), 2);
    QVERIFY(rig.sync());
    const QList<Event> events = rig.agent.events();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].kind, kCreated);
    QCOMPARE(events[0].pageId, kPageId);
    QCOMPARE(events[1].kind, kConversationUpdated);
    QCOMPARE(rig.agent.eventSeqs(), (QList<qint64>{1, 2}));

    const Message m = events[0].message();
    QVERIFY(m.id > 0);
    QCOMPARE(m.mid, mid);
    QCOMPARE(m.direction, Message::Direction::Incoming);
    QCOMPARE(m.status, Message::Status::Received);
    QCOMPARE(m.kind, kind);
    QCOMPARE(m.text, text);
    QCOMPARE(m.timestamp, timestamp);
    QCOMPARE(m.attachments, attachments);
    QCOMPARE(m.quickReplyPayload, quickReply);
    QCOMPARE(m.replyToMid, replyTo);
    QCOMPARE(m.postbackPayload, postbackPayload);
    QCOMPARE(m.conversationId, events[1].conversationId);
    QCOMPARE(events[0].conversationId, m.conversationId);

    const Conversation c = events[1].conversation();
    QCOMPARE(c.id, m.conversationId);
    QCOMPARE(c.pageId, kPageId);
    QCOMPARE(c.customer.psid, kCustomerPsid);
    QCOMPARE(c.previewText, text);
    QCOMPARE(c.previewKind, previewKind);
    QCOMPARE(c.previewOutgoing, false);
    QCOMPARE(c.lastMessageAt, timestamp);
    QCOMPARE(c.lastCustomerMessageAt, timestamp);
    QCOMPARE(c.unreadCount, 1);

    Store::Store &store = rig.relay.store();
    QCOMPARE(store.messageCount(), 1);
    QCOMPARE(store.conversationCount(), 1);
    QCOMPARE(store.lastSeq(), 2);
    const auto stored = store.messageByMid(mid);
    QVERIFY(stored);
    QCOMPARE(*stored, m);
    const auto storedConversation = store.conversationFor(kPageId, kCustomerPsid);
    QVERIFY(storedConversation);
    QCOMPARE(*storedConversation, c);
}

void TestRelayIngest::unicodeTextPreserved()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("unicode.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 2);
    const QString expected = QStringLiteral("Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u00e7a va? \u4f60\u597d "
                                            "\U0001F44B <b>&amp;</b> \"quoted\"");
    QVERIFY(expected.toUcs4().contains(0x1F44B)); // the wave, one surrogate pair
    const Message m = rig.agent.events().at(0).message();
    QCOMPARE(m.text, expected);
    QCOMPARE(m.mid, QStringLiteral("m_ZzQ9_unicode_0011"));
    QCOMPARE(rig.agent.events().at(1).conversation().previewText, expected);
    QCOMPARE(rig.agent.events().at(1).conversation().customer.psid, QStringLiteral("7341096612455830"));
    QCOMPARE(rig.relay.store().messageByMid(m.mid)->text, expected);
}

void TestRelayIngest::echoFromAnotherTool()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("echo-page-inbox.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 2);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 2);
    QCOMPARE(rig.agent.events().at(0).kind, kCreated);
    const Message m = rig.agent.events().at(0).message();
    QCOMPARE(m.mid, QStringLiteral("m_AbC1xYz_echo_0008"));
    QCOMPARE(m.direction, Message::Direction::Outgoing);
    QCOMPARE(m.source, QStringLiteral("page"));
    QCOMPARE(m.status, Message::Status::Sent);
    QCOMPARE(m.text, QStringLiteral("(sent from the Page's own inbox)"));
    QCOMPARE(m.timestamp, 1732521607000);
    QCOMPARE(m.agentId, 0);
    QVERIFY(m.clientId.isEmpty());

    // The customer is the echo's recipient; the Page writing does not count as unread.
    const Conversation c = rig.agent.events().at(1).conversation();
    QCOMPARE(c.customer.psid, kCustomerPsid);
    QCOMPARE(c.previewOutgoing, true);
    QCOMPARE(c.unreadCount, 0);
    QCOMPARE(c.lastCustomerMessageAt, 0);
    QCOMPARE(*rig.relay.store().messageByMid(m.mid), m);
}

namespace {

// A customer message from ten minutes ago (inside the 24-hour window), then our
// reply "3f1b2c" (echo.json carries its metadata) created with send_message.
// Returns the reply as acknowledged, or an empty message on failure.
Message replyFromAgent(IngestRig &rig, GraphStandIn &graph)
{
    QByteArray body = webhookFixture(QStringLiteral("text.json"));
    body.replace("1732521600000", QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 600'000));
    if (rig.poster->post(body).status != 200 || !rig.sync())
        return {};
    const auto conversation = rig.relay.store().conversationFor(kPageId, kCustomerPsid);
    if (!conversation)
        return {};
    const QJsonObject result = rig.request(QString(Protocol::ClientFrame::SendMessage),
                                           {{QStringLiteral("conversation_id"), conversation->id},
                                            {QStringLiteral("client_id"), QStringLiteral("3f1b2c")},
                                            {QStringLiteral("text"), QStringLiteral("Your order ships tomorrow.")}});
    if (!QTest::qWaitFor([&graph] { return graph.sends().size() == 1; }, 5000))
        return {};
    return Message::fromJson(result.value(QStringLiteral("message")).toObject());
}

} // namespace

void TestRelayIngest::ourEchoBeforeSendAnswer()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    // The Send API answers late: the echo gets here first.
    graph.queueSendAnswer({200, R"({"recipient_id":"6920154378193526","message_id":"m_AbC1xYz_echo_0007"})", 60'000});
    graph.queueProfileAnswer({400, fixture(QStringLiteral("graph/profile-unavailable.json")), 0});
    IngestRig rig;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop")));

    const Message reply = replyFromAgent(rig, graph);
    QVERIFY(reply.id > 0);
    QCOMPARE(reply.status, Message::Status::Pending);
    QVERIFY(reply.mid.isEmpty());
    QVERIFY(graph.sends().first().body.contains("\"metadata\":\"relaydesk:client:3f1b2c\""));
    QVERIFY(rig.sync());
    const qsizetype before = rig.agent.events().size();

    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), before + 1);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), before + 1); // one status event, no message.created
    const Event status = rig.agent.events().last();
    QCOMPARE(status.kind, kStatus);
    QCOMPARE(status.message().id, reply.id);
    QCOMPARE(status.message().mid, QStringLiteral("m_AbC1xYz_echo_0007"));
    QCOMPARE(status.message().status, Message::Status::Sent);
    QCOMPARE(status.message().source, QStringLiteral("relaydesk"));
    QCOMPARE(eventsOfKind(rig.agent.events(), kCreated).size(), 2); // the customer's message and our reply

    Store::Store &store = rig.relay.store();
    QCOMPARE(store.messageCount(), 2);
    QCOMPARE(store.messageByMid(QStringLiteral("m_AbC1xYz_echo_0007"))->id, reply.id);
    QCOMPARE(store.messageByClientId(QStringLiteral("3f1b2c"))->status, Message::Status::Sent);
}

void TestRelayIngest::ourEchoAfterSendAnswer()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    graph.queueSendAnswer({200, R"({"recipient_id":"6920154378193526","message_id":"m_AbC1xYz_echo_0007"})", 0});
    graph.queueProfileAnswer({400, fixture(QStringLiteral("graph/profile-unavailable.json")), 0});
    IngestRig rig;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop")));

    const Message reply = replyFromAgent(rig, graph);
    QVERIFY(reply.id > 0);
    QTRY_VERIFY(!eventsOfKind(rig.agent.events(), kStatus).isEmpty());
    QCOMPARE(eventsOfKind(rig.agent.events(), kStatus).last().message().mid, QStringLiteral("m_AbC1xYz_echo_0007"));
    QVERIFY(rig.sync());
    const qsizetype before = rig.agent.events().size();

    // The echo of a reply the Send API already confirmed changes nothing.
    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), before);
    QCOMPARE(rig.relay.store().messageCount(), 2);
    const auto stored = rig.relay.store().messageByClientId(QStringLiteral("3f1b2c"));
    QCOMPARE(stored->mid, QStringLiteral("m_AbC1xYz_echo_0007"));
    QCOMPARE(stored->status, Message::Status::Sent);
}

void TestRelayIngest::deliveryAndRead()
{
    IngestRig rig;
    QVERIFY(rig.start());
    // Two outgoing messages: echo_0007 at ...606000, echo_0008 at ...607000.
    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("echo-page-inbox.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.relay.store().messageCount(), 2);
    rig.agent.clearFrames();
    const QString first = QStringLiteral("m_AbC1xYz_echo_0007");
    const QString second = QStringLiteral("m_AbC1xYz_echo_0008");
    auto statusOf = [&rig](const QString &mid) { return rig.relay.store().messageByMid(mid)->status; };

    // mids [echo_0007], watermark ...606500: only the first.
    QCOMPARE(rig.post(QStringLiteral("delivery.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("delivery.json")), 200); // redelivered: no second event
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 1);
    QCOMPARE(rig.agent.events().at(0).kind, kStatus);
    QCOMPARE(rig.agent.events().at(0).message().mid, first);
    QCOMPARE(rig.agent.events().at(0).message().status, Message::Status::Delivered);
    QCOMPARE(statusOf(first), Message::Status::Delivered);
    QCOMPARE(statusOf(second), Message::Status::Sent);

    // Watermark ...607500, no mids: the second too.
    rig.agent.clearFrames();
    QCOMPARE(rig.post(QStringLiteral("delivery-watermark-only.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 1);
    QCOMPARE(rig.agent.events().at(0).message().mid, second);
    QCOMPARE(rig.agent.events().at(0).message().status, Message::Status::Delivered);
    QCOMPARE(statusOf(second), Message::Status::Delivered);

    // Read up to ...607500: both, oldest first.
    rig.agent.clearFrames();
    QCOMPARE(rig.post(QStringLiteral("read.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("read.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 2);
    QCOMPARE(rig.agent.events().at(0).message().mid, first);
    QCOMPARE(rig.agent.events().at(1).message().mid, second);
    for (const Event &e : rig.agent.events()) {
        QCOMPARE(e.kind, kStatus);
        QCOMPARE(e.message().status, Message::Status::Read);
    }
    QCOMPARE(statusOf(first), Message::Status::Read);
    QCOMPARE(statusOf(second), Message::Status::Read);

    // A late delivery receipt never moves a read message back.
    rig.agent.clearFrames();
    QByteArray late = webhookFixture(QStringLiteral("delivery-watermark-only.json"));
    late.replace("1732521607500", "1732521607600");
    QCOMPARE(rig.poster->post(late).status, 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(statusOf(second), Message::Status::Read);
    QCOMPARE(rig.relay.store().messageCount(), 2);
}

void TestRelayIngest::reactionAndUnreaction()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200); // the message reacted to
    QVERIFY(rig.sync());
    rig.agent.clearFrames();

    QCOMPARE(rig.post(QStringLiteral("reaction.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("reaction.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 1);
    const Event reacted = rig.agent.events().at(0);
    QCOMPARE(reacted.kind, kUpdated);
    QCOMPARE(reacted.message().mid, QStringLiteral("m_AbC1xYz_echo_0007"));
    const QList<Reaction> love{{QStringLiteral("love"), QStringLiteral("\u2764\ufe0f")}};
    QCOMPARE(reacted.message().reactions, love);
    QCOMPARE(rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_echo_0007"))->reactions, love);

    QCOMPARE(rig.post(QStringLiteral("unreaction.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 2);
    QCOMPARE(rig.agent.events().at(1).kind, kUpdated);
    QVERIFY(rig.agent.events().at(1).message().reactions.isEmpty());
    QVERIFY(rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_echo_0007"))->reactions.isEmpty());
    QCOMPARE(rig.relay.store().messageCount(), 1);
    QCOMPARE(rig.relay.store().rawEventCount(), 0);
}

void TestRelayIngest::edit()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QVERIFY(rig.sync());
    rig.agent.clearFrames();

    QCOMPARE(rig.post(QStringLiteral("edit.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("edit.json")), 200); // redelivered
    QVERIFY(rig.sync());
    const QString edited = QStringLiteral("Hi! Where is my order #4521?");
    QCOMPARE(rig.agent.events().size(), 2);
    QCOMPARE(rig.agent.events().at(0).kind, kUpdated);
    QCOMPARE(rig.agent.events().at(0).message().mid, QStringLiteral("m_AbC1xYz_text_0001"));
    QCOMPARE(rig.agent.events().at(0).message().text, edited);
    QCOMPARE(rig.agent.events().at(0).message().editCount, 1);
    QCOMPARE(rig.agent.events().at(0).message().timestamp, 1732521600000); // still ordered where it was written
    QCOMPARE(rig.agent.events().at(1).kind, kConversationUpdated);
    QCOMPARE(rig.agent.events().at(1).conversation().previewText, edited);

    const auto stored = rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_text_0001"));
    QCOMPARE(stored->text, edited);
    QCOMPARE(stored->editCount, 1);
    QCOMPARE(rig.relay.store().messageCount(), 1);
}

void TestRelayIngest::batched()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("batched.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 6);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 6);
    const QList<Event> created = eventsOfKind(rig.agent.events(), kCreated);
    QCOMPARE(created.size(), 3);
    QCOMPARE(created[0].message().mid, QStringLiteral("m_batch_0001"));
    QCOMPARE(created[1].message().mid, QStringLiteral("m_batch_0002"));
    QCOMPARE(created[2].message().mid, QStringLiteral("m_batch_0003"));
    QCOMPARE(created[0].pageId, kPageId);
    QCOMPARE(created[2].pageId, QStringLiteral("104216672283999"));
    QCOMPARE(created[0].conversationId, created[1].conversationId);
    QVERIFY(created[2].conversationId != created[0].conversationId);

    Store::Store &store = rig.relay.store();
    QCOMPARE(store.messageCount(), 3);
    QCOMPARE(store.conversationCount(), 2);
    const auto first = store.conversationFor(kPageId, kCustomerPsid);
    QCOMPARE(first->unreadCount, 2);
    QCOMPARE(first->previewText, QStringLiteral("second"));
    const auto other = store.conversationFor(QStringLiteral("104216672283999"), QStringLiteral("7341096612455830"));
    QVERIFY(other);
    QCOMPARE(other->previewText, QStringLiteral("other page"));
}

void TestRelayIngest::unknownKindKeptRaw()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("unknown-kind.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.relay.store().rawEventCount(), 1);
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.relay.store().conversationCount(), 0);
    QCOMPARE(rig.relay.store().lastSeq(), 0);
}

void TestRelayIngest::notAPageIgnored()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("not-a-page.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(rig.relay.store().rawEventCount(), 0);
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.relay.store().conversationCount(), 0);
    QCOMPARE(rig.relay.store().lastSeq(), 0);
}

void TestRelayIngest::duplicatePostStoredOnce()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 2);
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("postback.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("postback.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 4); // the postback once, the text not again
    QCOMPARE(eventsOfKind(rig.agent.events(), kCreated).size(), 2);
    QCOMPARE(rig.relay.store().messageCount(), 2);
    QCOMPARE(rig.relay.store().conversationFor(kPageId, kCustomerPsid)->unreadCount, 2);
    QCOMPARE(rig.relay.store().lastSeq(), 4);

    // The same mid twice in one body, and a postback without a mid sent twice.
    const QByteArray item = R"({"sender":{"id":"6920154378193526"},"recipient":{"id":"104216672283716"},)"
                            R"("timestamp":1732521620000,"message":{"mid":"m_twice","text":"twice"}})";
    const QByteArray pb = R"({"sender":{"id":"6920154378193526"},"recipient":{"id":"104216672283716"},)"
                          R"("timestamp":1732521621000,"postback":{"title":"Yes","payload":"YES"}})";
    const QByteArray body = R"({"object":"page","entry":[{"id":"104216672283716","messaging":[)" + item + ','
        + item + ',' + pb + "]}]}";
    QCOMPARE(rig.poster->post(body).status, 200);
    QCOMPARE(rig.poster->post(body).status, 200);
    QVERIFY(rig.sync());
    QCOMPARE(eventsOfKind(rig.agent.events(), kCreated).size(), 4);
    QCOMPARE(rig.relay.store().messageCount(), 4);
    QCOMPARE(eventsOfKind(rig.agent.events(), kCreated).last().message().postbackPayload, QStringLiteral("YES"));
}

void TestRelayIngest::orderedByTimestampNotArrival()
{
    IngestRig rig;
    QVERIFY(rig.start());
    // The newer message (…602000) arrives first, the older (…600000) after it.
    QCOMPARE(rig.post(QStringLiteral("text-reply-to.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 4);
    const Conversation latest = rig.agent.events().at(3).conversation();
    QCOMPARE(latest.previewText, QStringLiteral("Yes, that one"));
    QCOMPARE(latest.lastMessageAt, 1732521602000);
    QCOMPARE(latest.unreadCount, 2);
    const auto stored = rig.relay.store().conversationFor(kPageId, kCustomerPsid);
    QCOMPARE(stored->previewText, QStringLiteral("Yes, that one"));
    QCOMPARE(stored->lastMessageAt, 1732521602000);
    QCOMPARE(stored->lastCustomerMessageAt, 1732521602000);

    // History: newest first by Meta's timestamp, though the older one was stored last.
    const QJsonObject result = rig.request(QString(Protocol::ClientFrame::History),
                                           {{QStringLiteral("conversation_id"), stored->id}});
    const QJsonArray messages = result.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(Message::fromJson(messages[0].toObject()).mid, QStringLiteral("m_AbC1xYz_reply_0003"));
    QCOMPARE(Message::fromJson(messages[1].toObject()).mid, QStringLiteral("m_AbC1xYz_text_0001"));
    QCOMPARE(result.value(QStringLiteral("has_more")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestRelayIngest)
#include "tst_relayingest.moc"
