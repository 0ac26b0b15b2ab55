#include "event.h"

#include "protocol.h"

namespace Relaydesk {

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
}

QJsonObject Event::toFrame() const
{
    QJsonObject frame{{key("type"), QString(Protocol::RelayFrame::Event)},
                      {key("seq"), seq},
                      {key("event"), kind},
                      {key("page_id"), pageId},
                      {key("conversation_id"), conversationId},
                      {key("at"), createdAt},
                      {key("data"), data}};
    if (agentId != 0)
        frame.insert(key("agent_id"), agentId);
    return frame;
}

Event Event::fromFrame(const QJsonObject &frame)
{
    Event e;
    e.seq = frame.value(key("seq")).toInteger();
    e.kind = frame.value(key("event")).toString();
    e.pageId = frame.value(key("page_id")).toString();
    e.conversationId = frame.value(key("conversation_id")).toInteger();
    e.createdAt = frame.value(key("at")).toInteger();
    e.agentId = frame.value(key("agent_id")).toInteger();
    e.data = frame.value(key("data")).toObject();
    return e;
}

bool Event::hasMessage() const { return data.contains(key("message")); }
Message Event::message() const { return Message::fromJson(data.value(key("message")).toObject()); }
bool Event::hasConversation() const { return data.contains(key("conversation")); }
Conversation Event::conversation() const
{
    return Conversation::fromJson(data.value(key("conversation")).toObject());
}

bool Event::hasCannedResponse() const { return data.contains(key("canned_response")); }
CannedResponse Event::cannedResponse() const
{
    return CannedResponse::fromJson(data.value(key("canned_response")).toObject());
}

bool Event::hasNote() const { return data.contains(key("note")); }
Note Event::note() const { return Note::fromJson(data.value(key("note")).toObject()); }

Event Event::forMessage(const QString &kind, const QString &pageId, const Message &message)
{
    Event e;
    e.kind = kind;
    e.pageId = pageId;
    e.conversationId = message.conversationId;
    e.data.insert(key("message"), message.toJson());
    return e;
}

Event Event::forConversation(const QString &kind, const Conversation &conversation)
{
    Event e;
    e.kind = kind;
    e.pageId = conversation.pageId;
    e.conversationId = conversation.id;
    e.data.insert(key("conversation"), conversation.toJson());
    return e;
}

Event Event::forNote(const QString &kind, const QString &pageId, const Note &note)
{
    Event e;
    e.kind = kind;
    e.pageId = pageId;
    e.conversationId = note.conversationId;
    e.data.insert(key("note"), note.toJson());
    return e;
}

Event Event::forCannedResponse(const QString &kind, const CannedResponse &response)
{
    Event e;
    e.kind = kind;
    e.data.insert(key("canned_response"), response.toJson());
    return e;
}

} // namespace Relaydesk
