#pragma once

#include "cannedresponse.h"
#include "conversation.h"
#include "event.h"
#include "message.h"
#include "outboxentry.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <optional>

namespace Relaydesk::App {

// The app's copy of what the relay sent, in one SQLite file per account, so the
// inbox paints and reads offline; plus the outbox of replies not acknowledged yet.
// One connection, used from the thread that made the cache. Two LocalCaches may share
// a file (the UI's and CacheWriter's): transactions take the write lock at once and
// wait up to BusyTimeoutMs for the other's, and the position is read from the file.
class LocalCache
{
public:
    static constexpr qint64 NoSeq = -1;
    static constexpr int BusyTimeoutMs = 10'000;

    explicit LocalCache(const QString &path);
    ~LocalCache();
    LocalCache(const LocalCache &) = delete;
    LocalCache &operator=(const LocalCache &) = delete;

    bool open(QString *error);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString lastError() const { return m_lastError; }
    bool hasFullTextSearch() const { return m_fts; }

    // The last event seq the file holds (NoSeq before the first snapshot or event),
    // whichever connection applied it.
    qint64 lastSeq() const;

    // One transaction: upserts what each event carries, skips seqs already applied.
    bool applyEvents(const QList<Relaydesk::Event> &events);
    // A page of a snapshot after resync_required: the relay's position becomes head.
    bool applySnapshot(const QList<Relaydesk::Conversation> &conversations, qint64 head);
    // The message of a send_message ack (or a history page): inserted if new, never
    // overwriting a newer state an event already brought.
    bool applyMessages(const QList<Relaydesk::Message> &messages);

    // Newest activity first; with (beforeLastMessageAt, beforeId) the ones after that
    // conversation in that order (the next page).
    QList<Relaydesk::Conversation> conversations(int limit, qint64 beforeLastMessageAt = 0, qint64 beforeId = 0) const;
    std::optional<Relaydesk::Conversation> conversation(qint64 id) const;
    // The newest `limit` messages before (beforeTimestamp, beforeId) (0, 0: newest), oldest first.
    QList<Relaydesk::Message> messages(qint64 conversationId, int limit, qint64 beforeTimestamp = 0,
                                       qint64 beforeId = 0) const;
    int messageCount(qint64 conversationId) const;
    // The oldest message the relay made (positive id) that the cache holds: where older history starts.
    std::optional<Relaydesk::Message> oldestMessage(qint64 conversationId) const;

    // Queues a reply and shows it at once as a pending message with a negative id.
    std::optional<Relaydesk::Message> queueOutgoing(qint64 conversationId, const QString &clientId, const QString &text);
    QList<OutboxEntry> outbox() const; // oldest first, acknowledged ones included until reconciled
    bool markOutboxSent(const QString &clientId);
    // The relay refused the reply for good: the entry is not sent again, and its pending
    // message becomes failed with errorMessage. Returns that message (nullopt if the
    // cache refused, or the client id is not in the outbox).
    std::optional<Relaydesk::Message> markOutboxFailed(const QString &clientId, const QString &errorCode,
                                                       const QString &errorMessage);
    // A failed entry back to queued, its message back to pending: the next send tries again.
    // Returns the pending message (nullopt if the cache refused, or the entry is not failed).
    std::optional<Relaydesk::Message> retryOutgoing(const QString &clientId);

    // The canned_responses answer: the cache's copy becomes exactly this list.
    bool replaceCannedResponses(const QList<Relaydesk::CannedResponse> &responses);
    // For CannedCacheTable, on this cache's thread.
    QSqlDatabase database() const { return m_db; }

    // Small values the app keeps with the account (e.g. the team directory of the last welcome).
    bool setMeta(const QString &key, const QString &value);
    QString meta(const QString &key) const;

    // Conversations whose customer name, preview or messages match every word (prefixes), newest first.
    QList<qint64> search(const QString &text, int limit = 200) const;

private:
    bool upsertMessage(const Relaydesk::Message &message, bool overwrite);
    bool upsertConversation(const Relaydesk::Conversation &conversation);
    bool applyCanned(const Relaydesk::Event &event);
    // Moves the outbox entry from one state to another and rewrites its local message.
    std::optional<Relaydesk::Message> setOutboxState(const QString &clientId, OutboxEntry::State from,
                                                     OutboxEntry::State to, const QString &errorCode,
                                                     const QString &errorMessage);
    bool setLastSeq(qint64 seq);
    bool readLastSeq(qint64 *seq) const;
    // The statement for sql, prepared once and kept: a catch-up runs the same few
    // statements tens of thousands of times, and preparing was a fifth of each write.
    // nullptr (and lastError()) if it does not prepare.
    QSqlQuery *prepared(const QString &sql) const;
    bool exec(const QString &sql, const QVariantList &values = {}) const;
    bool fail(const QString &what) const;
    bool inTransaction(const std::function<bool()> &work);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    mutable QHash<QString, QSqlQuery> m_statements; // dropped before m_db closes
    bool m_open = false;
    bool m_fts = false;
    qint64 m_lastSeq = NoSeq;
    mutable QString m_lastError;
};

} // namespace Relaydesk::App
