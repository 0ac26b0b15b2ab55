#include "protocol.h"
#include "relayconnection.h"
#include "relayfixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using State = RelayConnection::State;

namespace {

const QString PageId = RelayFixture::PageId;

QStringList messageTexts(const QList<Event> &events)
{
    QStringList texts;
    for (const Event &e : events)
        if (e.kind == Protocol::EventKind::MessageCreated)
            texts.append(e.message().text);
    return texts;
}

QList<State> states(const QSignalSpy &spy)
{
    QList<State> list;
    for (const QList<QVariant> &args : spy)
        list.append(args.at(0).value<State>());
    return list;
}

QStringList logged;
void recordLog(QtMsgType, const QMessageLogContext &, const QString &message) { logged.append(message); }

} // namespace

// A real relay in process, webhooks posted to it, and the connection as the app uses it.
// The test plays the cache: it records every batch and hands the last seq back.
class TestRelayConnection : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void connectsAndReceivesLiveEvents();
    void badTokenFailsWithoutReconnecting();
    void resumesFromLastSeqAfterRelayRestart();
    void freshClientIsToldToResync();
    void commandsAreAnswered();
    void liveEventsArriveInBatchWindows();

private:
    void post(const QString &text, const QString &psid = QStringLiteral("6920154378193526"));
    void startConnection(const QByteArray &token);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<RelayConnection> m_connection;
    QList<Event> m_events;
};

void TestRelayConnection::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_events.clear();
}

void TestRelayConnection::cleanup()
{
    m_connection.reset();
    m_fixture.reset();
}

void TestRelayConnection::post(const QString &text, const QString &psid)
{
    QVERIFY(m_fixture->postText(text, psid));
}

void TestRelayConnection::startConnection(const QByteArray &token)
{
    m_connection = std::make_unique<RelayConnection>();
    m_connection->setRelayUrl(m_fixture->relay().wsUrl());
    m_connection->setToken(token);
    m_connection->setBackoff(100, 400);
    connect(m_connection.get(), &RelayConnection::eventsReceived, this, [this](const QList<Event> &batch) {
        QVERIFY(!batch.isEmpty());
        m_events += batch;
        m_connection->setLastSeq(batch.last().seq);
    });
    m_connection->open();
}

void TestRelayConnection::connectsAndReceivesLiveEvents()
{
    logged.clear();
    QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.app.connection.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(recordLog);
    auto restoreLog = qScopeGuard([previous] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    });

    startConnection(m_fixture->aliceToken());
    QSignalSpy stateSpy(m_connection.get(), &RelayConnection::stateChanged);
    QSignalSpy welcomed(m_connection.get(), &RelayConnection::welcomed);
    QSignalSpy resync(m_connection.get(), &RelayConnection::resyncRequired);
    QVERIFY(welcomed.wait());
    const auto agent = welcomed.first().at(0).value<AgentInfo>();
    QCOMPARE(agent.name, QStringLiteral("alice"));
    QCOMPARE(welcomed.first().at(1).value<QList<PageInfo>>(), (QList<PageInfo>{{PageId, QStringLiteral("Shop")}}));
    QCOMPARE(welcomed.first().at(2).value<QList<AgentInfo>>(), QList<AgentInfo>{agent});
    QTRY_COMPARE(m_connection->state(), State::Live);
    QCOMPARE(states(stateSpy), (QList<State>{State::CatchingUp, State::Live})); // Connecting came from open()
    QCOMPARE(resync.size(), 1); // no since: nothing to replay from

    post(QStringLiteral("Hi! Where is my order?"));
    QTRY_VERIFY(messageTexts(m_events).contains(QStringLiteral("Hi! Where is my order?")));
    QCOMPARE(m_events.first().pageId, PageId);
    QVERIFY(m_events.first().seq > 0);

    QVERIFY(!logged.isEmpty());
    for (const QString &line : std::as_const(logged))
        QVERIFY2(!line.contains(QString::fromLatin1(m_fixture->aliceToken())), "the token must never be logged");
}

