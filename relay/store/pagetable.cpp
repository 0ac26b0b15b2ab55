#include "pagetable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

bool PageTable::save(const PageRecord &page)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO pages(id, name, access_token, created_at, backfilled_at) "
                                  "VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                                  "access_token = excluded.access_token, backfilled_at = excluded.backfilled_at");
    q.addBindValue(page.id);
    q.addBindValue(orEmpty(page.name));
    q.addBindValue(orEmpty(page.accessToken));
    q.addBindValue(page.createdAt);
    q.addBindValue(page.backfilledAt);
    return m_sql.exec(q);
}

std::optional<PageRecord> PageTable::find(const QString &id)
{
    // The Send API asks once per reply; a handful of Pages: the list is cheaper than a statement each.
    const QList<PageRecord> pages = all();
    for (const PageRecord &p : pages)
        if (p.id == id)
            return p;
    return std::nullopt;
}

QList<PageRecord> PageTable::all()
{
    QList<PageRecord> list;
    QSqlQuery &q = m_sql.prepared("SELECT id, name, access_token, created_at, backfilled_at FROM pages ORDER BY id");
    if (!m_sql.exec(q))
        return list;
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toByteArray(),
                     q.value(3).toLongLong(), q.value(4).toLongLong()});
    q.finish();
    return list;
}

bool PageTable::remove(const QString &id)
{
    QSqlQuery &q = m_sql.prepared("DELETE FROM pages WHERE id = ?");
    q.addBindValue(id);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

} // namespace Relaydesk::Store
