#include "leasetable.h"

#include "sqlconnection.h"

#include <QSqlQuery>
#include <QVariant>

namespace Relaydesk::Store {

bool LeaseTable::take(const QString &kind, const QString &key, const QString &owner, qint64 now, qint64 until)
{
    // Free, expired, or ours already: the row is (re)written and returned. Held by
    // another relay: the WHERE leaves it, and nothing comes back.
    QSqlQuery &q = m_sql.prepared("INSERT INTO leases(kind, key, owner, until) VALUES(?, ?, ?, ?) "
                                  "ON CONFLICT(kind, key) DO UPDATE SET owner = excluded.owner, until = excluded.until "
                                  "WHERE leases.until < ? OR leases.owner = excluded.owner RETURNING owner");
    q.addBindValue(kind);
    q.addBindValue(key);
    q.addBindValue(owner);
    q.addBindValue(until);
    q.addBindValue(now);
    if (!m_sql.exec(q))
        return false;
    const bool taken = q.next();
    q.finish();
    return taken;
}

bool LeaseTable::release(const QString &kind, const QString &key, const QString &owner)
{
    QSqlQuery &q = m_sql.prepared("DELETE FROM leases WHERE kind = ? AND key = ? AND owner = ?");
    q.addBindValue(kind);
    q.addBindValue(key);
    q.addBindValue(owner);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

int LeaseTable::renew(const QString &owner, qint64 until)
{
    QSqlQuery &q = m_sql.prepared("UPDATE leases SET until = ? WHERE owner = ?");
    q.addBindValue(until);
    q.addBindValue(owner);
    return m_sql.exec(q) ? q.numRowsAffected() : -1;
}

bool LeaseTable::releaseAll(const QString &owner)
{
    QSqlQuery &q = m_sql.prepared("DELETE FROM leases WHERE owner = ?");
    q.addBindValue(owner);
    return m_sql.exec(q);
}

bool LeaseTable::clear() { return m_sql.execSql(QStringLiteral("DELETE FROM leases")); }

QList<qint64> LeaseTable::unclaimedPendingOutgoing(qint64 now, int limit)
{
    QList<qint64> ids;
    QSqlQuery &q = m_sql.prepared("SELECT m.id FROM messages m LEFT JOIN leases l ON l.kind = 'send' "
                                  "AND l.key = CAST(m.id AS TEXT) WHERE m.status = 'pending' "
                                  "AND (l.until IS NULL OR l.until < ?) ORDER BY m.id LIMIT ?");
    q.addBindValue(now);
    q.addBindValue(limit);
    if (!m_sql.exec(q))
        return ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    q.finish();
    return ids;
}

} // namespace Relaydesk::Store
