#pragma once

#include "cannedresponse.h"
#include "changenotifier.h"
#include "event.h"
#include "message.h"
#include "records.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QIODevice;

namespace Relaydesk::Store {


// The relay's durable store. Everything the relay keeps goes through this
// interface, so a second backend (PostgreSQL, for several relays) can be added
// without touching callers. Calls are synchronous and made from one thread.
// Writes happen inside beginTransaction()/commitTransaction(); savepoints let
// one unit of a group commit fail without failing the others.
class Store
{
public:
    virtual ~Store();

    virtual bool open(QString *error) = 0;
    virtual void close() = 0;

    virtual bool beginTransaction() = 0;
    virtual bool commitTransaction() = 0; // true only once the data is on disk
    virtual void rollbackTransaction() = 0;
    virtual bool savepoint() = 0;
    virtual bool releaseSavepoint() = 0;
    virtual void rollbackToSavepoint() = 0;
    virtual QString lastError() const = 0;

    // Pages
    virtual bool savePage(const PageRecord &page) = 0;
    virtual std::optional<PageRecord> page(const QString &id) = 0;
    virtual QList<PageRecord> pages() = 0;
    virtual bool removePage(const QString &id) = 0;

    // Agents
    virtual bool addAgent(AgentRecord *agent) = 0; // sets agent->id
    virtual std::optional<AgentRecord> agent(qint64 id) = 0;
    virtual std::optional<AgentRecord> agentByTokenHash(const QByteArray &tokenHash) = 0;
    virtual std::optional<AgentRecord> agentByName(const QString &name) = 0;
    virtual QList<AgentRecord> agents() = 0;
    virtual bool revokeAgent(qint64 id, qint64 at) = 0;

    // Customers
    virtual std::optional<CustomerRecord> customer(const QString &pageId, const QString &psid) = 0;
    virtual bool saveCustomer(const CustomerRecord &customer) = 0;
    // Customers whose profile is unknown and due for a (re)try at `now`.
    virtual QList<CustomerRecord> customersNeedingProfile(qint64 now, int limit) = 0;

    // Conversations
    virtual std::optional<Conversation> conversation(qint64 id) = 0;
    virtual std::optional<Conversation> conversationFor(const QString &pageId, const QString &psid) = 0;
    virtual bool saveConversation(Conversation *conversation) = 0; // inserts when id == 0 and sets it
    // Newest activity first, for snapshots; pages empty means all. Keyset paging:
    // rows strictly after (beforeLastMessageAt, beforeId) in that order; 0,0 starts at the top.
    virtual QList<Conversation> conversations(const QStringList &pages, qint64 beforeLastMessageAt,
                                              qint64 beforeId, int limit) = 0;

    // Messages
    virtual std::optional<Message> message(qint64 id) = 0;
    virtual std::optional<Message> messageByMid(const QString &mid) = 0;
    virtual std::optional<Message> messageByClientId(const QString &clientId) = 0;
    virtual bool saveMessage(Message *message) = 0; // inserts when id == 0 and sets it
    // Our outgoing messages at or before a receipt watermark whose status is below `below`.
    virtual QList<Message> outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below) = 0;
    // Older history: messages strictly before (beforeTimestamp, beforeId), newest first.
    // beforeTimestamp 0 starts from the newest.
    virtual QList<Message> messagesBefore(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId,
                                          int limit) = 0;

    // Receipts: true if this (page, customer, kind, watermark) is new; false for a redelivery.
    virtual bool recordReceipt(const QString &pageId, const QString &psid, const QString &kind,
                               qint64 watermark) = 0;
    // The highest watermark recorded for that customer and kind (0: none), for
    // receipts that arrived before the message they cover was known as sent.
    virtual qint64 receiptWatermark(const QString &pageId, const QString &psid, const QString &kind) = 0;
    // Events of kinds the relay does not know, kept as received.
    virtual bool storeRawEvent(const QString &pageId, const QString &kind, qint64 timestamp,
                               const QByteArray &raw) = 0;
    virtual int rawEventCount() = 0;
    // Events about a message not known yet (a reaction or edit that overtook it),
    // kept until the message arrives; takeWaitingEvents returns and removes them, oldest first.
    virtual bool storeWaitingEvent(const QString &targetMid, const QString &pageId, const QString &kind,
                                   qint64 timestamp, const QByteArray &raw) = 0;
    virtual QList<QByteArray> takeWaitingEvents(const QString &targetMid) = 0;

    // Event log. appendEvent assigns the next seq (gap-free, never reused).
    virtual bool appendEvent(Event *event) = 0;
    virtual qint64 lastSeq() = 0;
    // Every seq at or below this has been pruned (0: nothing pruned).
    virtual qint64 prunedThrough() = 0;
    virtual QList<Event> eventsAfter(qint64 seq, int limit) = 0;
    // Deletes events created before `olderThan` (ms); returns how many.
    virtual int pruneEvents(qint64 olderThan) = 0;

