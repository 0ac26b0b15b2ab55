#include "fakerelay.h"

#include "benchclock.h"
#include "event.h"
#include "protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cmath>

namespace Relaydesk::Bench {

namespace P = Relaydesk::Protocol;

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
QJsonObject agentJson(const App::AgentInfo &a) { return {{key("id"), a.id}, {key("name"), a.name}}; }
} // namespace

FakeRelay::FakeRelay()
    : m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(1);
    connect(m_timer, &QTimer::timeout, this, &FakeRelay::tick);
}

FakeRelay::~FakeRelay() = default;

quint16 FakeRelay::listen()
{
    m_server = std::make_unique<QWebSocketServer>(QStringLiteral("relaydesk-bench"), QWebSocketServer::NonSecureMode);
    connect(m_server.get(), &QWebSocketServer::newConnection, this, &FakeRelay::onConnection);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return 0;
    return m_server->serverPort();
}

void FakeRelay::onConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (m_client) {
            socket->close();
            socket->deleteLater();
            continue;
        }
        m_client = socket;
        connect(socket, &QWebSocket::textMessageReceived, this, &FakeRelay::onFrame);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeRelay::onFrame(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(key("type")).toString();
    if (type == P::ClientFrame::Hello) {
        // The app's position is the head: nothing to replay, live from here.
        m_seq = frame.value(key("since")).toInteger(0);
        m_lastSeq = m_seq;
        const App::TeamDirectory d = InboxSampler::directory();
        QJsonArray pages, agents;
        for (const App::PageInfo &p : d.pages)
            pages.append(QJsonObject{{key("id"), p.id}, {key("name"), p.name}});
        for (const App::AgentInfo &a : d.agents)
            agents.append(agentJson(a));
        send({{key("type"), QString(P::RelayFrame::Welcome)}, {key("protocol"), P::Version}, {key("agent"), agentJson(d.me)},
              {key("pages"), pages}, {key("agents"), agents}, {key("head"), m_seq}, {key("pruned_through"), 0}});
        send({{key("type"), QString(P::RelayFrame::ReplayDone)}, {key("head"), m_seq}});
        m_welcomed = true;
        return;
    }
    const QString id = frame.value(key("id")).toString();
    if (id.isEmpty())
        return;
    QJsonObject result;
    if (type == P::ClientFrame::History)
        result = {{key("conversation_id"), frame.value(key("conversation_id"))}, {key("messages"), QJsonArray()}, {key("has_more"), false}};
    else if (type == P::ClientFrame::Snapshot)
        result = {{key("conversations"), QJsonArray()}, {key("has_more"), false}, {key("head"), m_seq}};
    send({{key("type"), QString(P::RelayFrame::Ack)}, {key("id"), id}, {key("result"), result}});
    ++m_commands;
}

void FakeRelay::startStreaming(const Plan &plan)
{
    m_plan = plan;
    m_sampler = std::make_unique<InboxSampler>(plan.seed);
    m_indexOf.clear();
    for (int i = 0; i < m_plan.conversations.size(); ++i)
        m_indexOf.insert(m_plan.conversations.at(i).id, i);
    m_totalEvents = qint64(std::llround(plan.eventsPerSecond * plan.seconds)) / 2 * 2;
    m_eventsSent = 0;
    m_finished = false;
    m_startedNs = monotonicNs();
    m_timer->start();
}

void FakeRelay::tick()
{
    if (!m_client) {
        m_timer->stop();
        m_finished = true;
        return;
    }
    const double elapsed = double(monotonicNs() - m_startedNs) / 1e9;
    const qint64 due = std::min(m_totalEvents, qint64(elapsed * m_plan.eventsPerSecond) / 2 * 2);
    while (m_eventsSent.load() < due)
        sendPair();
    if (m_eventsSent.load() >= m_totalEvents) {
        m_timer->stop();
        m_finished = true;
    }
}

void FakeRelay::sendPair()
{
    QRandomGenerator &random = m_sampler->random();
    const quint32 roll = random.bounded(1000u);
    int index;
    if (roll < quint32(m_plan.openChatPercent * 10) && m_indexOf.contains(m_plan.openConversation)) {
        index = m_indexOf.value(m_plan.openConversation);
    } else if (roll < quint32(m_plan.openChatPercent * 10 + m_plan.newConversationPermille) || m_plan.conversations.isEmpty()) {
        Conversation c = m_sampler->newConversation(m_plan.nextConversationId++);
        index = int(m_plan.conversations.size());
        m_plan.conversations.append(c);
        m_indexOf.insert(c.id, index);
    } else {
        // Anywhere in the list: a conversation from last month moves to the top.
        index = int(random.bounded(quint32(m_plan.conversations.size())));
    }
    Conversation &c = m_plan.conversations[index];
    const qint64 now = std::max(QDateTime::currentMSecsSinceEpoch(), c.lastMessageAt + 1);
    const bool incoming = random.bounded(100u) < 80;
    const Message m = m_sampler->message(c, m_plan.nextMessageId++, now, incoming);
    m_sampler->addToConversation(c, m);
    Event created = Event::forMessage(QString(P::EventKind::MessageCreated), c.pageId, m);
    Event updated = Event::forConversation(QString(P::EventKind::ConversationUpdated), c);
    for (Event *e : {&created, &updated}) {
        e->seq = ++m_seq;
        e->createdAt = QDateTime::currentMSecsSinceEpoch();
        send(e->toFrame());
    }
    m_lastSeq = m_seq;
    m_eventsSent += 2;
}

void FakeRelay::send(const QJsonObject &frame)
{
    if (m_client)
        m_client->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

FakeRelayThread::FakeRelayThread()
    : m_thread(new QThread)
    , m_relay(new FakeRelay)
{
    m_thread->setObjectName(QStringLiteral("bench-relay"));
    m_relay->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_relay, &QObject::deleteLater);
    m_thread->start();
}

FakeRelayThread::~FakeRelayThread()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

quint16 FakeRelayThread::listen()
{
    quint16 port = 0;
    QMetaObject::invokeMethod(m_relay, [&] { port = m_relay->listen(); }, Qt::BlockingQueuedConnection);
    return port;
}

void FakeRelayThread::startStreaming(const FakeRelay::Plan &plan)
{
    QMetaObject::invokeMethod(m_relay, [this, plan] { m_relay->startStreaming(plan); }, Qt::QueuedConnection);
}

} // namespace Relaydesk::Bench
