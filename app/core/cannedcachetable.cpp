#include "cannedcachetable.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Relaydesk::App {

namespace {
// Qt binds a null QString as NULL; the columns are NOT NULL.
QString text(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }
} // namespace

bool CannedCacheTable::exec(const QString &sql, const QVariantList &values, QSqlQuery *out) const
{
    QSqlQuery local(m_db);
    QSqlQuery &q = out ? *out : local;
    if (!q.prepare(sql)) {
        m_lastError = q.lastError().text();
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values.at(i));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

bool CannedCacheTable::upsert(const CannedResponse &r)
{
    return exec(QStringLiteral("INSERT INTO canned_responses (id, shortcode, data) VALUES (?, ?, ?) "
                               "ON CONFLICT (id) DO UPDATE SET shortcode = excluded.shortcode, data = excluded.data"),
                {r.id, r.shortcode, QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact))});
}

bool CannedCacheTable::remove(qint64 id)
{
    return exec(QStringLiteral("DELETE FROM canned_responses WHERE id = ?"), {id});
}

bool CannedCacheTable::replaceAll(const QList<CannedResponse> &responses)
{
    if (!exec(QStringLiteral("DELETE FROM canned_responses"), {}))
        return false;
    for (const CannedResponse &r : responses)
        if (!upsert(r))
            return false;
    return true;
}

QList<CannedResponse> CannedCacheTable::all() const
{
    QList<CannedResponse> list;
    QSqlQuery q(m_db);
    if (!exec(QStringLiteral("SELECT data FROM canned_responses ORDER BY shortcode, id"), {}, &q))
        return list;
    while (q.next())
        list.append(CannedResponse::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object()));
    return list;
}

QList<CannedChange> CannedCacheTable::changes() const
{
    QList<CannedChange> list;
    QSqlQuery q(m_db);
    if (!exec(QStringLiteral("SELECT seq, client_id, canned_id, remove, shortcode, title, text FROM canned_outbox "
                             "ORDER BY seq"),
              {}, &q))
        return list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toBool(),
                     q.value(4).toString(), q.value(5).toString(), q.value(6).toString()});
    return list;
}

bool CannedCacheTable::addChange(CannedChange *c)
{
    QSqlQuery q(m_db);
    if (!exec(QStringLiteral("INSERT INTO canned_outbox (client_id, canned_id, remove, shortcode, title, text) "
                             "VALUES (?, ?, ?, ?, ?, ?)"),
              {text(c->clientId), c->cannedId, int(c->remove), text(c->shortcode), text(c->title), text(c->text)}, &q))
        return false;
    c->seq = q.lastInsertId().toLongLong();
    return true;
}

bool CannedCacheTable::updateChange(const CannedChange &c)
{
    return exec(QStringLiteral("UPDATE canned_outbox SET canned_id = ?, remove = ?, shortcode = ?, title = ?, text = ? "
                               "WHERE seq = ?"),
                {c.cannedId, int(c.remove), text(c.shortcode), text(c.title), text(c.text), c.seq});
}

bool CannedCacheTable::dropChange(qint64 seq)
{
    return exec(QStringLiteral("DELETE FROM canned_outbox WHERE seq = ?"), {seq});
}

} // namespace Relaydesk::App
