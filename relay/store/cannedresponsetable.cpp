#include "cannedresponsetable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

#define CANNED_COLUMNS \
    "SELECT id, shortcode, title, text, created_by, created_at, updated_by, updated_at FROM canned_responses "

bool CannedResponseTable::save(CannedResponse *r, const QString &clientId)
{
    if (r->id == 0) {
        QSqlQuery &q = m_sql.prepared("INSERT INTO canned_responses(shortcode, title, text, client_id, created_by, "
                                      "created_at, updated_by, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        q.addBindValue(r->shortcode);
        q.addBindValue(orEmpty(r->title));
        q.addBindValue(orEmpty(r->text));
        q.addBindValue(nullIfEmpty(clientId));
        q.addBindValue(r->createdBy);
        q.addBindValue(r->createdAt);
        q.addBindValue(r->updatedBy);
        q.addBindValue(r->updatedAt);
        return m_sql.insertReturningId(q, &r->id);
    }
    QSqlQuery &q = m_sql.prepared("UPDATE canned_responses SET shortcode = ?, title = ?, text = ?, updated_by = ?, "
                                  "updated_at = ? WHERE id = ?");
    q.addBindValue(r->shortcode);
    q.addBindValue(orEmpty(r->title));
    q.addBindValue(orEmpty(r->text));
    q.addBindValue(r->updatedBy);
    q.addBindValue(r->updatedAt);
    q.addBindValue(r->id);
    if (!m_sql.exec(q))
        return false;
    if (q.numRowsAffected() != 1) {
        m_sql.setLastError(QStringLiteral("no canned response %1").arg(r->id));
        return false;
    }
    return true;
}

namespace {
CannedResponse cannedFromRow(const QSqlQuery &q)
{
    CannedResponse r;
    r.id = q.value(0).toLongLong();
    r.shortcode = q.value(1).toString();
    r.title = q.value(2).toString();
    r.text = q.value(3).toString();
    r.createdBy = q.value(4).toLongLong();
    r.createdAt = q.value(5).toLongLong();
    r.updatedBy = q.value(6).toLongLong();
    r.updatedAt = q.value(7).toLongLong();
    return r;
}
} // namespace

std::optional<CannedResponse> CannedResponseTable::find(qint64 id)
{
    return m_sql.firstRow<CannedResponse>(m_sql.prepared(CANNED_COLUMNS "WHERE id = ?"), id, cannedFromRow);
}

std::optional<CannedResponse> CannedResponseTable::findByShortcode(const QString &shortcode)
{
    return m_sql.firstRow<CannedResponse>(m_sql.prepared(CANNED_COLUMNS "WHERE shortcode = ?"), shortcode,
                                          cannedFromRow);
}

std::optional<CannedResponse> CannedResponseTable::findByClientId(const QString &clientId)
{
    return m_sql.firstRow<CannedResponse>(m_sql.prepared(CANNED_COLUMNS "WHERE client_id = ?"), clientId,
                                          cannedFromRow);
}

QList<CannedResponse> CannedResponseTable::all()
{
    return m_sql.readRows<CannedResponse>(m_sql.prepared(CANNED_COLUMNS "ORDER BY shortcode, id"), cannedFromRow);
}

bool CannedResponseTable::remove(qint64 id)
{
    QSqlQuery &q = m_sql.prepared("DELETE FROM canned_responses WHERE id = ?");
    q.addBindValue(id);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

qint64 CannedResponseTable::count() { return m_sql.scalar("SELECT count(*) FROM canned_responses"); }

} // namespace Relaydesk::Store
