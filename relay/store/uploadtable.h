#pragma once

#include "records.h"

#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace Relaydesk::Store {

class SqlConnection;

// Agents' uploads: a row per file (who, type, name, size, when), and where the
// store holds the bytes, upload_chunks. Chunks because QPSQL binds a bytea as a
// text literal inside the statement (hex, then UTF-16, then UTF-8 again): a 25 MiB
// file as one value would take some 300 MB of the relay's memory; a chunk at a
// time keeps that to a few MB, and reading back does the same.
class UploadTable
{
public:
    static constexpr int ChunkBytes = 256 * 1024;

    explicit UploadTable(SqlConnection &connection) : m_sql(connection) {}

    bool add(const UploadRecord &upload);
    std::optional<UploadRecord> find(const QString &id);
    bool remove(const QString &id);
    std::optional<UploadUsage> usage(qint64 agentId);
    QStringList createdBefore(qint64 cutoff, int limit);
    bool writeBytes(const QString &id, QIODevice &source);
    bool addChunk(const QString &id, int n, const QByteArray &bytes);
    std::optional<QByteArray> chunk(const QString &id, int n);
    std::optional<QByteArray> bytes(const QString &id, qint64 expectedSize);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
