#include "event.h"
#include "protocol.h"
#include "replywindow.h"

#include <QJsonDocument>
#include <QTest>

using namespace Relaydesk;

class TestProtocol : public QObject
{
    Q_OBJECT
private slots:
    void messageRoundTrip();
    void messageStatusNames();
    void conversationRoundTrip();
    void eventFrameRoundTrip();
    void customerFallbackName();
    void replyWindow_data();
    void replyWindow();
};

void TestProtocol::messageRoundTrip()
{
    Message m;
    m.id = 42;
    m.conversationId = 7;
    m.mid = QStringLiteral("m_1");
    m.direction = Message::Direction::Outgoing;
    m.text = QStringLiteral("Gr\u00fc\u00dfe \U0001F44B");
    m.attachments = {{QStringLiteral("image"), QStringLiteral("https://x.invalid/a.jpg"), {}, QStringLiteral("369"), {}}};
    m.timestamp = 1732521600000;
    m.status = Message::Status::Failed;
    m.clientId = QStringLiteral("c-1");
    m.agentId = 3;
    m.reactions = {{QStringLiteral("love"), QStringLiteral("\u2764")}};
    m.editCount = 2;
    m.errorCode = 10;
    m.errorSubcode = 2018278;
    m.errorMessage = QStringLiteral("outside window");
    // Through text, as on the wire.
    const QByteArray wire = QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact);
    const Message back = Message::fromJson(QJsonDocument::fromJson(wire).object());
    QCOMPARE(back, m);
    QCOMPARE(back.attachments.first().stickerId, QStringLiteral("369"));
}

void TestProtocol::messageStatusNames()
{
    for (auto s : {Message::Status::Received, Message::Status::Pending, Message::Status::Sent,
                   Message::Status::Delivered, Message::Status::Read, Message::Status::Failed})
        QCOMPARE(Message::statusFromName(Message::statusName(s)), s);
    QCOMPARE(Message::statusName(Message::Status::Delivered), QStringLiteral("delivered"));
    QVERIFY(Message::Status::Sent < Message::Status::Delivered);
    QVERIFY(Message::Status::Delivered < Message::Status::Read);
}

void TestProtocol::conversationRoundTrip()
{
    Conversation c;
    c.id = 9;
    c.pageId = QStringLiteral("104216672283716");
    c.customer = {QStringLiteral("6920154378193526"), QStringLiteral("Linh Nguyen"), QStringLiteral("https://p.invalid/x")};
    c.lastMessageAt = 5;
    c.lastCustomerMessageAt = 4;
    c.previewText = QStringLiteral("hi");
    c.previewKind = QStringLiteral("text");
    c.previewOutgoing = true;
    c.unreadCount = 3;
    c.status = Conversation::Status::Pending;
    c.assigneeId = 2;
    QCOMPARE(Conversation::fromJson(c.toJson()), c);

    Conversation::Status s = Conversation::Status::Open;
    QVERIFY(!Conversation::statusFromName(QStringLiteral("closed"), &s));
    QCOMPARE(s, Conversation::Status::Open);
    QVERIFY(Conversation::statusFromName(QStringLiteral("resolved"), &s));
    QCOMPARE(s, Conversation::Status::Resolved);
}

void TestProtocol::eventFrameRoundTrip()
{
    Message m;
    m.id = 1;
    m.conversationId = 5;
    m.text = QStringLiteral("hello");
    Event e = Event::forMessage(QString(Protocol::EventKind::MessageCreated), QStringLiteral("p1"), m);
    e.seq = 77;
    e.createdAt = 123;
    e.agentId = 4;
    const QJsonObject frame = e.toFrame();
    QCOMPARE(frame.value(QStringLiteral("type")).toString(), QStringLiteral("event"));
    const Event back = Event::fromFrame(frame);
    QCOMPARE(back.seq, 77);
    QCOMPARE(back.kind, QStringLiteral("message.created"));
    QCOMPARE(back.pageId, QStringLiteral("p1"));
    QCOMPARE(back.conversationId, 5);
    QCOMPARE(back.agentId, 4);
    QVERIFY(back.hasMessage());
    QVERIFY(!back.hasConversation());
    QCOMPARE(back.message(), m);
}

void TestProtocol::customerFallbackName()
{
    Customer c{QStringLiteral("6920154378193526"), {}, {}};
    QCOMPARE(c.displayName(), QStringLiteral("Customer 3526"));
    c.name = QStringLiteral("Linh");
    QCOMPARE(c.displayName(), QStringLiteral("Linh"));
}

void TestProtocol::replyWindow_data()
{
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<int>("state");
    const qint64 h = 3600 * 1000;
    QTest::newRow("fresh") << qint64(0) << int(ReplyWindow::State::Standard);
    QTest::newRow("23h59") << 24 * h - 1 << int(ReplyWindow::State::Standard);
    QTest::newRow("24h") << 24 * h << int(ReplyWindow::State::HumanAgent);
    QTest::newRow("6d") << 6 * 24 * h << int(ReplyWindow::State::HumanAgent);
    QTest::newRow("7d") << 7 * 24 * h << int(ReplyWindow::State::Closed);
}

void TestProtocol::replyWindow()
{
    QFETCH(qint64, ageMs);
    QFETCH(int, state);
    const qint64 last = 1'700'000'000'000;
    QCOMPARE(int(ReplyWindow::state(last, last + ageMs)), state);
    QCOMPARE(ReplyWindow::state(0, last), ReplyWindow::State::Closed);
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
