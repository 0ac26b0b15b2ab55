#pragma once

#include "agenttable.h"
#include "cannedresponsetable.h"
#include "conversationtable.h"
#include "customertable.h"
#include "eventlogtable.h"
#include "leasetable.h"
#include "messagetable.h"
#include "notetable.h"
#include "pagetable.h"
#include "receipttable.h"
#include "sqlconnection.h"
#include "store.h"
#include "uploadtable.h"

namespace Relaydesk::Store {

// What the SQL backends share: one connection and one class per table, written in
// the SQL both SQLite and PostgreSQL speak. A backend adds how it connects and
// migrates, how a write transaction begins, and how the next seq is taken.
class SqlStore : public Store
{
public:
    ~SqlStore() override;

    void close() override;
    bool beginTransaction() override;
    bool commitTransaction() override;
    void rollbackTransaction() override;
    bool savepoint() override;
    bool releaseSavepoint() override;
    void rollbackToSavepoint() override;
    QString lastError() const override { return m_sql.lastError(); }
    bool isUnreachable() const override { return m_sql.connectionLost(); }

    bool savePage(const PageRecord &page) override { return m_pages.save(page); }
    std::optional<PageRecord> page(const QString &id) override { return m_pages.find(id); }
    QList<PageRecord> pages() override { return m_pages.all(); }
    bool removePage(const QString &id) override { return m_pages.remove(id); }

    bool addAgent(AgentRecord *agent) override { return m_agents.add(agent); }
    std::optional<AgentRecord> agent(qint64 id) override { return m_agents.find(id); }
    std::optional<AgentRecord> agentByTokenHash(const QByteArray &tokenHash) override
    {
        return m_agents.findByTokenHash(tokenHash);
    }
    std::optional<AgentRecord> agentByName(const QString &name) override { return m_agents.findByName(name); }
    QList<AgentRecord> agents() override { return m_agents.all(); }
    bool revokeAgent(qint64 id, qint64 at) override { return m_agents.revoke(id, at); }

    std::optional<CustomerRecord> customer(const QString &pageId, const QString &psid) override
    {
        return m_customers.find(pageId, psid);
    }
    bool saveCustomer(const CustomerRecord &customer) override { return m_customers.save(customer); }
    QList<CustomerRecord> customersNeedingProfile(qint64 now, int limit) override
    {
        return m_customers.needingProfile(now, limit);
    }

    std::optional<Conversation> conversation(qint64 id) override { return m_conversations.find(id); }
    std::optional<Conversation> conversationFor(const QString &pageId, const QString &psid) override
    {
        return m_conversations.findFor(pageId, psid);
    }
    bool saveConversation(Conversation *conversation) override { return m_conversations.save(conversation); }
    QList<Conversation> conversations(const QStringList &pages, qint64 beforeLastMessageAt, qint64 beforeId,
                                      int limit) override
    {
        return m_conversations.list(pages, beforeLastMessageAt, beforeId, limit);
    }

    std::optional<Message> message(qint64 id) override { return m_messages.find(id); }
    std::optional<Message> messageByMid(const QString &mid) override { return m_messages.findByMid(mid); }
    std::optional<Message> messageByClientId(const QString &clientId) override
    {
        return m_messages.findByClientId(clientId);
    }
    bool saveMessage(Message *message) override { return m_messages.save(message); }
    QList<Message> outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below) override
    {
        return m_messages.outgoingUpTo(conversationId, watermark, below);
    }
    QList<Message> messagesBefore(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId, int limit) override
    {
        return m_messages.before(conversationId, beforeTimestamp, beforeId, limit);
    }

    bool recordReceipt(const QString &pageId, const QString &psid, const QString &kind, qint64 watermark) override
    {
        return m_receipts.record(pageId, psid, kind, watermark);
    }
    qint64 receiptWatermark(const QString &pageId, const QString &psid, const QString &kind) override
    {
        return m_receipts.watermark(pageId, psid, kind);
    }
    bool storeRawEvent(const QString &pageId, const QString &kind, qint64 timestamp, const QByteArray &raw) override
    {
        return m_receipts.storeRaw(pageId, kind, timestamp, raw);
    }
    int rawEventCount() override { return m_receipts.rawCount(); }
    bool storeWaitingEvent(const QString &targetMid, const QString &pageId, const QString &kind, qint64 timestamp,
                           const QByteArray &raw) override
    {
        return m_receipts.storeWaiting(targetMid, pageId, kind, timestamp, raw);
    }
    QList<QByteArray> takeWaitingEvents(const QString &targetMid) override { return m_receipts.takeWaiting(targetMid); }

