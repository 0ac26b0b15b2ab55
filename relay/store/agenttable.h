#pragma once

#include "records.h"

#include <QList>

#include <optional>

class QSqlQuery;

namespace Relaydesk::Store {

class SqlConnection;

// Agents who may connect: names, token hashes, the Pages they may see, revocation.
class AgentTable
{
public:
    explicit AgentTable(SqlConnection &connection) : m_sql(connection) {}

    bool add(AgentRecord *agent);
    std::optional<AgentRecord> find(qint64 id);
    std::optional<AgentRecord> findByTokenHash(const QByteArray &tokenHash);
    std::optional<AgentRecord> findByName(const QString &name);
    QList<AgentRecord> all();
    bool revoke(qint64 id, qint64 at);

private:
    QList<AgentRecord> read(QSqlQuery &query);
    std::optional<AgentRecord> first(QSqlQuery &query, const QVariant &key);

    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
