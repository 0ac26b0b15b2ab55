#pragma once

#include "records.h"

#include <QList>

#include <optional>

namespace Relaydesk::Store {

class SqlConnection;

// The Pages the relay serves, with their access tokens.
class PageTable
{
public:
    explicit PageTable(SqlConnection &connection) : m_sql(connection) {}

    bool save(const PageRecord &page);
    std::optional<PageRecord> find(const QString &id);
    QList<PageRecord> all();
    bool remove(const QString &id);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
