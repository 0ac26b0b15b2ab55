#include "receipttable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

bool ReceiptTable::record(const QString &pageId, const QString &psid, const QString &kind, qint64 watermark)
{
    // ON CONFLICT DO NOTHING rather than a failing insert: on PostgreSQL a failed
    // statement would abort the whole group-commit transaction.
    QSqlQuery &q = m_sql.prepared("INSERT INTO receipts(page_id, psid, kind, watermark) VALUES(?, ?, ?, ?) "
                                  "ON CONFLICT DO NOTHING");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    q.addBindValue(kind);
    q.addBindValue(watermark);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

qint64 ReceiptTable::watermark(const QString &pageId, const QString &psid, const QString &kind)
{
    QSqlQuery &q = m_sql.prepared(
        "SELECT coalesce(max(watermark), 0) FROM receipts WHERE page_id = ? AND psid = ? AND kind = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    q.addBindValue(kind);
    if (!m_sql.exec(q) || !q.next())
        return 0;
    const qint64 watermark = q.value(0).toLongLong();
    q.finish();
    return watermark;
}

bool ReceiptTable::storeRaw(const QString &pageId, const QString &kind, qint64 timestamp, const QByteArray &raw)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO raw_events(page_id, kind, timestamp, body) VALUES(?, ?, ?, ?)");
    q.addBindValue(pageId);
    q.addBindValue(kind);
    q.addBindValue(timestamp);
    q.addBindValue(orEmpty(raw));
    return m_sql.exec(q);
}

int ReceiptTable::rawCount() { return int(m_sql.scalar("SELECT count(*) FROM raw_events")); }

bool ReceiptTable::storeWaiting(const QString &targetMid, const QString &pageId, const QString &kind,
                                qint64 timestamp, const QByteArray &raw)
{
    QSqlQuery &q = m_sql.prepared(
        "INSERT INTO waiting_events(target_mid, page_id, kind, timestamp, body) VALUES(?, ?, ?, ?, ?)");
    q.addBindValue(targetMid);
    q.addBindValue(pageId);
    q.addBindValue(kind);
    q.addBindValue(timestamp);
    q.addBindValue(orEmpty(raw));
    return m_sql.exec(q);
}

QList<QByteArray> ReceiptTable::takeWaiting(const QString &targetMid)
{
    QList<QByteArray> bodies;
    QSqlQuery &find = m_sql.prepared("SELECT body FROM waiting_events WHERE target_mid = ? ORDER BY timestamp, id");
    find.addBindValue(targetMid);
    if (!m_sql.exec(find))
        return bodies;
    while (find.next())
        bodies.append(find.value(0).toByteArray());
    find.finish();
    if (!bodies.isEmpty()) {
        QSqlQuery &del = m_sql.prepared("DELETE FROM waiting_events WHERE target_mid = ?");
        del.addBindValue(targetMid);
        m_sql.exec(del);
    }
    return bodies;
}

} // namespace Relaydesk::Store
