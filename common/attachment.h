#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Relaydesk {

// One attachment of a message, as Messenger describes it (image, audio, video,
// file, fallback link, sticker). URLs are Meta's CDN URLs and may expire.
struct Attachment
{
    QString type;      // "image", "audio", "video", "file", "fallback", "template", ...
    QString url;
    QString title;     // fallback links
    QString stickerId; // set for stickers (images with a sticker_id)
    QString name;      // file name, for attachments an agent uploaded

    QJsonObject toJson() const;
    static Attachment fromJson(const QJsonObject &json);
    bool operator==(const Attachment &other) const;
};

QJsonArray attachmentsToJson(const QList<Attachment> &attachments);
QList<Attachment> attachmentsFromJson(const QJsonArray &json);

} // namespace Relaydesk
