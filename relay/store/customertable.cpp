#include "customertable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

namespace {
// Columns from name on, in the order both reads select them.
void readProfile(const QSqlQuery &q, int at, CustomerRecord *c)
{
    c->customer.name = q.value(at).toString();
    c->customer.pictureUrl = q.value(at + 1).toString();
    c->profileState = CustomerRecord::ProfileState(q.value(at + 2).toInt());
    c->profileAttempts = q.value(at + 3).toInt();
    c->profileNextAttemptAt = q.value(at + 4).toLongLong();
}
} // namespace

std::optional<CustomerRecord> CustomerTable::find(const QString &pageId, const QString &psid)
{
    QSqlQuery &q = m_sql.prepared("SELECT name, picture_url, profile_state, profile_attempts, profile_next_at "
                                  "FROM customers WHERE page_id = ? AND psid = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    if (!m_sql.exec(q) || !q.next())
        return std::nullopt;
    CustomerRecord c;
    c.pageId = pageId;
    c.customer.psid = psid;
    readProfile(q, 0, &c);
    q.finish();
    return c;
}

bool CustomerTable::save(const CustomerRecord &c)
{
    QSqlQuery &q = m_sql.prepared(
        "INSERT INTO customers(page_id, psid, name, picture_url, profile_state, profile_attempts, profile_next_at) "
        "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(page_id, psid) DO UPDATE SET name = excluded.name, "
        "picture_url = excluded.picture_url, profile_state = excluded.profile_state, "
        "profile_attempts = excluded.profile_attempts, profile_next_at = excluded.profile_next_at");
    q.addBindValue(c.pageId);
    q.addBindValue(c.customer.psid);
    q.addBindValue(orEmpty(c.customer.name));
    q.addBindValue(orEmpty(c.customer.pictureUrl));
    q.addBindValue(int(c.profileState));
    q.addBindValue(c.profileAttempts);
    q.addBindValue(c.profileNextAttemptAt);
    return m_sql.exec(q);
}

QList<CustomerRecord> CustomerTable::needingProfile(qint64 now, int limit)
{
    QSqlQuery &q = m_sql.prepared("SELECT page_id, psid, name, picture_url, profile_state, profile_attempts, "
                                  "profile_next_at FROM customers WHERE profile_state = 0 AND profile_next_at <= ? "
                                  "ORDER BY profile_next_at LIMIT ?");
    q.addBindValue(now);
    q.addBindValue(limit);
    return m_sql.readRows<CustomerRecord>(q, [](const QSqlQuery &row) {
        CustomerRecord c;
        c.pageId = row.value(0).toString();
        c.customer.psid = row.value(1).toString();
        readProfile(row, 2, &c);
        return c;
    });
}

} // namespace Relaydesk::Store
