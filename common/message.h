#pragma once

#include "attachment.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Relaydesk {

// A reaction a customer put on a message.
struct Reaction
{
    QString reaction; // Meta's name, e.g. "love"
    QString emoji;    // e.g. "\u2764\ufe0f"
    bool operator==(const Reaction &o) const { return reaction == o.reaction && emoji == o.emoji; }
};

// One message of a conversation, in either direction. The relay is the owner
// of these records; the app keeps a copy in its cache.
struct Message
{
    enum class Direction { Incoming, Outgoing };
    // Ordered: a status only ever moves forward, except to Failed and back to Pending (retry).
    enum class Status { Received, Pending, Sent, Delivered, Read, Failed };

    qint64 id = 0;              // relay-wide id
    qint64 conversationId = 0;
    QString mid;                // Meta's message id (empty until the Send API answers)
    Direction direction = Direction::Incoming;
    QString kind = QStringLiteral("text"); // "text", "postback", "attachments"
    QString text;
    QList<Attachment> attachments;
    qint64 timestamp = 0;       // ms since epoch, Meta's event time; conversations are ordered by it
    Status status = Status::Received;
    QString clientId;           // set by the app on replies: idempotency and optimistic matching
    qint64 agentId = 0;         // agent who wrote an outgoing reply (0: another tool or the Page inbox)
    QString source;             // "relaydesk" for our replies, "page" for echoes of other tools
    QString replyToMid;
    QString quickReplyPayload;
    QString postbackPayload;
    int editCount = 0;
    QList<Reaction> reactions;
    int errorCode = 0;
    int errorSubcode = 0;
    QString errorMessage;

    QJsonObject toJson() const;
    static Message fromJson(const QJsonObject &json);
    bool operator==(const Message &other) const;

    static QString statusName(Status status);
    static Status statusFromName(const QString &name);
    static QString directionName(Direction direction);
    static Direction directionFromName(const QString &name);
};

} // namespace Relaydesk
