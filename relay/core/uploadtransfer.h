#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace Relaydesk::Store {
class Store;
}

namespace Relaydesk::Relay {

// Moves an upload's bytes into or out of the store one chunk per turn of the event
// loop. Over QPSQL a 25 MiB file takes one to three seconds either way (the driver
// sends and receives bytea as hex text); in one go that would hold every agent's
// frames and every webhook of this relay for that long, a chunk at a time some
// 15-30 ms. Each chunk is its own statement outside a transaction: a transfer cut
// short (a crash) leaves an upload whose bytes are not all there, which loading
// refuses and the sweep deletes. Deleted with its parent, without calling back.
class UploadTransfer : public QObject
{
    Q_OBJECT
public:
    using Written = std::function<void(bool ok)>;
    using Read = std::function<void(std::optional<QByteArray> bytes)>;

    // Reads `source` to its end into upload `id`'s chunks.
    static void write(Store::Store &store, const QString &id, std::shared_ptr<QIODevice> source, QObject *parent,
                      Written done);
    // Reads upload `id`'s `size` bytes; nothing unless all are there.
    static void read(Store::Store &store, const QString &id, qint64 size, QObject *parent, Read done);

private:
    UploadTransfer(Store::Store &store, const QString &id, QObject *parent);
    void writeStep();
    void readStep();

    Store::Store &m_store;
    QString m_id;
    int m_next = 0;
    std::shared_ptr<QIODevice> m_source;
    Written m_written;
    QByteArray m_bytes;
    qint64 m_size = 0;
    Read m_read;
};

} // namespace Relaydesk::Relay
