#include "message.h"

#include <QJsonArray>

namespace Relaydesk {

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }

struct StatusName { Message::Status status; const char *name; };
constexpr StatusName kStatusNames[] = {
    {Message::Status::Received, "received"}, {Message::Status::Pending, "pending"},
    {Message::Status::Sent, "sent"},         {Message::Status::Delivered, "delivered"},
    {Message::Status::Read, "read"},         {Message::Status::Failed, "failed"},
};
} // namespace

QString Message::statusName(Status status)
{
    for (const auto &s : kStatusNames)
        if (s.status == status)
            return QString::fromLatin1(s.name);
    return QStringLiteral("received");
}

Message::Status Message::statusFromName(const QString &name)
{
    for (const auto &s : kStatusNames)
        if (name == QLatin1String(s.name))
            return s.status;
    return Status::Received;
}

QString Message::directionName(Direction direction)
{
    return direction == Direction::Outgoing ? QStringLiteral("out") : QStringLiteral("in");
}

Message::Direction Message::directionFromName(const QString &name)
{
    return name == QLatin1String("out") ? Direction::Outgoing : Direction::Incoming;
}

QJsonObject Message::toJson() const
{
    QJsonObject o;
    o.insert(key("id"), id);
    o.insert(key("conversation_id"), conversationId);
    o.insert(key("mid"), mid);
    o.insert(key("direction"), directionName(direction));
    o.insert(key("kind"), kind);
    o.insert(key("text"), text);
    if (!attachments.isEmpty())
        o.insert(key("attachments"), attachmentsToJson(attachments));
    o.insert(key("timestamp"), timestamp);
    o.insert(key("status"), statusName(status));
    if (!clientId.isEmpty())
        o.insert(key("client_id"), clientId);
    if (agentId != 0)
        o.insert(key("agent_id"), agentId);
    if (!source.isEmpty())
        o.insert(key("source"), source);
    if (!replyToMid.isEmpty())
        o.insert(key("reply_to_mid"), replyToMid);
    if (!quickReplyPayload.isEmpty())
        o.insert(key("quick_reply_payload"), quickReplyPayload);
    if (!postbackPayload.isEmpty())
        o.insert(key("postback_payload"), postbackPayload);
    if (editCount > 0)
        o.insert(key("edit_count"), editCount);
    if (!reactions.isEmpty()) {
        QJsonArray r;
        for (const Reaction &reaction : reactions)
            r.append(QJsonObject{{key("reaction"), reaction.reaction}, {key("emoji"), reaction.emoji}});
        o.insert(key("reactions"), r);
    }
    if (status == Status::Failed || errorCode != 0) {
        o.insert(key("error"), QJsonObject{{key("code"), errorCode},
                                          {key("subcode"), errorSubcode},
                                          {key("message"), errorMessage}});
    }
    return o;
}

Message Message::fromJson(const QJsonObject &o)
{
    Message m;
    m.id = o.value(key("id")).toInteger();
    m.conversationId = o.value(key("conversation_id")).toInteger();
    m.mid = o.value(key("mid")).toString();
    m.direction = directionFromName(o.value(key("direction")).toString());
    m.kind = o.value(key("kind")).toString(QStringLiteral("text"));
    m.text = o.value(key("text")).toString();
    m.attachments = attachmentsFromJson(o.value(key("attachments")).toArray());
    m.timestamp = o.value(key("timestamp")).toInteger();
    m.status = statusFromName(o.value(key("status")).toString());
    m.clientId = o.value(key("client_id")).toString();
    m.agentId = o.value(key("agent_id")).toInteger();
    m.source = o.value(key("source")).toString();
    m.replyToMid = o.value(key("reply_to_mid")).toString();
    m.quickReplyPayload = o.value(key("quick_reply_payload")).toString();
    m.postbackPayload = o.value(key("postback_payload")).toString();
    m.editCount = o.value(key("edit_count")).toInt();
    const QJsonArray reactions = o.value(key("reactions")).toArray();
    for (const QJsonValue &v : reactions) {
        const QJsonObject r = v.toObject();
        m.reactions.append({r.value(key("reaction")).toString(), r.value(key("emoji")).toString()});
    }
    const QJsonObject error = o.value(key("error")).toObject();
    m.errorCode = error.value(key("code")).toInt();
    m.errorSubcode = error.value(key("subcode")).toInt();
    m.errorMessage = error.value(key("message")).toString();
    return m;
}

bool Message::operator==(const Message &o) const
{
    return id == o.id && conversationId == o.conversationId && mid == o.mid && direction == o.direction
        && kind == o.kind && text == o.text && attachments == o.attachments && timestamp == o.timestamp
        && status == o.status && clientId == o.clientId && agentId == o.agentId && source == o.source
        && replyToMid == o.replyToMid && quickReplyPayload == o.quickReplyPayload
        && postbackPayload == o.postbackPayload && editCount == o.editCount && reactions == o.reactions
        && errorCode == o.errorCode && errorSubcode == o.errorSubcode && errorMessage == o.errorMessage;
}

} // namespace Relaydesk
