#pragma once

#include <QMetaType>
#include <QString>

namespace Relaydesk::App {

// One desktop notification to show. Clicking it opens conversationId; 0 stands for
// several conversations at once (a summary), which only brings up the window.
struct Notification
{
    qint64 conversationId = 0;
    qint64 messageId = 0;   // the newest message it announces
    QString title;
    QString body;

    bool operator==(const Notification &o) const
    {
        return conversationId == o.conversationId && messageId == o.messageId && title == o.title && body == o.body;
    }
};

} // namespace Relaydesk::App

Q_DECLARE_METATYPE(Relaydesk::App::Notification)
