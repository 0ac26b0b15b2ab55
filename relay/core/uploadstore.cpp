#include "uploadstore.h"

#include "clock.h"
#include "contentsniffer.h"
#include "filenamesanitizer.h"
#include "relaylogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace Relaydesk::Relay {

namespace {

// Ids are ours (hex); anything else could be a path trick.
bool isUploadId(const QString &id)
{
    static const QRegularExpression valid(QStringLiteral("^[0-9a-f]{32}$"));
    return valid.match(id).hasMatch();
}

} // namespace

UploadStore::UploadStore(const QString &dataDir, const Clock &clock, UploadQuota::Limits limits)
    : m_dir(QDir(dataDir).filePath(QStringLiteral("uploads"))), m_clock(clock), m_quota(limits)
{
    m_monotonic.start();
    readIndex();
}

void UploadStore::readIndex()
{
    const QFileInfoList sidecars = QDir(m_dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    for (const QFileInfo &sidecar : sidecars) {
        const QString id = sidecar.completeBaseName();
        const QFileInfo body(path(id));
        if (!isUploadId(id) || !body.exists())
            continue; // a save cut short: the sweep takes it
        QFile file(sidecar.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject meta = QJsonDocument::fromJson(file.readAll()).object();
        Entry entry;
        entry.agentId = meta.value(QStringLiteral("agent_id")).toInteger();
        entry.size = body.size();
        // Uploads from before created_at was kept: their file's time.
        entry.createdAt = meta.value(QStringLiteral("created_at")).toInteger(body.lastModified().toMSecsSinceEpoch());
        m_entries.insert(id, entry);
        m_quota.added(entry.agentId, entry.size);
    }
    if (!m_entries.isEmpty())
        qCInfo(lcAgents) << m_entries.size() << "uploads not sent yet," << m_quota.totalBytes() << "bytes";
}

std::optional<UploadQuota::Refusal> UploadStore::admit(qint64 agentId, qint64 bytes)
{
    return m_quota.admit(agentId, bytes, m_monotonic.elapsed());
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

std::optional<UploadStore::Stored> UploadStore::save(qint64 agentId, const QString &declaredMimeType,
                                                     const QString &rawName, const QByteArray &data,
                                                     UploadQuota::Refusal *refused)
{
    if (auto refusal = m_quota.fits(agentId, data.size())) {
        if (refused)
            *refused = *refusal;
        return std::nullopt;
    }
    const QByteArrayView head = QByteArrayView(data).first(qMin<qsizetype>(data.size(), ContentSniffer::HeadBytes));
    Stored stored;
    stored.mimeType = ContentSniffer::checkedType(declaredMimeType, head);
    stored.name = FileNameSanitizer::sanitize(rawName, stored.mimeType, ContentSniffer::detect(head));
    stored.size = data.size();
    if (!QDir().mkpath(m_dir)) {
        qCWarning(lcAgents) << "cannot create" << m_dir;
        return std::nullopt;
    }
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    stored.id = QUuid::createUuid().toString(QUuid::Id128);
    const qint64 createdAt = m_clock.nowMs();
    const QJsonObject meta{{QStringLiteral("agent_id"), agentId}, {QStringLiteral("mime_type"), stored.mimeType},
                           {QStringLiteral("name"), stored.name}, {QStringLiteral("size"), stored.size},
                           {QStringLiteral("created_at"), createdAt}};
    QFile body(path(stored.id));
    QFile sidecar(path(stored.id) + QStringLiteral(".json"));
    if (!body.open(QIODevice::WriteOnly) || body.write(data) != data.size() || !body.flush()
        || !sidecar.open(QIODevice::WriteOnly) || sidecar.write(QJsonDocument(meta).toJson()) < 0) {
        qCWarning(lcAgents) << "cannot store an upload:" << body.errorString();
        body.remove();
        sidecar.remove();
        return std::nullopt;
    }
    // Agents' files are as private as the rest of the data folder, whatever the umask.
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    body.setPermissions(ownerOnly);
    sidecar.setPermissions(ownerOnly);
    m_entries.insert(stored.id, Entry{agentId, stored.size, createdAt});
    m_quota.added(agentId, stored.size);
    if (!declaredMimeType.isEmpty() && stored.mimeType != ContentSniffer::normalized(declaredMimeType))
        qCInfo(lcAgents) << "upload" << stored.id << "declared" << declaredMimeType.left(100)
                         << "does not match its content: stored as" << stored.mimeType;
    return stored;
}

std::optional<UploadStore::Upload> UploadStore::load(const QString &id) const
{
    if (!isUploadId(id))
        return std::nullopt;
    QFile body(path(id));
    QFile sidecar(path(id) + QStringLiteral(".json"));
    if (!body.open(QIODevice::ReadOnly) || !sidecar.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject meta = QJsonDocument::fromJson(sidecar.readAll()).object();
    // Names are made safe when stored; cleaning again costs nothing and covers
    // uploads kept from before that.
    return Upload{id, meta.value(QStringLiteral("agent_id")).toInteger(),
                  meta.value(QStringLiteral("mime_type")).toString(),
                  FileNameSanitizer::clean(meta.value(QStringLiteral("name")).toString()), body.readAll()};
}

void UploadStore::remove(const QString &id)
{
    if (!isUploadId(id))
        return;
    QFile::remove(path(id));
    QFile::remove(path(id) + QStringLiteral(".json"));
    if (const auto it = m_entries.constFind(id); it != m_entries.constEnd()) {
        m_quota.removed(it->agentId, it->size);
        m_entries.erase(it);
    }
}

int UploadStore::removeOlderThan(qint64 cutoffMs)
{
    QStringList expired;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        if (it->createdAt < cutoffMs)
            expired.append(it.key());
    for (const QString &id : std::as_const(expired))
        remove(id);
    int removed = int(expired.size());
    // Files no upload owns (a save cut short by a crash), once as old as an upload would be.
    const qint64 strayCutoff = cutoffMs - (m_clock.nowMs() - QDateTime::currentMSecsSinceEpoch());
    const QFileInfoList files = QDir(m_dir).entryInfoList(QDir::Files | QDir::Hidden);
    for (const QFileInfo &file : files) {
        const QString id = file.fileName().section(QLatin1Char('.'), 0, 0);
        if (m_entries.contains(id) || file.lastModified().toMSecsSinceEpoch() >= strayCutoff)
            continue;
        if (QFile::remove(file.filePath()))
            ++removed;
    }
    return removed;
}

} // namespace Relaydesk::Relay
