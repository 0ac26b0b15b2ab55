#pragma once

#include "records.h"
#include "uploadquota.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QTemporaryFile;

namespace Relaydesk::Store {
class Store;
}

namespace Relaydesk::Relay {

class Clock;

// Files agents upload to send as attachments, kept until the Send API has taken
// them, or until UploadSweeper deletes them unsent. Every upload is a row of the
// store's uploads table (what the quotas count). Its bytes live:
// - in the store (upload_chunks) when several relays share it (PostgreSQL), so the
//   relay that sends a file need not be the one that received it, and backups hold it;
// - in <data>/uploads (owner-only files) on SQLite, the one relay's own disk: the
//   body's temporary file is renamed there, no copy (docs/deploy-cluster.md says why).
class UploadStore
{
public:
    struct Upload { QString id; qint64 agentId = 0; QString mimeType; QString name; QByteArray data; };
    // What was stored: the type the content bears out and the name made safe.
    struct Stored { QString id; QString mimeType; QString name; qint64 size = 0; };

    static constexpr qint64 MaxBytes = 25 * 1024 * 1024; // Messenger's attachment limit

    // Takes in uploads a SQLite relay kept before the uploads table (sidecar files).
    UploadStore(Store::Store &store, const QString &dataDir, const Clock &clock, UploadQuota::Limits limits = {});
    // May the agent store `bytes` more now? Takes one upload of the agent's rate and
    // checks the quotas against what the store holds; nothing when it may.
    std::optional<UploadQuota::Refusal> admit(qint64 agentId, qint64 bytes);
    // Stores an agent's file from the temporary file the request's body was streamed
    // to (renamed into place, or copied into the store a chunk at a time: the file is
    // never held in memory). The declared MIME type is checked against the content
    // (ContentSniffer: a media type the bytes do not bear out becomes a generic file)
    // and the name made safe (FileNameSanitizer). The quotas are checked again with
    // the real size in the transaction that adds the row, so uploads through several
    // relays at once cannot overrun them. Nothing if it could not be stored or does
    // not fit after all (*refused says why).
    std::optional<Stored> save(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                               QTemporaryFile &body, UploadQuota::Refusal *refused = nullptr);
    // The same, for the relay's event loop: into the store the bytes go a chunk per
    // turn (UploadTransfer), into a file at once. `done` gets what was stored, or
    // nothing and the refusal (status 0: it could not be stored).
    using Saved = std::function<void(std::optional<Stored> stored, const UploadQuota::Refusal &refusal)>;
    void saveLater(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                   std::shared_ptr<QTemporaryFile> body, Saved done);
    // Who uploaded it, its type, name and size, without its bytes.
    std::optional<Store::UploadRecord> find(const QString &id);
    std::optional<Upload> load(const QString &id);
    // The same, from the store a chunk per turn of the event loop (UploadTransfer).
    using Loaded = std::function<void(std::optional<Upload> upload)>;
    void loadLater(const QString &id, Loaded done);
    void remove(const QString &id);
    // Deletes the uploads stored before `cutoffMs` (the store's clock), and stray
    // files that old (a save cut short); returns how many went.
    int removeOlderThan(qint64 cutoffMs);
    // True when the bytes are in the store (shared), false when in files.
    bool bytesInStore() const { return m_inStore; }

    // The attachment type Messenger wants for a MIME type: image, audio, video or file.
    static QString attachmentType(const QString &mimeType);
    static QString urlFor(const QString &id) { return QStringLiteral("relaydesk-upload:") + id; }
    static QString idFromUrl(const QString &url);

private:
    QString path(const QString &id) const;
    bool makeFolder();
    std::optional<Stored> prepare(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                                  QTemporaryFile &body, UploadQuota::Refusal *refused);
    void forget(const QString &id);
    bool reserve(const Store::UploadRecord &upload, UploadQuota::Refusal *refused);
    bool keepBytes(const QString &id, QTemporaryFile &body);
    void adoptSidecars();

    Store::Store &m_store;
    QString m_dir;
    const Clock &m_clock;
    UploadQuota m_quota;
    bool m_inStore = false;
    QElapsedTimer m_monotonic; // for the rate: immune to wall-clock steps
    QObject m_transfers;       // parent of transfers under way: they end with the store
};

} // namespace Relaydesk::Relay
