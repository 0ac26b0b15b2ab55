#pragma once

#include "inboundevent.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Relaydesk::Messenger {

// Turns the body of a Messenger webhook POST into InboundEvents.
class WebhookParser
{
public:
    struct Result
    {
        bool ok = false;          // false: malformed JSON or not the shape Meta sends (answer 400)
        QString error;            // why, for the 400 body and the log (never echoes the body)
        bool isPage = false;      // object == "page"; anything else is acknowledged and ignored
        QList<InboundEvent> events;
    };

    static Result parse(QByteArrayView body);
};

} // namespace Relaydesk::Messenger
