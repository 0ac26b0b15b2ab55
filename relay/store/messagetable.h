#pragma once

#include "message.h"

#include <QList>

#include <optional>

class QSqlQuery;

namespace Relaydesk::Store {

class SqlConnection;

// Messages: the searchable columns (mid, client id, direction, time, status) beside
// the whole message as JSON.
class MessageTable
{
public:
    explicit MessageTable(SqlConnection &connection) : m_sql(connection) {}

    std::optional<Message> find(qint64 id);
    std::optional<Message> findByMid(const QString &mid);
    std::optional<Message> findByClientId(const QString &clientId);
    bool save(Message *message);
    QList<Message> outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below);
    QList<Message> before(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId, int limit);
    qint64 count();

private:
    QList<Message> read(QSqlQuery &query);
    std::optional<Message> first(QSqlQuery &query, const QVariant &key);

    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
