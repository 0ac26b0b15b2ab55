#pragma once

#include "store.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace Relaydesk::Store {

// The default backend: one SQLite file in the data folder, WAL journal with
// synchronous=FULL so that a committed transaction survives power loss, and
// migrations by PRAGMA user_version. Files are created readable by the owner only.
class SqliteStore final : public Store
{
public:
    explicit SqliteStore(const QString &databasePath);
    ~SqliteStore() override;

    bool open(QString *error) override;
    void close() override;
    QString databasePath() const { return m_path; }

    bool beginTransaction() override;
    bool commitTransaction() override;
    void rollbackTransaction() override;
    bool savepoint() override;
    bool releaseSavepoint() override;
    void rollbackToSavepoint() override;
    QString lastError() const override { return m_lastError; }

    bool savePage(const PageRecord &page) override;
    std::optional<PageRecord> page(const QString &id) override;
    QList<PageRecord> pages() override;
    bool removePage(const QString &id) override;

    bool addAgent(AgentRecord *agent) override;
    std::optional<AgentRecord> agent(qint64 id) override;
    std::optional<AgentRecord> agentByTokenHash(const QByteArray &tokenHash) override;
    std::optional<AgentRecord> agentByName(const QString &name) override;
    QList<AgentRecord> agents() override;
    bool revokeAgent(qint64 id, qint64 at) override;

    std::optional<CustomerRecord> customer(const QString &pageId, const QString &psid) override;
    bool saveCustomer(const CustomerRecord &customer) override;
    QList<CustomerRecord> customersNeedingProfile(qint64 now, int limit) override;

    std::optional<Conversation> conversation(qint64 id) override;
    std::optional<Conversation> conversationFor(const QString &pageId, const QString &psid) override;
    bool saveConversation(Conversation *conversation) override;
    QList<Conversation> conversations(const QStringList &pages, qint64 beforeLastMessageAt, qint64 beforeId,
                                      int limit) override;

    std::optional<Message> message(qint64 id) override;
    std::optional<Message> messageByMid(const QString &mid) override;
    std::optional<Message> messageByClientId(const QString &clientId) override;
    bool saveMessage(Message *message) override;
    QList<Message> outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below) override;
    QList<Message> messagesBefore(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId,
                                  int limit) override;
    QList<Message> pendingOutgoing() override;

    bool recordReceipt(const QString &pageId, const QString &psid, const QString &kind,
                       qint64 watermark) override;
    qint64 receiptWatermark(const QString &pageId, const QString &psid, const QString &kind) override;
    bool storeRawEvent(const QString &pageId, const QString &kind, qint64 timestamp,
                       const QByteArray &raw) override;
    int rawEventCount() override;
    bool storeWaitingEvent(const QString &targetMid, const QString &pageId, const QString &kind, qint64 timestamp,
                           const QByteArray &raw) override;
    QList<QByteArray> takeWaitingEvents(const QString &targetMid) override;

    bool appendEvent(Event *event) override;
    qint64 lastSeq() override;
    qint64 prunedThrough() override;
    QList<Event> eventsAfter(qint64 seq, int limit) override;
    int pruneEvents(qint64 olderThan) override;

    qint64 messageCount() override;
    qint64 conversationCount() override;

private:
    QSqlQuery &prepared(const char *sql);
    bool exec(QSqlQuery &query);
    bool execSql(const QString &sql);
    qint64 scalar(const char *sql);
    std::optional<Conversation> readConversation(QSqlQuery &query);
    std::optional<Message> readMessage(QSqlQuery &query);
    QList<Message> readMessages(QSqlQuery &query);
    std::optional<Message> firstMessage(QSqlQuery &query, const QVariant &key);
    QList<AgentRecord> readAgents(QSqlQuery &query);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<const char *, QSqlQuery *> m_queries; // prepared once, keyed by the literal's address
    QString m_lastError;
};

} // namespace Relaydesk::Store
