#include "uploadstore.h"

#include "clock.h"
#include "contentsniffer.h"
#include "filenamesanitizer.h"
#include "relaylogging.h"
#include "store.h"
#include "uploadtransfer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QUuid>

namespace Relaydesk::Relay {

namespace {

// Ids are ours (hex); anything else could be a path trick.
bool isUploadId(const QString &id)
{
    static const QRegularExpression valid(QStringLiteral("^[0-9a-f]{32}$"));
    return valid.match(id).hasMatch();
}

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

UploadStore::UploadStore(Store::Store &store, const QString &dataDir, const Clock &clock, UploadQuota::Limits limits)
    : m_store(store)
    , m_dir(QDir(dataDir).filePath(QStringLiteral("uploads")))
    , m_clock(clock)
    , m_quota(limits)
    , m_inStore(store.isShared())
{
    m_monotonic.start();
    if (!m_inStore)
        adoptSidecars();
}

// Before the uploads table, a SQLite relay described each file in <id>.json: those
// become rows (once), so uploads not sent yet survive the update.
void UploadStore::adoptSidecars()
{
    const QFileInfoList sidecars = QDir(m_dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    for (const QFileInfo &sidecar : sidecars) {
        const QString id = sidecar.completeBaseName();
        const QFileInfo body(path(id));
        if (isUploadId(id) && body.exists() && !m_store.upload(id)) {
            QFile file(sidecar.filePath());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject meta = QJsonDocument::fromJson(file.readAll()).object();
            const Store::UploadRecord record{
                id, meta.value(QStringLiteral("agent_id")).toInteger(), meta.value(QStringLiteral("mime_type")).toString(),
                FileNameSanitizer::clean(meta.value(QStringLiteral("name")).toString()), body.size(),
                meta.value(QStringLiteral("created_at")).toInteger(body.lastModified().toMSecsSinceEpoch())};
            if (!m_store.addUpload(record))
                continue; // tried again at the next start
        }
        QFile::remove(sidecar.filePath()); // a body without its sidecar is a stray the sweep takes
    }
}

std::optional<UploadQuota::Refusal> UploadStore::admit(qint64 agentId, qint64 bytes)
{
    if (auto refusal = m_quota.takeRate(agentId, m_monotonic.elapsed()))
        return refusal;
    const auto held = m_store.uploadUsage(agentId);
    if (!held)
        return UploadQuota::unavailable();
    return m_quota.fits(*held, bytes);
}

QString UploadStore::path(const QString &id) const
{
    return QDir(m_dir).filePath(id);
}

QString UploadStore::idFromUrl(const QString &url)
{
    static const QString prefix = QStringLiteral("relaydesk-upload:");
    return url.startsWith(prefix) ? url.mid(prefix.size()) : QString();
}

QString UploadStore::attachmentType(const QString &mimeType)
{
    for (const char *kind : {"image", "audio", "video"})
        if (mimeType.startsWith(QLatin1String(kind) + QLatin1Char('/')))
            return QLatin1String(kind);
    return QStringLiteral("file");
}

// The type and name from the body's head, and the row (quotas checked): all but the bytes.
std::optional<UploadStore::Stored> UploadStore::prepare(qint64 agentId, const QString &declaredMimeType,
                                                        const QString &rawName, QTemporaryFile &body,
                                                        UploadQuota::Refusal *refused)
{
    if (!body.seek(0)) {
        qCWarning(lcAgents) << "cannot read an upload back:" << body.errorString();
        return std::nullopt;
    }
    const QByteArray head = body.read(ContentSniffer::HeadBytes);
    Stored stored;
    stored.mimeType = ContentSniffer::checkedType(declaredMimeType, head);
    stored.name = FileNameSanitizer::sanitize(rawName, stored.mimeType, ContentSniffer::detect(head));
    stored.size = body.size();
    stored.id = QUuid::createUuid().toString(QUuid::Id128);
    const Store::UploadRecord record{stored.id, agentId, stored.mimeType, stored.name, stored.size, m_clock.nowMs()};
    if (!reserve(record, refused) || !body.seek(0))
        return std::nullopt;
    if (!declaredMimeType.isEmpty() && stored.mimeType != ContentSniffer::normalized(declaredMimeType))
        qCInfo(lcAgents) << "upload" << stored.id << "declared" << declaredMimeType.left(100)
                         << "does not match its content: stored as" << stored.mimeType;
    return stored;
}

// The row of an upload whose bytes could not be kept.
void UploadStore::forget(const QString &id)
{
    qCWarning(lcAgents) << "cannot store the bytes of an upload:" << m_store.lastError();
    m_store.removeUpload(id);
}

std::optional<UploadStore::Stored> UploadStore::save(qint64 agentId, const QString &declaredMimeType,
                                                     const QString &rawName, QTemporaryFile &body,
                                                     UploadQuota::Refusal *refused)
{
    const auto stored = prepare(agentId, declaredMimeType, rawName, body, refused);
    if (!stored)
        return std::nullopt;
    if (!keepBytes(stored->id, body)) {
        forget(stored->id);
        if (refused && m_store.isUnreachable())
            *refused = UploadQuota::unavailable();
        return std::nullopt;
    }
    return stored;
}

void UploadStore::saveLater(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                            std::shared_ptr<QTemporaryFile> body, Saved done)
{
    UploadQuota::Refusal refusal;
    const auto stored = prepare(agentId, declaredMimeType, rawName, *body, &refusal);
    if (!stored) {
        done(std::nullopt, refusal);
        return;
    }
    if (!m_inStore) {
        const bool kept = keepBytes(stored->id, *body);
        if (!kept)
            forget(stored->id);
        done(kept ? stored : std::nullopt, refusal);
        return;
    }
    UploadTransfer::write(m_store, stored->id, body, &m_transfers, [this, stored, done](bool ok) {
        UploadQuota::Refusal refusal;
        if (!ok) {
            forget(stored->id);
            if (m_store.isUnreachable())
                refusal = UploadQuota::unavailable();
        }
        done(ok ? stored : std::nullopt, refusal);
    });
}

// Checks the quotas and adds the row in one write transaction: on PostgreSQL every
// write transaction of every relay takes the log head first, so two relays cannot
// both see room for their upload and both take it.
bool UploadStore::reserve(const Store::UploadRecord &upload, UploadQuota::Refusal *refused)
{
    auto fail = [this, refused](std::optional<UploadQuota::Refusal> refusal) {
        m_store.rollbackTransaction();
        if (!refusal && m_store.isUnreachable())
            refusal = UploadQuota::unavailable();
        if (refused && refusal)
            *refused = *refusal;
        return false;
    };
    if (!m_store.beginTransaction())
        return fail(std::nullopt);
    const auto held = m_store.uploadUsage(upload.agentId);
    if (!held)
        return fail(std::nullopt);
    if (auto refusal = m_quota.fits(*held, upload.size))
        return fail(refusal);
    if (!m_store.addUpload(upload) || !m_store.commitTransaction()) {
        qCWarning(lcAgents) << "cannot record an upload:" << m_store.lastError();
        return fail(std::nullopt);
    }
    return true;
}

bool UploadStore::makeFolder()
{
    if (!QDir().mkpath(m_dir)) {
        qCWarning(lcAgents) << "cannot create" << m_dir;
        return false;
    }
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

bool UploadStore::keepBytes(const QString &id, QTemporaryFile &body)
{
    if (m_inStore)
        return body.seek(0) && m_store.writeUploadBytes(id, body);
    if (!makeFolder())
        return false;
    // The body's temporary file is in <data>/incoming, on the same file system:
    // renaming it is the whole save. A copy only where it is not (a body folder elsewhere).
    const QString target = path(id);
    body.setAutoRemove(false);
    if (!body.rename(target)) {
        body.setAutoRemove(true);
        if (!QFile::copy(body.fileName(), target)) {
            qCWarning(lcAgents) << "cannot move an upload to" << m_dir;
            QFile::remove(target);
            return false;
        }
    }
    // Agents' files are as private as the rest of the data folder, whatever the umask.
    QFile::setPermissions(target, OwnerOnly);
    return true;
}

std::optional<Store::UploadRecord> UploadStore::find(const QString &id)
{
    if (!isUploadId(id))
        return std::nullopt;
    return m_store.upload(id);
}

std::optional<UploadStore::Upload> UploadStore::load(const QString &id)
{
    const auto record = find(id);
    if (!record)
        return std::nullopt;
    QByteArray data;
    if (m_inStore) {
        auto bytes = m_store.uploadBytes(id, record->size);
        if (!bytes)
            return std::nullopt;
        data = std::move(*bytes);
    } else {
        QFile file(path(id));
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        data = file.readAll();
        if (data.size() != record->size)
            return std::nullopt;
    }
    // Names are made safe when stored; cleaning again costs nothing and covers
    // uploads kept from before that.
    return Upload{id, record->agentId, record->mimeType, FileNameSanitizer::clean(record->name), data};
}

void UploadStore::loadLater(const QString &id, Loaded done)
{
    const auto record = find(id);
    if (!record || !m_inStore) {
        done(record ? load(id) : std::nullopt);
        return;
    }
    UploadTransfer::read(m_store, id, record->size, &m_transfers, [record, done](std::optional<QByteArray> bytes) {
        if (!bytes) {
            done(std::nullopt);
            return;
        }
        done(Upload{record->id, record->agentId, record->mimeType, FileNameSanitizer::clean(record->name),
                    std::move(*bytes)});
    });
}

void UploadStore::remove(const QString &id)
{
    if (!isUploadId(id))
        return;
    // The row first: a file left behind by a failure is a stray the sweep takes.
    m_store.removeUpload(id);
    if (!m_inStore)
        QFile::remove(path(id));
}

int UploadStore::removeOlderThan(qint64 cutoffMs)
{
    constexpr int Batch = 500;
    int removed = 0;
    for (;;) {
        const QStringList expired = m_store.uploadsCreatedBefore(cutoffMs, Batch);
        int gone = 0;
        for (const QString &id : expired) {
            if (m_store.removeUpload(id))
                ++gone;
            if (!m_inStore)
                QFile::remove(path(id));
        }
        removed += gone;
        if (expired.size() < Batch || gone == 0)
            break;
    }
    if (m_inStore)
        return removed;
    // Files no upload owns (a save cut short by a crash), once as old as an upload would be.
    const qint64 strayCutoff = cutoffMs - (m_clock.nowMs() - QDateTime::currentMSecsSinceEpoch());
    const QFileInfoList files = QDir(m_dir).entryInfoList(QDir::Files | QDir::Hidden);
    for (const QFileInfo &file : files) {
        if (file.lastModified().toMSecsSinceEpoch() >= strayCutoff)
            continue;
        const QString id = file.fileName();
        if (isUploadId(id) && m_store.upload(id))
            continue;
        if (QFile::remove(file.filePath()))
            ++removed;
    }
    return removed;
}

} // namespace Relaydesk::Relay
