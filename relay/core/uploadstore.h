#pragma once

#include "uploadquota.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <optional>

namespace Relaydesk::Relay {

class Clock;

// Files agents upload to send as attachments, kept in <data>/uploads (owner-only)
// until the Send API has taken them, or until UploadSweeper deletes them unsent.
// It knows what each agent holds, for the quotas (UploadQuota).
class UploadStore
{
public:
    struct Upload { QString id; qint64 agentId = 0; QString mimeType; QString name; QByteArray data; };
    // What was stored: the type the content bears out and the name made safe.
    struct Stored { QString id; QString mimeType; QString name; qint64 size = 0; };

    static constexpr qint64 MaxBytes = 25 * 1024 * 1024; // Messenger's attachment limit

    // Reads what the folder already holds (uploads survive a restart).
    UploadStore(const QString &dataDir, const Clock &clock, UploadQuota::Limits limits = {});
    // May the agent store `bytes` more now? Takes one upload of the agent's rate and
    // checks the quotas; nothing when it may. Call it in the same turn of the event
    // loop as save(), so that no other upload slips in between.
    std::optional<UploadQuota::Refusal> admit(qint64 agentId, qint64 bytes);
    // Stores an agent's file. The declared MIME type is checked against the content
    // (ContentSniffer: a media type the bytes do not bear out becomes a generic
    // file) and the name made safe (FileNameSanitizer). Nothing if it could not be
    // written, or if it does not fit the quotas after all (*refused says why: admit()
    // may have judged a declared size, or another upload took the room meanwhile).
    std::optional<Stored> save(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                               const QByteArray &data, UploadQuota::Refusal *refused = nullptr);
    std::optional<Upload> load(const QString &id) const;
    void remove(const QString &id);
    // Deletes the uploads stored before `cutoffMs` (the store's clock), and stray
    // files that old (a save cut short); returns how many went.
    int removeOlderThan(qint64 cutoffMs);
    const UploadQuota &quota() const { return m_quota; }
    int count() const { return int(m_entries.size()); }

    // The attachment type Messenger wants for a MIME type: image, audio, video or file.
    static QString attachmentType(const QString &mimeType);
    static QString urlFor(const QString &id) { return QStringLiteral("relaydesk-upload:") + id; }
    static QString idFromUrl(const QString &url);

private:
    struct Entry { qint64 agentId = 0; qint64 size = 0; qint64 createdAt = 0; };

    QString path(const QString &id) const;
    void readIndex();

    QString m_dir;
    const Clock &m_clock;
    UploadQuota m_quota;
    QHash<QString, Entry> m_entries; // id -> what the quota and the sweep need
    QElapsedTimer m_monotonic;       // for the rate: immune to wall-clock steps
};

} // namespace Relaydesk::Relay
