#include "agenttable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

#define AGENT_COLUMNS "SELECT id, name, token_hash, pages, created_at, revoked_at FROM agents "

bool AgentTable::add(AgentRecord *agent)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO agents(name, token_hash, pages, created_at) VALUES(?, ?, ?, ?) "
                                  "RETURNING id");
    q.addBindValue(agent->name);
    q.addBindValue(agent->tokenHash);
    q.addBindValue(agent->pages.join(QLatin1Char(',')));
    q.addBindValue(agent->createdAt);
    return m_sql.insertReturningId(q, &agent->id);
}

namespace {
AgentRecord agentFromRow(const QSqlQuery &q)
{
    AgentRecord a;
    a.id = q.value(0).toLongLong();
    a.name = q.value(1).toString();
    a.tokenHash = q.value(2).toByteArray();
    a.pages = q.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    a.createdAt = q.value(4).toLongLong();
    a.revokedAt = q.value(5).toLongLong();
    return a;
}
} // namespace

QList<AgentRecord> AgentTable::read(QSqlQuery &q)
{
    return m_sql.readRows<AgentRecord>(q, agentFromRow);
}

std::optional<AgentRecord> AgentTable::first(QSqlQuery &q, const QVariant &key)
{
    return m_sql.firstRow<AgentRecord>(q, key, agentFromRow);
}

std::optional<AgentRecord> AgentTable::find(qint64 id)
{
    return first(m_sql.prepared(AGENT_COLUMNS "WHERE id = ?"), id);
}

std::optional<AgentRecord> AgentTable::findByTokenHash(const QByteArray &tokenHash)
{
    return first(m_sql.prepared(AGENT_COLUMNS "WHERE token_hash = ?"), tokenHash);
}

std::optional<AgentRecord> AgentTable::findByName(const QString &name)
{
    return first(m_sql.prepared(AGENT_COLUMNS "WHERE name = ?"), name);
}

QList<AgentRecord> AgentTable::all()
{
    return read(m_sql.prepared(AGENT_COLUMNS "ORDER BY id"));
}

bool AgentTable::revoke(qint64 id, qint64 at)
{
    QSqlQuery &q = m_sql.prepared("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
    q.addBindValue(at);
    q.addBindValue(id);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

} // namespace Relaydesk::Store
