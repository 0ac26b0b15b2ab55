#include "attachment.h"

namespace Relaydesk {

QJsonObject Attachment::toJson() const
{
    QJsonObject o{{QStringLiteral("type"), type}, {QStringLiteral("url"), url}};
    if (!title.isEmpty())
        o.insert(QStringLiteral("title"), title);
    if (!stickerId.isEmpty())
        o.insert(QStringLiteral("sticker_id"), stickerId);
    if (!name.isEmpty())
        o.insert(QStringLiteral("name"), name);
    return o;
}

Attachment Attachment::fromJson(const QJsonObject &json)
{
    Attachment a;
    a.type = json.value(QStringLiteral("type")).toString();
    a.url = json.value(QStringLiteral("url")).toString();
    a.title = json.value(QStringLiteral("title")).toString();
    a.stickerId = json.value(QStringLiteral("sticker_id")).toString();
    a.name = json.value(QStringLiteral("name")).toString();
    return a;
}

bool Attachment::operator==(const Attachment &other) const
{
    return type == other.type && url == other.url && title == other.title
        && stickerId == other.stickerId && name == other.name;
}

QJsonArray attachmentsToJson(const QList<Attachment> &attachments)
{
    QJsonArray array;
    for (const Attachment &a : attachments)
        array.append(a.toJson());
    return array;
}

QList<Attachment> attachmentsFromJson(const QJsonArray &json)
{
    QList<Attachment> list;
    list.reserve(json.size());
    for (const QJsonValue &v : json)
        list.append(Attachment::fromJson(v.toObject()));
    return list;
}

} // namespace Relaydesk
