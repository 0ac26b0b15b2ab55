#include "graphstandin.h"
#include "ingestrig.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

const QString kOtherPsid = QStringLiteral("7341096612455830"); // unicode.json's customer

int lookupsOf(const GraphStandIn &graph, const QString &psid)
{
    int n = 0;
    for (const GraphStandIn::Request &r : graph.profileLookups())
        if (r.path.contains(psid.toLatin1()))
            ++n;
    return n;
}

Store::CustomerRecord::ProfileState profileState(IngestRig &rig, const QString &psid)
{
    const auto customer = rig.relay.store().customer(kPageId, psid);
    return customer ? customer->profileState : Store::CustomerRecord::ProfileState::Unknown;
}

// A loaded machine, made to order: once the stand-in's next answer has left, the
// relay's thread (this one) is kept busy for busyMs, so that the answer and every
// timer that came due meanwhile (the profile retry sweep) are handled in one go.
// A sleep on purpose: it is the busy machine, not a wait for something.
void busyWhenAnswered(GraphStandIn &graph, int busyMs)
{
    QObject::connect(&graph, &GraphStandIn::answered, &graph, [&graph, busyMs] {
        // Queued behind the connection's own send of the answer, which is queued too.
        QMetaObject::invokeMethod(&graph, [busyMs] { QThread::msleep(busyMs); }, Qt::QueuedConnection);
    }, Qt::SingleShotConnection);
}

} // namespace

// Customers' names from the User Profile API: looked up after the webhook is
// answered, announced as conversation.updated; "no profile" is final, other
// failures are retried.
class TestRelayProfile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void nameFilledIn();
    void slowLookupDoesNotDelayTheAnswer();
    void unavailableIsFinal();
    void temporaryFailureRetried();
};

void TestRelayProfile::nameFilledIn()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    IngestRig rig;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop"), "page-token-42"));

    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 3);
    // Created with the fallback name, then named.
    QCOMPARE(rig.agent.events().at(1).conversation().customer.name, QString());
    const Event named = rig.agent.events().at(2);
    QCOMPARE(named.kind, Protocol::EventKind::ConversationUpdated);
    QCOMPARE(named.conversation().customer.name, QStringLiteral("Linh Nguyen"));
    QCOMPARE(named.conversation().customer.displayName(), QStringLiteral("Linh Nguyen"));
    QVERIFY(named.conversation().customer.pictureUrl.startsWith(QLatin1String("https://platform-lookaside.")));

    QCOMPARE(graph.profileLookups().size(), 1);
    QVERIFY(graph.profileLookups().first().path.contains(kCustomerPsid.toLatin1()));
    QCOMPARE(graph.profileLookups().first().authorization, QByteArray("Bearer page-token-42"));
    const auto stored = rig.relay.store().conversationFor(kPageId, kCustomerPsid);
    QCOMPARE(stored->customer.name, QStringLiteral("Linh Nguyen"));
    QCOMPARE(profileState(rig, kCustomerPsid), Store::CustomerRecord::ProfileState::Known);

    // A second message from a known customer asks nothing more.
    QCOMPARE(rig.post(QStringLiteral("text-quick-reply.json")), 200);
    QTRY_COMPARE(rig.agent.events().size(), 5);
    QCOMPARE(rig.agent.events().at(4).conversation().customer.name, QStringLiteral("Linh Nguyen"));
    QCOMPARE(graph.profileLookups().size(), 1);
}

void TestRelayProfile::slowLookupDoesNotDelayTheAnswer()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    graph.queueProfileAnswer({200, fixture(QStringLiteral("graph/profile.json")), 30'000});
    IngestRig rig;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop")));

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QVERIFY2(timer.elapsed() < 5000, "the webhook answer waited for the profile look-up");
    QTRY_COMPARE(graph.profileLookups().size(), 1); // asked, not yet answered
    QCOMPARE(rig.relay.store().messageCount(), 1);
    QCOMPARE(rig.relay.store().conversationFor(kPageId, kCustomerPsid)->customer.name, QString());
}

void TestRelayProfile::unavailableIsFinal()
{
    constexpr int kRetryMs = 200;
    GraphStandIn graph;
    QVERIFY(graph.listen());
    // A slow Meta (the answer takes several retry intervals) on a busy relay (the
    // answer is read when the retry timer is due as well): the customer is asked once.
    graph.queueProfileAnswer({400, fixture(QStringLiteral("graph/profile-unavailable.json")), 3 * kRetryMs});
    graph.queueProfileAnswer({500, fixture(QStringLiteral("graph/send-error-temporary.json")), 0});
    busyWhenAnswered(graph, 2 * kRetryMs);
    IngestRig rig;
    rig.relay.config().profileRetryMs = kRetryMs;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop")));

    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QTRY_COMPARE(profileState(rig, kCustomerPsid), Store::CustomerRecord::ProfileState::Unavailable);
    QCOMPARE(lookupsOf(graph, kCustomerPsid), 1);
    auto conversation = rig.relay.store().conversationFor(kPageId, kCustomerPsid);
    QCOMPARE(conversation->customer.name, QString());
    QCOMPARE(conversation->customer.displayName(), QStringLiteral("Customer 3526"));

    // A second customer whose first look-up fails (500) and whose retry, 200 ms on,
    // succeeds: by then a retry of the first customer would have been due as well.
    QCOMPARE(rig.post(QStringLiteral("unicode.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(rig.relay.store().conversationFor(kPageId, kOtherPsid)->customer.name,
                              QStringLiteral("Linh Nguyen"), 10'000);
    QCOMPARE(lookupsOf(graph, kOtherPsid), 2);
    QCOMPARE(lookupsOf(graph, kCustomerPsid), 1);
    QCOMPARE(profileState(rig, kCustomerPsid), Store::CustomerRecord::ProfileState::Unavailable);
    conversation = rig.relay.store().conversationFor(kPageId, kCustomerPsid);
    QCOMPARE(conversation->customer.displayName(), QStringLiteral("Customer 3526"));
    // "No profile" announces nothing: the agent knows the fallback name already.
    for (const Event &e : eventsOfKind(rig.agent.events(), Protocol::EventKind::ConversationUpdated))
        if (e.conversationId == conversation->id)
            QCOMPARE(e.conversation().customer.name, QString());
}

void TestRelayProfile::temporaryFailureRetried()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    graph.queueProfileAnswer({500, fixture(QStringLiteral("graph/send-error-temporary.json")), 0});
    IngestRig rig;
    rig.relay.config().profileRetryMs = 200;
    QVERIFY(rig.start(graph.baseUrl()));
    QVERIFY(rig.relay.addPage(kPageId, QStringLiteral("Shop")));

    QCOMPARE(rig.post(QStringLiteral("text.json")), 200);
    QTRY_COMPARE(lookupsOf(graph, kCustomerPsid), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig.relay.store().conversationFor(kPageId, kCustomerPsid)->customer.name,
                              QStringLiteral("Linh Nguyen"), 10'000);
    QCOMPARE(lookupsOf(graph, kCustomerPsid), 2);
    const auto customer = rig.relay.store().customer(kPageId, kCustomerPsid);
    QCOMPARE(customer->profileState, Store::CustomerRecord::ProfileState::Known);
    QCOMPARE(customer->profileAttempts, 2);
    QTRY_VERIFY(!rig.agent.events().isEmpty()
                && rig.agent.events().last().conversation().customer.name == QLatin1String("Linh Nguyen"));
}

QTEST_GUILESS_MAIN(TestRelayProfile)
#include "tst_relayprofile.moc"
