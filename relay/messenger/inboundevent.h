#pragma once

#include "attachment.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Relaydesk::Messenger {

// One event of a Messenger webhook POST, normalised: what the relay needs from
// each "messaging" (or "standby") item, plus the item's raw JSON.
struct InboundEvent
{
    enum class Kind { Message, Echo, Delivery, Read, Postback, Reaction, Unreaction, Edit, Unknown };

    Kind kind = Kind::Unknown;
    QString pageId;        // entry[].id
    QString customerPsid;  // sender for customer events, recipient for echoes
    qint64 timestamp = 0;  // ms, the event's own "timestamp"
    bool standby = false;  // came in entry[].standby[] (another app owns the thread)

    // Message, Echo, Postback
    QString mid;
    QString text;
    QList<Attachment> attachments;
    QString quickReplyPayload;
    QString replyToMid;
    // Echo only
    QString metadata;      // our client id comes back here
    QString appId;
    // Delivery, Read
    QStringList mids;      // delivery only, optional
    qint64 watermark = 0;
    // Postback
    QString postbackTitle;
    QString postbackPayload;
    // Reaction, Unreaction, Edit: the message acted on
    QString targetMid;
    QString reaction;      // e.g. "love"
    QString emoji;
    int editCount = 0;     // Edit: num_edit

    QString unknownKind;   // Unknown: the first key that is not sender/recipient/timestamp
    QByteArray raw;        // compact JSON of the messaging item, kept for Unknown and audits
};

} // namespace Relaydesk::Messenger
