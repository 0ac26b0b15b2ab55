#include "cannedresponse.h"

#include "cannedplaceholders.h"
#include "protocol.h"

namespace Relaydesk {

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
}

QJsonObject CannedResponse::toJson() const
{
    return {{key("id"), id},
            {key("shortcode"), shortcode},
            {key("title"), title},
            {key("text"), text},
            {key("created_by"), createdBy},
            {key("created_at"), createdAt},
            {key("updated_by"), updatedBy},
            {key("updated_at"), updatedAt}};
}

CannedResponse CannedResponse::fromJson(const QJsonObject &json)
{
    CannedResponse r;
    r.id = json.value(key("id")).toInteger();
    r.shortcode = json.value(key("shortcode")).toString();
    r.title = json.value(key("title")).toString();
    r.text = json.value(key("text")).toString();
    r.createdBy = json.value(key("created_by")).toInteger();
    r.createdAt = json.value(key("created_at")).toInteger();
    r.updatedBy = json.value(key("updated_by")).toInteger();
    r.updatedAt = json.value(key("updated_at")).toInteger();
    return r;
}

bool CannedResponse::operator==(const CannedResponse &o) const
{
    return id == o.id && shortcode == o.shortcode && title == o.title && text == o.text && createdBy == o.createdBy
        && createdAt == o.createdAt && updatedBy == o.updatedBy && updatedAt == o.updatedAt;
}

QString CannedResponse::normalizedShortcode(const QString &shortcode)
{
    QString s = shortcode.trimmed().toLower();
    if (s.startsWith(QLatin1Char('/')))
        s.remove(0, 1);
    return s;
}

QString CannedResponse::validationError(const QString &shortcode, const QString &title, const QString &text,
                                        bool *tooLong)
{
    if (tooLong)
        *tooLong = false;
    if (shortcode.isEmpty() || shortcode.size() > MaxShortcodeLength)
        return QStringLiteral("the shortcode must have 1 to %1 characters").arg(MaxShortcodeLength);
    for (const QChar c : shortcode)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')) || c.isUpper())
            return QStringLiteral("the shortcode may hold only lower case letters, digits, '-' and '_'");
    if (title.trimmed().isEmpty() || title.size() > MaxTitleLength)
        return QStringLiteral("the title must have 1 to %1 characters").arg(MaxTitleLength);
    if (text.trimmed().isEmpty())
        return QStringLiteral("the text is empty");
    if (text.size() > Protocol::MaxTextLength) {
        if (tooLong)
            *tooLong = true;
        return QStringLiteral("the text is %1 characters; a reply may have %2").arg(text.size()).arg(Protocol::MaxTextLength);
    }
    const QString unknown = CannedPlaceholders::firstUnknown(text);
    if (!unknown.isEmpty())
        return QStringLiteral("unknown placeholder {{%1}}; known are %2")
            .arg(unknown.left(40), CannedPlaceholders::names().join(QStringLiteral(", ")));
    return {};
}

} // namespace Relaydesk
