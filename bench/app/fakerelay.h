#pragma once

#include "conversation.h"
#include "inboxsampler.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>

class QWebSocket;
class QWebSocketServer;

namespace Relaydesk::Bench {

// The relay's side of docs/protocol.md, reduced to what a live inbox needs, on its own
// thread so its work never counts as the app's: welcome and replay_done at once (the
// app's position is taken as the head), acks for commands, and then a stream of live
// events at a fixed rate: pairs of message.created + conversation.updated, as the real
// relay sends for a customer's message, made by InboxSampler over the conversations
// the app holds. Frames are made with the relay's own Event::toFrame().
class FakeRelay : public QObject
{
    Q_OBJECT
public:
    struct Plan
    {
        double eventsPerSecond = 1000;
        int seconds = 10;
        qint64 openConversation = 0;  // the chat the agent has open
        int openChatPercent = 5;      // of the pairs, for the open chat
        int newConversationPermille = 20; // of the pairs, a customer writing for the first time
        quint32 seed = 7;
        QList<Relaydesk::Conversation> conversations;
        qint64 nextMessageId = InboxSampler::FirstMessageId + 50'000'000;
        qint64 nextConversationId = InboxSampler::FirstConversationId + 5'000'000;
    };

    FakeRelay();
    ~FakeRelay() override;

    // Both run on the relay's thread (see Thread below).
    quint16 listen();
    void startStreaming(const Plan &plan);

    // Readable from any thread.
    qint64 eventsSent() const { return m_eventsSent.load(); }
    qint64 lastSeq() const { return m_lastSeq.load(); }
    bool clientWelcomed() const { return m_welcomed.load(); }
    bool finished() const { return m_finished.load(); }
    qint64 commandsAnswered() const { return m_commands.load(); }

private:
    void onConnection();
    void onFrame(const QString &text);
    void tick();
    void sendPair();
    void send(const QJsonObject &frame);

    std::unique_ptr<QWebSocketServer> m_server;
    QPointer<QWebSocket> m_client;
    QTimer *m_timer; // a child: it moves to the relay's thread with us
    Plan m_plan;
    std::unique_ptr<InboxSampler> m_sampler;
    QHash<qint64, int> m_indexOf;
    qint64 m_seq = 0;
    qint64 m_startedNs = 0;
    qint64 m_totalEvents = 0;
    std::atomic<qint64> m_eventsSent{0};
    std::atomic<qint64> m_lastSeq{0};
    std::atomic<qint64> m_commands{0};
    std::atomic<bool> m_welcomed{false};
    std::atomic<bool> m_finished{false};
};

// Owns a FakeRelay living on its own QThread.
class FakeRelayThread
{
public:
    FakeRelayThread();
    ~FakeRelayThread();
    quint16 listen();
    void startStreaming(const FakeRelay::Plan &plan);
    FakeRelay *relay() const { return m_relay; }

private:
    class QThread *m_thread;
    FakeRelay *m_relay;
};

} // namespace Relaydesk::Bench