    bool appendEvent(Event *event) override;
    qint64 prunedThrough() override { return m_events.prunedThrough(); }
    QList<Event> eventsAfter(qint64 seq, int limit) override { return m_events.after(seq, limit); }
    int pruneEvents(qint64 olderThan) override { return m_events.prune(olderThan); }

    bool takeLease(const QString &kind, const QString &key, const QString &owner, qint64 now, qint64 until) override
    {
        return m_leases.take(kind, key, owner, now, until);
    }
    bool releaseLease(const QString &kind, const QString &key, const QString &owner) override
    {
        return m_leases.release(kind, key, owner);
    }
    int renewLeases(const QString &owner, qint64 until) override { return m_leases.renew(owner, until); }
    bool releaseLeases(const QString &owner) override { return m_leases.releaseAll(owner); }
    QList<qint64> unclaimedPendingOutgoing(qint64 now, int limit) override
    {
        return m_leases.unclaimedPendingOutgoing(now, limit);
    }
    bool clearLeases() override { return m_leases.clear(); }

    bool addUpload(const UploadRecord &upload) override { return m_uploads.add(upload); }
    std::optional<UploadRecord> upload(const QString &id) override { return m_uploads.find(id); }
    bool removeUpload(const QString &id) override { return m_uploads.remove(id); }
    std::optional<UploadUsage> uploadUsage(qint64 agentId) override { return m_uploads.usage(agentId); }
    QStringList uploadsCreatedBefore(qint64 cutoff, int limit) override { return m_uploads.createdBefore(cutoff, limit); }
    bool writeUploadBytes(const QString &id, QIODevice &source) override { return m_uploads.writeBytes(id, source); }
    std::optional<QByteArray> uploadBytes(const QString &id, qint64 expectedSize) override
    {
        return m_uploads.bytes(id, expectedSize);
    }
    bool addUploadChunk(const QString &id, int n, const QByteArray &bytes) override
    {
        return m_uploads.addChunk(id, n, bytes);
    }
    std::optional<QByteArray> uploadChunk(const QString &id, int n) override { return m_uploads.chunk(id, n); }

    bool saveCannedResponse(CannedResponse *response, const QString &clientId) override
    {
        return m_canned.save(response, clientId);
    }
    std::optional<CannedResponse> cannedResponse(qint64 id) override { return m_canned.find(id); }
    std::optional<CannedResponse> cannedResponseByShortcode(const QString &shortcode) override
    {
        return m_canned.findByShortcode(shortcode);
    }
    std::optional<CannedResponse> cannedResponseByClientId(const QString &clientId) override
    {
        return m_canned.findByClientId(clientId);
    }
    QList<CannedResponse> cannedResponses() override { return m_canned.all(); }
    bool removeCannedResponse(qint64 id) override { return m_canned.remove(id); }
    qint64 cannedResponseCount() override { return m_canned.count(); }

    bool addNote(Note *note) override { return m_notes.add(note); }
    std::optional<Note> noteByClientId(const QString &clientId) override { return m_notes.findByClientId(clientId); }
    QList<Note> notes(qint64 conversationId, int limit) override { return m_notes.forConversation(conversationId, limit); }
    qint64 noteCount() override { return m_notes.count(); }

    qint64 messageCount() override { return m_messages.count(); }
    qint64 conversationCount() override { return m_conversations.count(); }

protected:
    SqlStore(SqlConnection::Backend backend, const QString &connectionPrefix);

    // Takes the seq the next appended event gets, inside the current write transaction.
    virtual bool takeNextSeq(qint64 *seq) = 0;
    virtual QString beginStatement() const { return QStringLiteral("BEGIN"); }

    SqlConnection m_sql;
    EventLogTable m_events;

private:
    PageTable m_pages;
    AgentTable m_agents;
    CustomerTable m_customers;
    ConversationTable m_conversations;
    MessageTable m_messages;
    ReceiptTable m_receipts;
    LeaseTable m_leases;
    UploadTable m_uploads;

    CannedResponseTable m_canned;
    NoteTable m_notes;
};

} // namespace Relaydesk::Store