void TestRelayConnection::badTokenFailsWithoutReconnecting()
{
    startConnection("rdk_this_token_does_not_exist");
    QSignalSpy failed(m_connection.get(), &RelayConnection::authenticationFailed);
    QSignalSpy scheduled(m_connection.get(), &RelayConnection::reconnectScheduled);
    QSignalSpy stateSpy(m_connection.get(), &RelayConnection::stateChanged);
    QVERIFY(failed.wait());
    QVERIFY(!failed.first().at(0).toString().isEmpty());
    QCOMPARE(m_connection->state(), State::Offline);
    // A reconnect would come after 100 ms: give it several times that to show up.
    QVERIFY(!stateSpy.wait(600) || m_connection->state() == State::Offline);
    QCOMPARE(states(stateSpy), QList<State>{State::Offline});
    QCOMPARE(scheduled.size(), 0);
    QCOMPARE(failed.size(), 1);
}

void TestRelayConnection::resumesFromLastSeqAfterRelayRestart()
{
    startConnection(m_fixture->aliceToken());
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("before the restart"));
    QTRY_VERIFY(messageTexts(m_events).contains(QStringLiteral("before the restart")));
    // Wait for the whole burst of that webhook, so the position is the relay's head.
    QTRY_COMPARE(m_connection->lastSeq(), m_fixture->relay().store().lastSeq());

    QSignalSpy stateSpy(m_connection.get(), &RelayConnection::stateChanged);
    QSignalSpy caughtUp(m_connection.get(), &RelayConnection::caughtUp);
    QSignalSpy resync(m_connection.get(), &RelayConnection::resyncRequired);
    QSignalSpy scheduled(m_connection.get(), &RelayConnection::reconnectScheduled);
    QVERIFY(m_fixture->relay().restart());
    post(QStringLiteral("while away 1"));
    post(QStringLiteral("while away 2"), QStringLiteral("7000000000000001"));

    QTRY_VERIFY(states(stateSpy).contains(State::Reconnecting));
    QTRY_COMPARE(m_connection->state(), State::Live);
    QCOMPARE(states(stateSpy).mid(states(stateSpy).indexOf(State::Reconnecting)),
             (QList<State>{State::Reconnecting, State::CatchingUp, State::Live}));
    QVERIFY(scheduled.size() >= 1);
    QTRY_COMPARE(m_connection->lastSeq(), m_fixture->relay().store().lastSeq());
    QCOMPARE(caughtUp.size(), 1);  // resumed from since, not resynced
    QCOMPARE(resync.size(), 0);

    QCOMPARE(messageTexts(m_events), (QStringList{QStringLiteral("before the restart"), QStringLiteral("while away 1"),
                                                  QStringLiteral("while away 2")}));
    QSet<qint64> seqs;
    qint64 previous = 0;
    for (const Event &e : std::as_const(m_events)) {
        QVERIFY2(e.seq > previous, "seqs arrive increasing, none twice");
        previous = e.seq;
        seqs.insert(e.seq);
    }
    QCOMPARE(seqs.size(), m_events.size());
}

void TestRelayConnection::freshClientIsToldToResync()
{
    startConnection(m_fixture->aliceToken());
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("hello"));
    QTRY_COMPARE(m_connection->lastSeq(), m_fixture->relay().store().lastSeq());
    const qint64 head = m_connection->lastSeq();
    QVERIFY(head > 0);

    // A second app instance with an empty cache: no since, so no replay, a snapshot instead.
    RelayConnection fresh;
    fresh.setRelayUrl(m_fixture->relay().wsUrl());
    fresh.setToken(m_fixture->aliceToken());
    QSignalSpy resync(&fresh, &RelayConnection::resyncRequired);
    QSignalSpy caughtUp(&fresh, &RelayConnection::caughtUp);
    QSignalSpy events(&fresh, &RelayConnection::eventsReceived);
    fresh.open();
    QVERIFY(resync.wait());
    QCOMPARE(resync.first().at(0).toLongLong(), head);
    QCOMPARE(fresh.state(), State::Live);
    QCOMPARE(caughtUp.size(), 0);
    QCOMPARE(events.size(), 0);
}

