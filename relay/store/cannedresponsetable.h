#pragma once

#include "cannedresponse.h"

#include <QList>

#include <optional>

namespace Relaydesk::Store {

class SqlConnection;

// The team's canned responses. A shortcode is unique (the schema enforces it too);
// client_id makes a create sent twice (a lost ack) make one row.
class CannedResponseTable
{
public:
    explicit CannedResponseTable(SqlConnection &connection) : m_sql(connection) {}

    // Inserts when response->id == 0 (setting id) or updates the row.
    bool save(CannedResponse *response, const QString &clientId);
    std::optional<CannedResponse> find(qint64 id);
    std::optional<CannedResponse> findByShortcode(const QString &shortcode);
    std::optional<CannedResponse> findByClientId(const QString &clientId);
    QList<CannedResponse> all(); // by shortcode
    bool remove(qint64 id);
    qint64 count();

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