    // Leases on work one relay of a cluster does at a time (LeaseTable says how).
    // takeLease: true if `owner` now holds (kind, key) until `until`: it was free,
    // expired at `now`, or already this owner's (then renewed).
    virtual bool takeLease(const QString &kind, const QString &key, const QString &owner, qint64 now,
                           qint64 until) = 0;
    virtual bool releaseLease(const QString &kind, const QString &key, const QString &owner) = 0;
    virtual int renewLeases(const QString &owner, qint64 until) = 0;
    // A relay that stops cleanly gives its work back at once (a killed one after expiry).
    virtual bool releaseLeases(const QString &owner) = 0;
    // Pending outgoing messages whose send nobody holds a live lease on.
    virtual QList<qint64> unclaimedPendingOutgoing(qint64 now, int limit) = 0;
    // Several relays may use this store at once (PostgreSQL). A store only one relay
    // uses forgets the leases of its earlier runs at start (clearLeases).
    virtual bool isShared() const = 0;
    virtual bool clearLeases() = 0;

    // Agents' uploads until sent or swept. The rows are what upload quotas count, on
    // every relay of a cluster; removing a row removes its bytes.
    virtual bool addUpload(const UploadRecord &upload) = 0;
    virtual std::optional<UploadRecord> upload(const QString &id) = 0;
    virtual bool removeUpload(const QString &id) = 0;
    // Nothing when the database could not say.
    virtual std::optional<UploadUsage> uploadUsage(qint64 agentId) = 0;
    // Oldest first, for the sweep.
    virtual QStringList uploadsCreatedBefore(qint64 cutoff, int limit) = 0;
    // An upload's bytes kept in the store (where several relays read them): `source`
    // is read to its end a chunk at a time, in a transaction of its own (call it
    // outside any other), so memory holds a chunk, not the file.
    virtual bool writeUploadBytes(const QString &id, QIODevice &source) = 0;
    // Those bytes; nothing unless all `expectedSize` of them are there.
    virtual std::optional<QByteArray> uploadBytes(const QString &id, qint64 expectedSize) = 0;
    // The same a chunk at a time (chunk n of at most UploadTable::ChunkBytes, each
    // its own statement outside a transaction), for callers that spread a large file
    // over several turns of their event loop. uploadChunk: nothing if absent.
    virtual bool addUploadChunk(const QString &id, int n, const QByteArray &bytes) = 0;
    virtual std::optional<QByteArray> uploadChunk(const QString &id, int n) = 0;

    // Who else writes to the log tells through this (PostgreSQL: LISTEN/NOTIFY);
    // null where only this process writes (SQLite).
    virtual std::unique_ptr<ChangeNotifier> changeNotifier() { return nullptr; }

    // The database cannot be reached (PostgreSQL away); the store keeps trying to reconnect.
    virtual bool isUnreachable() const { return false; }

    // The team's canned responses (shortcodes normalized, unique). saveCannedResponse
    // inserts when id == 0 and sets it; clientId (may be empty) finds a create sent twice.
    virtual bool saveCannedResponse(CannedResponse *response, const QString &clientId) = 0;
    virtual std::optional<CannedResponse> cannedResponse(qint64 id) = 0;
    virtual std::optional<CannedResponse> cannedResponseByShortcode(const QString &shortcode) = 0;
    virtual std::optional<CannedResponse> cannedResponseByClientId(const QString &clientId) = 0;
    virtual QList<CannedResponse> cannedResponses() = 0; // by shortcode
    virtual bool removeCannedResponse(qint64 id) = 0;
    virtual qint64 cannedResponseCount() = 0;

    // Agents' private notes (never messages: nothing that sends or reads messages sees them).
    virtual bool addNote(Note *note) = 0; // sets note->id
    virtual std::optional<Note> noteByClientId(const QString &clientId) = 0;
    virtual QList<Note> notes(qint64 conversationId, int limit) = 0; // the newest `limit`, oldest first
    virtual qint64 noteCount() = 0;

    // Counts for /metrics and tests.
    virtual qint64 messageCount() = 0;
    virtual qint64 conversationCount() = 0;
};

// Opens the default backend (SQLite) in dataDir.
std::unique_ptr<Store> openDefaultStore(const QString &dataDir, QString *error);
// Opens the backend `location` names: empty or "sqlite" is SQLite in dataDir; a
// postgresql:// URL is PostgreSQL, with its password given apart (never in the URL).
std::unique_ptr<Store> openStore(const QString &location, const QString &dataDir, const QByteArray &password,
                                 QString *error);
// The location as it may be logged (no password, no options).
QString displayLocation(const QString &location);

} // namespace Relaydesk::Store
