#include "uploadtransfer.h"

#include "relaylogging.h"
#include "store.h"
#include "uploadtable.h"

#include <QIODevice>
#include <QTimer>

namespace Relaydesk::Relay {

UploadTransfer::UploadTransfer(Store::Store &store, const QString &id, QObject *parent)
    : QObject(parent), m_store(store), m_id(id)
{
}

void UploadTransfer::write(Store::Store &store, const QString &id, std::shared_ptr<QIODevice> source, QObject *parent,
                           Written done)
{
    auto *transfer = new UploadTransfer(store, id, parent);
    transfer->m_source = std::move(source);
    transfer->m_written = std::move(done);
    QTimer::singleShot(0, transfer, &UploadTransfer::writeStep);
}

void UploadTransfer::read(Store::Store &store, const QString &id, qint64 size, QObject *parent, Read done)
{
    auto *transfer = new UploadTransfer(store, id, parent);
    transfer->m_size = size;
    transfer->m_bytes.reserve(size);
    transfer->m_read = std::move(done);
    QTimer::singleShot(0, transfer, &UploadTransfer::readStep);
}

void UploadTransfer::writeStep()
{
    if (m_source->atEnd()) {
        deleteLater();
        m_written(true);
        return;
    }
    const QByteArray chunk = m_source->read(Store::UploadTable::ChunkBytes);
    if (chunk.isEmpty() || !m_store.addUploadChunk(m_id, m_next++, chunk)) {
        qCWarning(lcAgents) << "cannot store the bytes of upload" << m_id << ":"
                            << (chunk.isEmpty() ? m_source->errorString() : m_store.lastError());
        deleteLater();
        m_written(false);
        return;
    }
    QTimer::singleShot(0, this, &UploadTransfer::writeStep);
}

void UploadTransfer::readStep()
{
    const auto chunk = m_bytes.size() < m_size ? m_store.uploadChunk(m_id, m_next++) : std::nullopt;
    if (chunk && !chunk->isEmpty()) {
        m_bytes.append(*chunk);
        QTimer::singleShot(0, this, &UploadTransfer::readStep);
        return;
    }
    deleteLater();
    // All there, or nothing (removed meanwhile, or a write that never finished).
    m_read(m_bytes.size() == m_size ? std::optional<QByteArray>(std::move(m_bytes)) : std::nullopt);
}

} // namespace Relaydesk::Relay
