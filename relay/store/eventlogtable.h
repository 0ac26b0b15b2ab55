#pragma once

#include "event.h"

#include <QList>

namespace Relaydesk::Store {

class SqlConnection;

// The event log: rows by seq, and the mark of what was pruned. Who picks the next
// seq is the backend's business (SqliteStore, PostgresStore): this table only
// writes the seq it is given.
class EventLogTable
{
public:
    explicit EventLogTable(SqlConnection &connection) : m_sql(connection) {}

    bool insert(const Event &event);
    qint64 maxSeq();
    qint64 prunedThrough();
    QList<Event> after(qint64 seq, int limit);
    int prune(qint64 olderThan);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
