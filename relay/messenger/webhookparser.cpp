#include "webhookparser.h"

#include "messengerlogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <optional>

namespace Relaydesk::Messenger {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// Meta sends ids as strings, but some (app_id, sticker_id, older page ids) as
// numbers. Integers are taken exactly (QJsonValue keeps them as qint64).
QString idString(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        constexpr qint64 notAnInteger = -1;
        const qint64 n = value.toInteger(notAnInteger);
        if (n >= 0)
            return QString::number(n);
    }
    return {};
}

// Epoch milliseconds; accepts a number or a string of digits.
std::optional<qint64> millis(const QJsonValue &value)
{
    if (value.isDouble()) {
        const qint64 n = value.toInteger(-1);
        if (n >= 0)
            return n;
    } else if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().toLongLong(&ok);
        if (ok && n >= 0)
            return n;
    }
    return std::nullopt;
}

QList<Attachment> parseAttachments(const QJsonArray &array, const QString &messageStickerId)
{
    QList<Attachment> list;
    list.reserve(array.size());
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        const QJsonObject payload = o.value(key("payload")).toObject();
        Attachment a;
        a.type = o.value(key("type")).toString();
        // Current payloads carry url/title in "payload"; older fallback
        // attachments carried them beside "type".
        a.url = payload.value(key("url")).toString(o.value(key("url")).toString());
        a.title = payload.value(key("title")).toString(o.value(key("title")).toString());
        a.stickerId = idString(payload.value(key("sticker_id")));
        if (a.stickerId.isEmpty() && a.type == QLatin1String("image"))
            a.stickerId = messageStickerId;
        list.append(a);
    }
    return list;
}

void parseMessage(const QJsonObject &message, InboundEvent &event)
{
    event.mid = message.value(key("mid")).toString();
    event.text = message.value(key("text")).toString();
    event.attachments = parseAttachments(message.value(key("attachments")).toArray(),
                                         idString(message.value(key("sticker_id"))));
    event.quickReplyPayload = message.value(key("quick_reply")).toObject().value(key("payload")).toString();
    event.replyToMid = message.value(key("reply_to")).toObject().value(key("mid")).toString();
    event.metadata = message.value(key("metadata")).toString();
    event.appId = idString(message.value(key("app_id")));
}

struct ItemError
{
    QString text;
};

// Fills one event from a "messaging" or "standby" item; returns an error text
// (never quoting the body) when a known kind lacks what the relay relies on.
std::optional<ItemError> parseItem(const QJsonObject &item, InboundEvent &event)
{
    event.raw = QJsonDocument(item).toJson(QJsonDocument::Compact);
    const QString senderId = idString(item.value(key("sender")).toObject().value(key("id")));
    const QString recipientId = idString(item.value(key("recipient")).toObject().value(key("id")));
    const std::optional<qint64> timestamp = millis(item.value(key("timestamp")));
    event.timestamp = timestamp.value_or(0);
    event.customerPsid = senderId;

    // Which kind: the first of the keys we know, in a fixed order.
    static const char *const known[] = { "message", "message_edit", "delivery", "read", "postback", "reaction" };
    QString kindKey;
    for (const char *k : known) {
        if (item.contains(key(k))) {
            kindKey = key(k);
            break;
        }
    }
    if (kindKey.isEmpty()) {
        // Accept and keep what we do not understand; Meta adds kinds over time.
        event.kind = InboundEvent::Kind::Unknown;
        for (auto it = item.constBegin(); it != item.constEnd(); ++it) {
            const QString k = it.key();
            if (k != QLatin1String("sender") && k != QLatin1String("recipient") && k != QLatin1String("timestamp")) {
                event.unknownKind = k;
                break;
            }
        }
        return std::nullopt;
    }

    if (senderId.isEmpty() || recipientId.isEmpty())
        return ItemError{ QStringLiteral("%1 event without sender or recipient id").arg(kindKey) };
    if (!timestamp)
        return ItemError{ QStringLiteral("%1 event without timestamp").arg(kindKey) };
    const QJsonValue value = item.value(kindKey);
    if (!value.isObject())
        return ItemError{ QStringLiteral("%1 is not an object").arg(kindKey) };
    const QJsonObject body = value.toObject();

    if (kindKey == QLatin1String("message")) {
        const bool echo = body.value(key("is_echo")).toBool();
        event.kind = echo ? InboundEvent::Kind::Echo : InboundEvent::Kind::Message;
        // An echo is the Page writing to the customer: the customer is the recipient.
        if (echo)
            event.customerPsid = recipientId;
        parseMessage(body, event);
    } else if (kindKey == QLatin1String("message_edit")) {
        // The edit carries the edited message's mid; it goes to targetMid only,
        // so deduplication by mid cannot mistake the edit for the original.
        event.kind = InboundEvent::Kind::Edit;
        event.targetMid = body.value(key("mid")).toString();
        event.text = body.value(key("text")).toString();
        event.editCount = body.value(key("num_edit")).toInt();
    } else if (kindKey == QLatin1String("delivery") || kindKey == QLatin1String("read")) {
        event.kind = kindKey == QLatin1String("read") ? InboundEvent::Kind::Read : InboundEvent::Kind::Delivery;
        event.watermark = millis(body.value(key("watermark"))).value_or(0);
        const QJsonArray mids = body.value(key("mids")).toArray();
        for (const QJsonValue &m : mids) {
            if (m.isString())
                event.mids.append(m.toString());
        }
    } else if (kindKey == QLatin1String("postback")) {
        event.kind = InboundEvent::Kind::Postback;
        event.mid = body.value(key("mid")).toString();
        event.postbackTitle = body.value(key("title")).toString();
        event.postbackPayload = body.value(key("payload")).toString();
    } else { // reaction
        const bool unreact = body.value(key("action")).toString() == QLatin1String("unreact");
        event.kind = unreact ? InboundEvent::Kind::Unreaction : InboundEvent::Kind::Reaction;
        event.targetMid = body.value(key("mid")).toString();
        event.reaction = body.value(key("reaction")).toString();
        event.emoji = body.value(key("emoji")).toString();
    }
    return std::nullopt;
}

