#include "messagetable.h"

#include "sqlconnection.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace Relaydesk::Store {

#define MESSAGE_COLUMNS "SELECT id, conversation_id, body FROM messages "

namespace {
Message messageFromRow(const QSqlQuery &q)
{
    Message m = Message::fromJson(QJsonDocument::fromJson(q.value(2).toByteArray()).object());
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    return m;
}
} // namespace

QList<Message> MessageTable::read(QSqlQuery &q)
{
    return m_sql.readRows<Message>(q, messageFromRow);
}

std::optional<Message> MessageTable::first(QSqlQuery &q, const QVariant &key)
{
    return m_sql.firstRow<Message>(q, key, messageFromRow);
}

std::optional<Message> MessageTable::find(qint64 id)
{
    return first(m_sql.prepared(MESSAGE_COLUMNS "WHERE id = ?"), id);
}

std::optional<Message> MessageTable::findByMid(const QString &mid)
{
    if (mid.isEmpty())
        return std::nullopt;
    return first(m_sql.prepared(MESSAGE_COLUMNS "WHERE mid = ?"), mid);
}

std::optional<Message> MessageTable::findByClientId(const QString &clientId)
{
    if (clientId.isEmpty())
        return std::nullopt;
    return first(m_sql.prepared(MESSAGE_COLUMNS "WHERE client_id = ?"), clientId);
}

bool MessageTable::save(Message *m)
{
    const QVariant body = m_sql.jsonText(QJsonDocument(m->toJson()).toJson(QJsonDocument::Compact));
    if (m->id == 0) {
        QSqlQuery &q = m_sql.prepared("INSERT INTO messages(conversation_id, mid, client_id, direction, timestamp, "
                                      "status, body) VALUES(?, ?, ?, ?, ?, ?, ?) RETURNING id");
        q.addBindValue(m->conversationId);
        q.addBindValue(nullIfEmpty(m->mid));
        q.addBindValue(nullIfEmpty(m->clientId));
        q.addBindValue(Message::directionName(m->direction));
        q.addBindValue(m->timestamp);
        q.addBindValue(Message::statusName(m->status));
        q.addBindValue(body);
        return m_sql.insertReturningId(q, &m->id);
    }
    QSqlQuery &q = m_sql.prepared(
        "UPDATE messages SET mid = ?, client_id = ?, timestamp = ?, status = ?, body = ? WHERE id = ?");
    q.addBindValue(nullIfEmpty(m->mid));
    q.addBindValue(nullIfEmpty(m->clientId));
    q.addBindValue(m->timestamp);
    q.addBindValue(Message::statusName(m->status));
    q.addBindValue(body);
    q.addBindValue(m->id);
    return m_sql.exec(q);
}

QList<Message> MessageTable::outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below)
{
    QSqlQuery &q = m_sql.prepared(MESSAGE_COLUMNS "WHERE conversation_id = ? AND direction = 'out' "
                                  "AND timestamp <= ? AND status IN ('sent', 'delivered') ORDER BY timestamp, id");
    q.addBindValue(conversationId);
    q.addBindValue(watermark);
    QList<Message> list = read(q);
    list.removeIf([below](const Message &m) { return m.status >= below; });
    return list;
}

QList<Message> MessageTable::before(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId, int limit)
{
    if (beforeTimestamp <= 0) {
        QSqlQuery &q = m_sql.prepared(MESSAGE_COLUMNS "WHERE conversation_id = ? "
                                      "ORDER BY timestamp DESC, id DESC LIMIT ?");
        q.addBindValue(conversationId);
        q.addBindValue(limit);
        return read(q);
    }
    QSqlQuery &q = m_sql.prepared(MESSAGE_COLUMNS "WHERE conversation_id = ? AND "
                                  "(timestamp < ? OR (timestamp = ? AND id < ?)) "
                                  "ORDER BY timestamp DESC, id DESC LIMIT ?");
    q.addBindValue(conversationId);
    q.addBindValue(beforeTimestamp);
    q.addBindValue(beforeTimestamp);
    q.addBindValue(beforeId);
    q.addBindValue(limit);
    return read(q);
}

qint64 MessageTable::count() { return m_sql.scalar("SELECT count(*) FROM messages"); }

} // namespace Relaydesk::Store
