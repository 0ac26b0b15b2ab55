#include "uploadtable.h"

#include "sqlconnection.h"

#include <QIODevice>
#include <QSqlQuery>
#include <QVariant>

namespace Relaydesk::Store {

bool UploadTable::add(const UploadRecord &upload)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO uploads(id, agent_id, mime_type, name, size, created_at) "
                                  "VALUES(?, ?, ?, ?, ?, ?)");
    q.addBindValue(upload.id);
    q.addBindValue(upload.agentId);
    q.addBindValue(orEmpty(upload.mimeType));
    q.addBindValue(orEmpty(upload.name));
    q.addBindValue(upload.size);
    q.addBindValue(upload.createdAt);
    return m_sql.exec(q);
}

std::optional<UploadRecord> UploadTable::find(const QString &id)
{
    QSqlQuery &q = m_sql.prepared("SELECT agent_id, mime_type, name, size, created_at FROM uploads WHERE id = ?");
    q.addBindValue(id);
    if (!m_sql.exec(q) || !q.next())
        return std::nullopt;
    UploadRecord upload{id, q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toLongLong(), q.value(4).toLongLong()};
    q.finish();
    return upload;
}

bool UploadTable::remove(const QString &id)
{
    // The chunks go with the row (ON DELETE CASCADE).
    QSqlQuery &q = m_sql.prepared("DELETE FROM uploads WHERE id = ?");
    q.addBindValue(id);
    return m_sql.exec(q) && q.numRowsAffected() > 0;
}

std::optional<UploadUsage> UploadTable::usage(qint64 agentId)
{
    QSqlQuery &q = m_sql.prepared("SELECT CAST(coalesce(sum(CASE WHEN agent_id = ? THEN size ELSE 0 END), 0) AS BIGINT), "
                                  "CAST(coalesce(sum(size), 0) AS BIGINT) FROM uploads");
    q.addBindValue(agentId);
    if (!m_sql.exec(q) || !q.next())
        return std::nullopt;
    const UploadUsage usage{q.value(0).toLongLong(), q.value(1).toLongLong()};
    q.finish();
    return usage;
}

QStringList UploadTable::createdBefore(qint64 cutoff, int limit)
{
    QStringList ids;
    QSqlQuery &q = m_sql.prepared("SELECT id FROM uploads WHERE created_at < ? ORDER BY created_at LIMIT ?");
    q.addBindValue(cutoff);
    q.addBindValue(limit);
    if (!m_sql.exec(q))
        return ids;
    while (q.next())
        ids.append(q.value(0).toString());
    q.finish();
    return ids;
}

bool UploadTable::addChunk(const QString &id, int n, const QByteArray &bytes)
{
    QSqlQuery &q = m_sql.prepared("INSERT INTO upload_chunks(upload_id, n, data) VALUES(?, ?, ?)");
    q.addBindValue(id);
    q.addBindValue(n);
    q.addBindValue(bytes);
    return m_sql.exec(q);
}

std::optional<QByteArray> UploadTable::chunk(const QString &id, int n)
{
    QSqlQuery &q = m_sql.prepared("SELECT data FROM upload_chunks WHERE upload_id = ? AND n = ?");
    q.addBindValue(id);
    q.addBindValue(n);
    if (!m_sql.exec(q) || !q.next())
        return std::nullopt;
    const QByteArray bytes = q.value(0).toByteArray();
    q.finish();
    return bytes;
}

bool UploadTable::writeBytes(const QString &id, QIODevice &source)
{
    // A transaction of its own, and a plain one: on PostgreSQL it takes no lock on
    // the log head, so other relays' writes go on while the chunks go in.
    if (!m_sql.begin(QStringLiteral("BEGIN")))
        return false;
    for (int n = 0; !source.atEnd(); ++n) {
        const QByteArray bytes = source.read(ChunkBytes);
        if (bytes.isEmpty()) {
            m_sql.setLastError(QStringLiteral("cannot read the upload: %1").arg(source.errorString()));
            m_sql.rollback();
            return false;
        }
        if (!addChunk(id, n, bytes)) {
            m_sql.rollback();
            return false;
        }
    }
    return m_sql.commit();
}

std::optional<QByteArray> UploadTable::bytes(const QString &id, qint64 expectedSize)
{
    QByteArray data;
    data.reserve(expectedSize);
    for (int n = 0; data.size() < expectedSize; ++n) {
        const auto bytes = chunk(id, n);
        if (!bytes || bytes->isEmpty())
            break;
        data.append(*bytes);
    }
    if (data.size() != expectedSize)
        return std::nullopt; // cut short (removed meanwhile, or a write that never finished)
    return data;
}

} // namespace Relaydesk::Store
