#include "sqlstore.h"

#include <QUuid>

namespace Relaydesk::Store {

SqlStore::SqlStore(SqlConnection::Backend backend, const QString &connectionPrefix)
    : m_sql(backend, connectionPrefix + QUuid::createUuid().toString(QUuid::Id128))
    , m_events(m_sql)
    , m_pages(m_sql)
    , m_agents(m_sql)
    , m_customers(m_sql)
    , m_conversations(m_sql)
    , m_messages(m_sql)
    , m_receipts(m_sql)
    , m_leases(m_sql)
    , m_uploads(m_sql)
    , m_canned(m_sql)
    , m_notes(m_sql)
{
}

SqlStore::~SqlStore() = default;

void SqlStore::close() { m_sql.close(); }

bool SqlStore::beginTransaction() { return m_sql.begin(beginStatement()); }
bool SqlStore::commitTransaction() { return m_sql.commit(); }
void SqlStore::rollbackTransaction() { m_sql.rollback(); }
bool SqlStore::savepoint() { return m_sql.execSql(QStringLiteral("SAVEPOINT unit")); }
bool SqlStore::releaseSavepoint() { return m_sql.execSql(QStringLiteral("RELEASE unit")); }
void SqlStore::rollbackToSavepoint()
{
    m_sql.rollbackTo(QStringLiteral("unit"));
    m_sql.execSql(QStringLiteral("RELEASE unit"));
}

bool SqlStore::appendEvent(Event *event)
{
    qint64 seq = 0;
    if (!takeNextSeq(&seq))
        return false;
    const qint64 previous = event->seq;
    event->seq = seq;
    if (m_events.insert(*event))
        return true;
    event->seq = previous;
    return false;
}

} // namespace Relaydesk::Store
