#pragma once

#include "conversation.h"

#include <QList>
#include <QStringList>

#include <optional>

class QSqlQuery;

namespace Relaydesk::Store {

class SqlConnection;

// Conversations (one per Page and customer), read with the customer's name and picture.
class ConversationTable
{
public:
    explicit ConversationTable(SqlConnection &connection) : m_sql(connection) {}

    std::optional<Conversation> find(qint64 id);
    std::optional<Conversation> findFor(const QString &pageId, const QString &psid);
    bool save(Conversation *conversation);
    QList<Conversation> list(const QStringList &pages, qint64 beforeLastMessageAt, qint64 beforeId, int limit);
    qint64 count();

private:
    std::optional<Conversation> readNext(QSqlQuery &query);
    std::optional<Conversation> readOne(QSqlQuery &query);

    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
