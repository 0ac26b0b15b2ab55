#pragma once

#include "conversation.h"
#include "event.h"
#include "message.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <optional>

namespace Relaydesk::App {

class CacheWriter;
class LocalCache;
class RelayConnection;

// The glue between the relay and the cache: applies what arrives (one transaction
// per batch) before the connection may resume past it, runs the snapshot after a
// resync, and drains the outbox whenever the relay is reachable. Models listen here,
// never to the connection, so they only ever see what the cache holds.
class SyncController : public QObject
{
    Q_OBJECT
public:
    SyncController(RelayConnection *connection, LocalCache *cache, QObject *parent = nullptr);

    void setSnapshotPageSize(int size) { m_snapshotPageSize = size; } // tests use small pages
    bool isResyncing() const { return m_resyncing; }
    // Live events go through the writer's thread (InboxSession sets one); without it they
    // are applied here, on the caller's thread. Either way eventsApplied() follows the commit.
    void setWriter(CacheWriter *writer);

    // Queues a reply (shown pending at once) and sends it if connected; returns the
    // pending message, or nullopt if the cache refused it.
    std::optional<Relaydesk::Message> sendReply(qint64 conversationId, const QString &text);
    // Sends again a reply the relay refused for good (after the agent fixed the cause,
    // or to see whether it still applies): pending again at once, sent if connected.
    // Returns the pending message, or nullopt if the reply is not failed.
    std::optional<Relaydesk::Message> retryReply(const QString &clientId);
    // Whether the relay refuses a reply with this error code for good, so sending it
    // again unchanged cannot help: it is kept as failed instead of queued.
    static bool isPermanentRefusal(const QString &errorCode);
    // Fetches the page of history before the oldest message the cache holds.
    void loadOlder(qint64 conversationId, int limit = 50);

signals:
    void eventsApplied(const QList<Relaydesk::Event> &events);
    void snapshotApplied(const QList<Relaydesk::Conversation> &conversations);
    // A new reply, or a failed one retried: shown pending.
    void replyQueued(const Relaydesk::Message &pending);
    void replyAcknowledged(const Relaydesk::Message &message);
    // The relay refused the reply. For good (isPermanentRefusal()): replyFailed follows and
    // it is not sent again until retryReply(); otherwise it stays queued for the next connection.
    void replyRefused(const QString &clientId, const QString &errorCode, const QString &errorMessage);
    // The local message of a reply refused for good, now status failed with the relay's errorMessage.
    void replyFailed(const Relaydesk::Message &failed);
    // Messages oldest first.
    void olderMessagesLoaded(qint64 conversationId, const QList<Relaydesk::Message> &messages, bool hasMore);
    void cacheFailed(const QString &error);

private:
    enum class Command { Send, Snapshot, History };
    struct Pending { Command command; QString clientId; qint64 conversationId = 0; };

    void onEvents(const QList<Relaydesk::Event> &events);
    void applyEvents(const QList<Relaydesk::Event> &events);
    void onWritten(const QList<Relaydesk::Event> &applied, qint64 lastSeq);
    void onWriteFailed(const QString &error);
    void startResync(qint64 head);
    void requestSnapshotPage();
    void finishResync();
    void abandonResync();
    void sendOutbox();
    void send(const QString &clientId, qint64 conversationId, const QString &text);
    void onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code, const QString &message);

    RelayConnection *m_connection;
    LocalCache *m_cache;
    CacheWriter *m_writer = nullptr;
    qint64 m_givenSeq;                // the last seq handed to the writer (committed or on its way)
    int m_snapshotPageSize = 500;

    bool m_resyncing = false;
    qint64 m_resyncHead = 0;
    QList<Relaydesk::Conversation> m_snapshot;
    QList<Relaydesk::Event> m_held;       // live events that arrived during the snapshot

    QHash<QString, Pending> m_commands;   // command id -> what it was for
    QSet<QString> m_sending;              // client ids in flight: one send_message each at a time
    QSet<qint64> m_loadingHistory;
};

} // namespace Relaydesk::App