WebhookParser::Result failure(const QString &error)
{
    WebhookParser::Result result;
    result.error = error;
    qCInfo(lcMessenger) << "webhook body rejected:" << error;
    return result;
}

} // namespace

WebhookParser::Result WebhookParser::parse(QByteArrayView body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(QStringLiteral("malformed JSON at offset %1").arg(parseError.offset));
    if (!doc.isObject())
        return failure(QStringLiteral("top level is not an object"));
    const QJsonObject root = doc.object();

    const QJsonValue object = root.value(key("object"));
    if (!object.isString())
        return failure(QStringLiteral("missing \"object\""));

    Result result;
    result.ok = true;
    if (object.toString() != QLatin1String("page")) {
        // Instagram, WhatsApp, ... subscriptions on the same app: not ours.
        return result;
    }
    result.isPage = true;

    const QJsonValue entries = root.value(key("entry"));
    if (!entries.isArray())
        return failure(QStringLiteral("\"entry\" is not an array"));

    const QJsonArray entryArray = entries.toArray();
    for (qsizetype e = 0; e < entryArray.size(); ++e) {
        const QJsonValue entryValue = entryArray.at(e);
        if (!entryValue.isObject())
            return failure(QStringLiteral("entry %1 is not an object").arg(e));
        const QJsonObject entry = entryValue.toObject();
        const QString pageId = idString(entry.value(key("id")));
        if (pageId.isEmpty())
            return failure(QStringLiteral("entry %1 has no page id").arg(e));

        // Events for threads another app owns come in "standby", parsed alike.
        for (const bool standby : { false, true }) {
            const QString listKey = standby ? key("standby") : key("messaging");
            const QJsonValue list = entry.value(listKey);
            if (list.isUndefined() || list.isNull())
                continue;
            if (!list.isArray())
                return failure(QStringLiteral("entry %1: \"%2\" is not an array").arg(e).arg(listKey));
            const QJsonArray items = list.toArray();
            for (qsizetype i = 0; i < items.size(); ++i) {
                const QJsonValue itemValue = items.at(i);
                if (!itemValue.isObject())
                    return failure(QStringLiteral("entry %1: %2 item %3 is not an object").arg(e).arg(listKey).arg(i));
                InboundEvent event;
                event.pageId = pageId;
                event.standby = standby;
                if (const std::optional<ItemError> error = parseItem(itemValue.toObject(), event))
                    return failure(QStringLiteral("entry %1: %2 item %3: %4").arg(e).arg(listKey).arg(i).arg(error->text));
                result.events.append(event);
            }
        }
    }
    return result;
}

} // namespace Relaydesk::Messenger
