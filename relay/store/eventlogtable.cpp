#include "eventlogtable.h"

#include "sqlconnection.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace Relaydesk::Store {

bool EventLogTable::insert(const Event &e)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO events(seq, kind, page_id, conversation_id, agent_id, created_at, data) "
                                  "VALUES(?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(e.seq);
    q.addBindValue(e.kind);
    q.addBindValue(orEmpty(e.pageId));
    q.addBindValue(e.conversationId);
    q.addBindValue(e.agentId);
    q.addBindValue(e.createdAt);
    q.addBindValue(m_sql.jsonText(QJsonDocument(e.data).toJson(QJsonDocument::Compact)));
    return m_sql.exec(q);
}

qint64 EventLogTable::maxSeq() { return m_sql.scalar("SELECT coalesce(max(seq), 0) FROM events"); }

qint64 EventLogTable::prunedThrough()
{
    return m_sql.scalar("SELECT coalesce((SELECT value FROM meta WHERE key = 'pruned_through'), 0)");
}

QList<Event> EventLogTable::after(qint64 seq, int limit)
{
    QList<Event> list;
    QSqlQuery &q = m_sql.prepared("SELECT seq, kind, page_id, conversation_id, agent_id, created_at, data "
                                  "FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
    q.addBindValue(seq);
    q.addBindValue(limit);
    if (!m_sql.exec(q))
        return list;
    while (q.next()) {
        Event e;
        e.seq = q.value(0).toLongLong();
        e.kind = q.value(1).toString();
        e.pageId = q.value(2).toString();
        e.conversationId = q.value(3).toLongLong();
        e.agentId = q.value(4).toLongLong();
        e.createdAt = q.value(5).toLongLong();
        e.data = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        list.append(e);
    }
    q.finish();
    return list;
}

int EventLogTable::prune(qint64 olderThan)
{
    // Never prune the newest event: it anchors SQLite's sequence (max(seq) + 1).
    QSqlQuery &find = m_sql.prepared("SELECT coalesce(max(seq), 0) FROM events WHERE created_at < ? "
                                     "AND seq < (SELECT max(seq) FROM events)");
    find.addBindValue(olderThan);
    if (!m_sql.exec(find) || !find.next())
        return 0;
    const qint64 through = find.value(0).toLongLong();
    find.finish();
    if (through <= 0)
        return 0;
    QSqlQuery &del = m_sql.prepared("DELETE FROM events WHERE seq <= ?");
    del.addBindValue(through);
    if (!m_sql.exec(del))
        return 0;
    const int removed = del.numRowsAffected();
    QSqlQuery &mark = m_sql.prepared(
        "INSERT INTO meta(key, value) VALUES('pruned_through', ?) ON CONFLICT(key) DO UPDATE SET value = "
        "CASE WHEN excluded.value > meta.value THEN excluded.value ELSE meta.value END");
    mark.addBindValue(through);
    m_sql.exec(mark);
    return removed;
}

} // namespace Relaydesk::Store
