#pragma once

#include "records.h"

#include <QList>

#include <optional>

namespace Relaydesk::Store {

class SqlConnection;

// Customers per Page, with the state of their User Profile API look-up.
class CustomerTable
{
public:
    explicit CustomerTable(SqlConnection &connection) : m_sql(connection) {}

    std::optional<CustomerRecord> find(const QString &pageId, const QString &psid);
    bool save(const CustomerRecord &customer);
    QList<CustomerRecord> needingProfile(qint64 now, int limit);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
