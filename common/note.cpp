#include "note.h"

#include <QJsonArray>

namespace Relaydesk {

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
}

QJsonObject Note::toJson() const
{
    QJsonArray ids;
    for (const qint64 id : mentions)
        ids.append(id);
    QJsonObject json{{key("id"), id},
                     {key("conversation_id"), conversationId},
                     {key("agent_id"), agentId},
                     {key("text"), text},
                     {key("created_at"), createdAt},
                     {key("mentions"), ids}};
    if (!clientId.isEmpty())
        json.insert(key("client_id"), clientId);
    return json;
}

Note Note::fromJson(const QJsonObject &json)
{
    Note n;
    n.id = json.value(key("id")).toInteger();
    n.conversationId = json.value(key("conversation_id")).toInteger();
    n.agentId = json.value(key("agent_id")).toInteger();
    n.text = json.value(key("text")).toString();
    n.clientId = json.value(key("client_id")).toString();
    n.createdAt = json.value(key("created_at")).toInteger();
    const QJsonArray ids = json.value(key("mentions")).toArray();
    for (const QJsonValue &v : ids)
        n.mentions.append(v.toInteger());
    return n;
}

bool Note::operator==(const Note &o) const
{
    return id == o.id && conversationId == o.conversationId && agentId == o.agentId && text == o.text
        && clientId == o.clientId && createdAt == o.createdAt && mentions == o.mentions;
}

} // namespace Relaydesk
