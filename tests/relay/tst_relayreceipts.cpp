#include "ingestrig.h"

#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Events can overtake the message they are about (Meta retries out of order):
// receipts before the echo, reactions and edits before the message. The message
// must still end up delivered or read, reacted to, edited.
class TestRelayReceipts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void readBeforeEcho();
    void deliveryBeforeEcho();
    void olderReceiptDoesNotCoverANewerEcho();
    void reactionBeforeItsMessage();
    void editBeforeItsMessage();
};

static Message createdEcho(IngestRig &rig)
{
    for (const Event &e : rig.agent.events())
        if (e.kind == QLatin1String("message.created") && e.message().mid == QLatin1String("m_AbC1xYz_echo_0008"))
            return e.message();
    return {};
}

void TestRelayReceipts::readBeforeEcho()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("read.json")), 200);            // watermark ...7500
    QCOMPARE(rig.post(QStringLiteral("echo-page-inbox.json")), 200); // sent at ...7000
    QVERIFY(rig.sync());
    QCOMPARE(createdEcho(rig).status, Message::Status::Read);
    QCOMPARE(rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_echo_0008"))->status, Message::Status::Read);
}

void TestRelayReceipts::deliveryBeforeEcho()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("delivery-watermark-only.json")), 200); // watermark ...7500
    QCOMPARE(rig.post(QStringLiteral("echo-page-inbox.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(createdEcho(rig).status, Message::Status::Delivered);
}

void TestRelayReceipts::olderReceiptDoesNotCoverANewerEcho()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("delivery.json")), 200); // watermark ...6500, before the echo's ...7000
    QCOMPARE(rig.post(QStringLiteral("echo-page-inbox.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(createdEcho(rig).status, Message::Status::Sent);
}

void TestRelayReceipts::reactionBeforeItsMessage()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("reaction.json")), 200); // on m_AbC1xYz_echo_0007, not known yet
    QVERIFY(rig.sync());
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200);     // the message itself
    QVERIFY(rig.sync());
    const auto message = rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_echo_0007"));
    QVERIFY(message);
    const QList<Reaction> love{{QStringLiteral("love"), QStringLiteral("\u2764\ufe0f")}};
    QCOMPARE(message->reactions, love);
    QCOMPARE(rig.agent.events().last().kind, QStringLiteral("message.updated"));
    QCOMPARE(rig.agent.events().last().message().reactions, love);
    // Applied once: the same message again changes nothing.
    const int events = int(rig.agent.events().size());
    QCOMPARE(rig.post(QStringLiteral("echo.json")), 200);
    QVERIFY(rig.sync());
    QCOMPARE(int(rig.agent.events().size()), events);
}

void TestRelayReceipts::editBeforeItsMessage()
{
    IngestRig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.post(QStringLiteral("edit.json")), 200);
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QVERIFY(rig.sync());
    const auto message = rig.relay.store().messageByMid(QStringLiteral("m_AbC1xYz_text_0001"));
    QVERIFY(message);
    QCOMPARE(message->text, QStringLiteral("Hi! Where is my order #4521?"));
    QCOMPARE(message->editCount, 1);
    const auto conversation = rig.relay.store().conversation(message->conversationId);
    QCOMPARE(conversation->previewText, QStringLiteral("Hi! Where is my order #4521?"));
}

QTEST_GUILESS_MAIN(TestRelayReceipts)
#include "tst_relayreceipts.moc"
