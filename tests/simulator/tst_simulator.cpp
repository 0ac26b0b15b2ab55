#include "agentclient.h"
#include "simcontent.h"
#include "simulator.h"
#include "testrelay.h"

#include <QImage>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Test;
using namespace Relaydesk::Simulator;

static QString key(const char *k) { return QString::fromLatin1(k); }
static const QString Page = QStringLiteral("104216672283716");

// relaydesk-simulator plays Meta against a real relay: its customers' webhooks
// arrive at an agent, and an agent's reply goes through its Send API and comes
// back as echo, delivery and read, exactly once.
class TestSimulator : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void metaJsonEscapesLikeMeta();
    void customersReachTheAgent();
    void replyIsSentDeliveredRead();
    void injectedFailureReachesTheAgent();
    void graphApiNeedsAToken();
    void servesGeneratedImages();

private:
    QJsonObject command(const QString &type, const QJsonObject &fields);
    QList<Message> statusesOf(qint64 id) const;
    std::pair<int, QByteArray> get(const QUrl &url, const QByteArray &authorization = {});

    std::unique_ptr<Relaydesk::Simulator::Simulator> m_sim;
    std::unique_ptr<TestRelay> m_relay;
    std::unique_ptr<AgentClient> m_agent;
    QNetworkAccessManager m_network;
};

