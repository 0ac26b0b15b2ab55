#include "notetable.h"

#include "sqlconnection.h"

#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

namespace Relaydesk::Store {

#define NOTE_COLUMNS "SELECT id, conversation_id, client_id, agent_id, created_at, text, mentions FROM notes "

namespace {
Note noteFromRow(const QSqlQuery &q)
{
    Note n;
    n.id = q.value(0).toLongLong();
    n.conversationId = q.value(1).toLongLong();
    n.clientId = q.value(2).toString();
    n.agentId = q.value(3).toLongLong();
    n.createdAt = q.value(4).toLongLong();
    n.text = q.value(5).toString();
    const QStringList ids = q.value(6).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &id : ids)
        n.mentions.append(id.toLongLong());
    return n;
}
} // namespace

bool NoteTable::add(Note *note)
{
    QStringList ids;
    for (const qint64 id : note->mentions)
        ids.append(QString::number(id));
    QSqlQuery &q = m_sql.prepared("INSERT INTO notes(conversation_id, client_id, agent_id, created_at, text, mentions) "
                                  "VALUES(?, ?, ?, ?, ?, ?) RETURNING id");
    q.addBindValue(note->conversationId);
    q.addBindValue(note->clientId);
    q.addBindValue(note->agentId);
    q.addBindValue(note->createdAt);
    q.addBindValue(orEmpty(note->text));
    q.addBindValue(orEmpty(ids.join(QLatin1Char(','))));
    return m_sql.insertReturningId(q, &note->id);
}

std::optional<Note> NoteTable::findByClientId(const QString &clientId)
{
    return m_sql.firstRow<Note>(m_sql.prepared(NOTE_COLUMNS "WHERE client_id = ?"), clientId, noteFromRow);
}

QList<Note> NoteTable::forConversation(qint64 conversationId, int limit)
{
    QSqlQuery &q = m_sql.prepared(NOTE_COLUMNS "WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?");
    q.addBindValue(conversationId);
    q.addBindValue(limit);
    QList<Note> list = m_sql.readRows<Note>(q, noteFromRow);
    std::reverse(list.begin(), list.end());
    return list;
}

qint64 NoteTable::count() { return m_sql.scalar("SELECT count(*) FROM notes"); }

} // namespace Relaydesk::Store
