#include "ingestrig.h"

#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Receipts can overtake the echo of the message they cover (Meta retries out of
// order): the message must still end up delivered or read.
class TestRelayReceipts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void readBeforeEcho();
    void deliveryBeforeEcho();
    void olderReceiptDoesNotCoverANewerEcho();
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

QTEST_GUILESS_MAIN(TestRelayReceipts)
#include "tst_relayreceipts.moc"