void TestSimulator::init()
{
    m_relay = std::make_unique<TestRelay>();
    SimulatorConfig config;
    config.pages = {Page};
    config.appSecret = TestRelay::AppSecret;
    config.seed = 7;
    config.ratePerMinute = 1200; // one every 50 ms on average
    config.count = 6;
    config.customersPerPage = 5;
    config.echoDelayMs = 50;
    config.deliveryDelayMs = 50;
    config.readDelayMs = 100;
    config.webhookRetryInitialMs = 50;
    m_sim = std::make_unique<Relaydesk::Simulator::Simulator>(config);
    QVERIFY(m_sim->listen());
    m_relay->config().graphUrl = m_sim->baseUrl();
    QVERIFY(m_relay->start());
    m_sim->setRelayUrl(m_relay->httpUrl(QStringLiteral("/webhook")));
    QVERIFY(m_relay->addPage(Page, QStringLiteral("Demo Shop")));
    const QByteArray token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_agent = std::make_unique<AgentClient>();
    m_agent->connectTo(m_relay->wsUrl(), token, -1);
    QTRY_VERIFY_WITH_TIMEOUT(m_agent->hasFrame(QStringLiteral("replay_done")) || m_agent->hasFrame(QStringLiteral("resync_required")), 10'000);
}

void TestSimulator::cleanup()
{
    m_agent.reset();
    m_sim.reset();
    m_relay.reset();
}

QJsonObject TestSimulator::command(const QString &type, const QJsonObject &fields)
{
    const QString id = m_agent->command(type, fields);
    if (!QTest::qWaitFor([&] { return !m_agent->answerTo(id).isEmpty(); }, 10'000))
        return {};
    return m_agent->answerTo(id);
}

QList<Message> TestSimulator::statusesOf(qint64 id) const
{
    QList<Message> list;
    for (const Event &e : m_agent->events())
        if (e.kind == QLatin1String("message.status") && e.message().id == id)
            list.append(e.message());
    return list;
}

std::pair<int, QByteArray> TestSimulator::get(const QUrl &url, const QByteArray &authorization)
{
    QNetworkRequest request(url);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = m_network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10'000);
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

void TestSimulator::metaJsonEscapesLikeMeta()
{
    const QJsonObject o{{key("text"), QStringLiteral("Grüße 你好 👋 \"q\"")}};
    QCOMPARE(Relaydesk::Simulator::Simulator::metaJson(o),
             QByteArray("{\"text\":\"Gr\\u00fc\\u00dfe \\u4f60\\u597d \\ud83d\\udc4b \\\"q\\\"\"}"));
}

void TestSimulator::customersReachTheAgent()
{
    QSignalSpy finished(m_sim.get(), &Relaydesk::Simulator::Simulator::trafficFinished);
    m_sim->startTraffic();
    QVERIFY(finished.wait(10'000));
    QCOMPARE(m_sim->customerEventsPosted(), 6);
    const QStringList mids = m_sim->messageMids();
    QVERIFY(!mids.isEmpty()); // a customer's first event always is a message
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QStringList seen;
        for (const Event &e : m_agent->events())
            if (e.kind == QLatin1String("message.created"))
                seen.append(e.message().mid);
        for (const QString &mid : mids)
            if (!seen.contains(mid))
                return false;
        return true;
    }(), 10'000);
    for (const Event &e : m_agent->events()) {
        if (e.kind != QLatin1String("message.created"))
            continue;
        QCOMPARE(e.pageId, Page);
        QCOMPARE(e.message().direction, Message::Direction::Incoming);
        QVERIFY(m_sim->customer(m_relay->store().conversation(e.conversationId)->customer.psid));
    }
    // The relay looked the customers up in the simulator's profile API.
    const qint64 conversationId = m_agent->events().first().conversationId;
    const Conversation conversation = *m_relay->store().conversation(conversationId);
    const SimCustomer *customer = m_sim->customer(conversation.customer.psid);
    QVERIFY(customer);
    const QString name = (customer->persona.firstName + QLatin1Char(' ') + customer->persona.lastName).trimmed();
    QTRY_COMPARE_WITH_TIMEOUT(m_relay->store().conversation(conversationId)->customer.name, name, 10'000);
    QVERIFY(m_relay->store().conversation(conversationId)->customer.pictureUrl.startsWith(m_sim->baseUrl().toString()));
}

void TestSimulator::replyIsSentDeliveredRead()
{
    m_sim->startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(!m_agent->events().isEmpty(), 10'000);
    const qint64 conversationId = m_agent->events().first().conversationId;
    const QJsonObject answer = command(QStringLiteral("send_message"),
                                       {{key("conversation_id"), conversationId}, {key("text"), QStringLiteral("Danke, es ist unterwegs 🚚")},
                                        {key("client_id"), QStringLiteral("sim-1")}});
    QCOMPARE(answer.value(key("type")).toString(), QStringLiteral("ack"));
    const qint64 id = answer.value(key("result")).toObject().value(key("message")).toObject().value(key("id")).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(!statusesOf(id).isEmpty() && statusesOf(id).last().status == Message::Status::Read, 10'000);
    QList<Message::Status> seen;
    for (const Message &m : statusesOf(id))
        if (seen.isEmpty() || seen.last() != m.status)
            seen.append(m.status);
    QCOMPARE(seen, (QList<Message::Status>{Message::Status::Sent, Message::Status::Delivered, Message::Status::Read}));
    QVERIFY(statusesOf(id).last().mid.startsWith(QLatin1String("m_sim_")));

    // The echo matched the reply: one row, not two.
    QTest::qWait(200);
    int replies = 0;
    for (const Message &m : m_relay->store().messagesBefore(conversationId, 0, 0, 1000))
        if (m.direction == Message::Direction::Outgoing)
            ++replies;
    QCOMPARE(replies, 1);
}

void TestSimulator::injectedFailureReachesTheAgent()
{
    m_sim->setFailures(1.0, {Failure::OutsideWindow});
    m_sim->startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(!m_agent->events().isEmpty(), 10'000);
    const qint64 conversationId = m_agent->events().first().conversationId;
    const QJsonObject answer = command(QStringLiteral("send_message"),
                                       {{key("conversation_id"), conversationId}, {key("text"), QStringLiteral("Hello?")},
                                        {key("client_id"), QStringLiteral("sim-fail")}});
    const qint64 id = answer.value(key("result")).toObject().value(key("message")).toObject().value(key("id")).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(!statusesOf(id).isEmpty(), 10'000);
    const Message failed = statusesOf(id).last();
    QCOMPARE(failed.status, Message::Status::Failed);
    QCOMPARE(failed.errorCode, 10);
    QCOMPARE(failed.errorSubcode, 2018278);
}

void TestSimulator::graphApiNeedsAToken()
{
    QUrl url = m_sim->baseUrl();
    url.setPath(QStringLiteral("/v21.0/") + m_sim->customers().first().psid);
    const auto [status, body] = get(url);
    QCOMPARE(status, 400);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(key("error")).toObject().value(key("code")).toInt(), 190);
    const auto [okStatus, profile] = get(url, "Bearer page-token");
    QCOMPARE(okStatus, 200);
    QCOMPARE(QJsonDocument::fromJson(profile).object().value(key("first_name")).toString(),
             m_sim->customers().first().persona.firstName);
}

void TestSimulator::servesGeneratedImages()
{
    QUrl avatar = m_sim->baseUrl();
    avatar.setPath(QStringLiteral("/avatar/%1.png").arg(m_sim->customers().first().psid));
    const auto [status, png] = get(avatar);
    QCOMPARE(status, 200);
    QCOMPARE(QImage::fromData(png, "PNG").size(), QSize(128, 128));
    QUrl photo = m_sim->baseUrl();
    photo.setPath(QStringLiteral("/media/photo_12.png"));
    const auto [photoStatus, photoPng] = get(photo);
    QCOMPARE(photoStatus, 200);
    QVERIFY(!QImage::fromData(photoPng, "PNG").isNull());
    QUrl pdf = m_sim->baseUrl();
    pdf.setPath(QStringLiteral("/media/invoice_4512.pdf"));
    QVERIFY(get(pdf).second.startsWith("%PDF-1.4"));
}

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
