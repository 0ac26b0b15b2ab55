#pragma once

#include <QList>
#include <QString>

namespace Relaydesk::Store {

class SqlConnection;

// Leases on work that one relay of a cluster does at a time: a reply's send, a
// customer's profile look-up, a Page's backfill, pruning. A lease is (kind, key),
// an owner (a relay's run) and an expiry; a relay that dies stops renewing, and
// another takes the work when the lease has expired. Taking is one atomic upsert.
class LeaseTable
{
public:
    explicit LeaseTable(SqlConnection &connection) : m_sql(connection) {}

    bool take(const QString &kind, const QString &key, const QString &owner, qint64 now, qint64 until);
    bool release(const QString &kind, const QString &key, const QString &owner);
    int renew(const QString &owner, qint64 until);
    bool releaseAll(const QString &owner);
    bool clear();
    QList<qint64> unclaimedPendingOutgoing(qint64 now, int limit);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
