#pragma once

#include "cannedresponse.h"
#include "conversation.h"
#include "message.h"
#include "note.h"

#include <QJsonObject>
#include <QString>

namespace Relaydesk {

// One entry of the relay's append-only event log. Every change agents must see is
// an Event with a relay-wide, gap-free, increasing sequence number; clients replay
// the log from the last seq they applied. "data" holds the full current state of
// the changed entity ({"message": …} or {"conversation": …}), so applying an event
// is an upsert and applying it twice is harmless.
struct Event
{
    qint64 seq = 0;
    QString kind;           // Protocol::EventKind
    QString pageId;         // used to filter what each agent may see
    qint64 conversationId = 0;
    qint64 createdAt = 0;   // ms, when the relay recorded it
    qint64 agentId = 0;     // agent whose command caused it (0: Meta or the relay)
    QJsonObject data;

    // The "event" frame sent to clients.
    QJsonObject toFrame() const;
    static Event fromFrame(const QJsonObject &frame);

    bool hasMessage() const;
    Message message() const;
    bool hasConversation() const;
    Conversation conversation() const;
    bool hasCannedResponse() const;
    CannedResponse cannedResponse() const;
    bool hasNote() const;
    Note note() const;

    static Event forMessage(const QString &kind, const QString &pageId, const Message &message);
    static Event forConversation(const QString &kind, const Conversation &conversation);
    // Team-wide: no page, no conversation.
    static Event forCannedResponse(const QString &kind, const CannedResponse &response);
    static Event forNote(const QString &kind, const QString &pageId, const Note &note);
};

} // namespace Relaydesk
