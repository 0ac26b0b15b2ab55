#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Relaydesk::Relay {

// Files agents upload to send as attachments, kept in <data>/uploads (owner-only)
// until the Send API has taken them.
class UploadStore
{
public:
    struct Upload { QString id; qint64 agentId = 0; QString mimeType; QString name; QByteArray data; };
    // What was stored: the type the content bears out and the name made safe.
    struct Stored { QString id; QString mimeType; QString name; qint64 size = 0; };

    static constexpr qint64 MaxBytes = 25 * 1024 * 1024; // Messenger's attachment limit

    explicit UploadStore(const QString &dataDir);
    // Stores an agent's file. The declared MIME type is checked against the content
    // (ContentSniffer: a media type the bytes do not bear out becomes a generic
    // file) and the name made safe (FileNameSanitizer). Nothing if it could not be written.
    std::optional<Stored> save(qint64 agentId, const QString &declaredMimeType, const QString &rawName,
                               const QByteArray &data);
    std::optional<Upload> load(const QString &id) const;
    void remove(const QString &id);
    // The attachment type Messenger wants for a MIME type: image, audio, video or file.
    static QString attachmentType(const QString &mimeType);
    static QString urlFor(const QString &id) { return QStringLiteral("relaydesk-upload:") + id; }
    static QString idFromUrl(const QString &url);

private:
    QString path(const QString &id) const;
    QString m_dir;
};

} // namespace Relaydesk::Relay
