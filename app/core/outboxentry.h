#pragma once

#include <QString>

namespace Relaydesk::App {

// A reply written in the app that the relay has not acknowledged yet.
struct OutboxEntry
{
    QString clientId;        // idempotency key of send_message
    qint64 conversationId = 0;
    QString text;
    qint64 createdAt = 0;    // ms
    bool sent = false;       // handed to the relay and acknowledged, its message not seen yet
};

} // namespace Relaydesk::App
