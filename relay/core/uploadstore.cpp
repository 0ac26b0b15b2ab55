#include "uploadstore.h"

#include "contentsniffer.h"
#include "filenamesanitizer.h"
#include "relaylogging.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace Relaydesk::Relay {

UploadStore::UploadStore(const QString &dataDir) : m_dir(QDir(dataDir).filePath(QStringLiteral("uploads")))
{
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
                                                     const QString &rawName, const QByteArray &data)
{
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
    const QJsonObject meta{{QStringLiteral("agent_id"), agentId}, {QStringLiteral("mime_type"), stored.mimeType},
                           {QStringLiteral("name"), stored.name}};
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
    if (!declaredMimeType.isEmpty() && stored.mimeType != ContentSniffer::normalized(declaredMimeType))
        qCInfo(lcAgents) << "upload" << stored.id << "declared" << declaredMimeType.left(100)
                         << "does not match its content: stored as" << stored.mimeType;
    return stored;
}

std::optional<UploadStore::Upload> UploadStore::load(const QString &id) const
{
    // Ids are ours (hex); anything else could be a path trick.
    static const QRegularExpression valid(QStringLiteral("^[0-9a-f]{32}$"));
    if (!valid.match(id).hasMatch())
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
    QFile::remove(path(id));
    QFile::remove(path(id) + QStringLiteral(".json"));
}

} // namespace Relaydesk::Relay