void TestRelayConnection::commandsAreAnswered()
{
    startConnection(m_fixture->aliceToken());
    QTRY_COMPARE(m_connection->state(), State::Live);
    post(QStringLiteral("Can you help?"));
    QTRY_VERIFY(messageTexts(m_events).contains(QStringLiteral("Can you help?")));
    const qint64 conversationId = m_events.first().conversationId;

    QSignalSpy answered(m_connection.get(), &RelayConnection::commandAnswered);
    const QString id = m_connection->sendCommand(QString(Protocol::ClientFrame::SendMessage),
                                                 {{QStringLiteral("conversation_id"), conversationId},
                                                  {QStringLiteral("client_id"), QStringLiteral("c-1")},
                                                  {QStringLiteral("text"), QStringLiteral("Of course.")}});
    QVERIFY(!id.isEmpty());
    QVERIFY(answered.wait());
    QCOMPARE(answered.first().at(0).toString(), id);
    QVERIFY(answered.first().at(1).toBool());
    const Message reply = Message::fromJson(answered.first().at(2).toJsonObject().value(QStringLiteral("message")).toObject());
    QCOMPARE(reply.clientId, QStringLiteral("c-1"));
    QCOMPARE(reply.status, Message::Status::Pending);
    QVERIFY(reply.id > 0);
    // Its message.created arrives as an event too: the cache reconciles the two.
    QTRY_VERIFY(messageTexts(m_events).contains(QStringLiteral("Of course.")));

    answered.clear();
    const QString bad = m_connection->sendCommand(QString(Protocol::ClientFrame::MarkRead),
                                                  {{QStringLiteral("conversation_id"), 999999}});
    QVERIFY(answered.wait());
    QCOMPARE(answered.first().at(0).toString(), bad);
    QVERIFY(!answered.first().at(1).toBool());
    QCOMPARE(answered.first().at(3).toString(), QString(Protocol::ErrorCode::NotFound));

    // Offline: refused at once, nothing queued here.
    m_connection->close();
    QCOMPARE(m_connection->state(), State::Offline);
    QVERIFY(m_connection->sendCommand(QString(Protocol::ClientFrame::MarkRead),
                                      {{QStringLiteral("conversation_id"), conversationId}}).isEmpty());
}

void TestRelayConnection::liveEventsArriveInBatchWindows()
{
    // A relay stand-in that sends one live event when told: the time it is sent is known.
    QWebSocketServer server(QStringLiteral("stand-in"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        peer = server.nextPendingConnection();
        connect(peer, &QWebSocket::textMessageReceived, peer, [peer] {
            const auto send = [peer](const QJsonObject &o) { peer->sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson())); };
            send({{QStringLiteral("type"), QStringLiteral("welcome")}, {QStringLiteral("protocol"), 1}, {QStringLiteral("head"), 0}});
            send({{QStringLiteral("type"), QStringLiteral("replay_done")}, {QStringLiteral("head"), 0}});
        });
    });
    RelayConnection connection;
    connection.setRelayUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.serverPort())));
    connection.setToken("rdk_test");
    QSignalSpy live(&connection, &RelayConnection::caughtUp);
    connection.open();
    QVERIFY(live.wait());

    // Timed from the moment the app's socket has the frame (the stand-in's own socket
    // may hold it back a while: Nagle).
    auto *socket = connection.findChild<QWebSocket *>();
    QVERIFY(socket);
    QElapsedTimer arrived;
    connect(socket, &QWebSocket::textMessageReceived, this, [&](const QString &frame) {
        if (frame.contains(QLatin1String("\"event\"")))
            arrived.start();
    });
    qint64 deliveredAfterMs = -1;
    connect(&connection, &RelayConnection::eventsReceived, this, [&] { deliveredAfterMs = arrived.elapsed(); });
    QSignalSpy received(&connection, &RelayConnection::eventsReceived);
    Event e = Event::forConversation(QStringLiteral("conversation.updated"), Conversation{});
    e.seq = 1;
    peer->sendTextMessage(QString::fromUtf8(QJsonDocument(e.toFrame()).toJson(QJsonDocument::Compact)));
    // It waits for company: a batch is what arrives within the window, not per socket read.
    QVERIFY(received.wait()); // an event loop, so the time is when it was delivered
    QVERIFY2(deliveredAfterMs >= RelayConnection::BatchWindowMs - 1, qPrintable(QString::number(deliveredAfterMs)));
    connection.close();
}

QTEST_GUILESS_MAIN(TestRelayConnection)
#include "tst_relayconnection.moc"
