#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace Relaydesk::App {

// One desktop notification to show. Clicking it opens conversationId; 0 stands for
// several conversations at once (a summary), which only brings up the window.
struct Notification
{
    Notification() = default;
    Notification(qint64 conversation, qint64 message, const QString &title, const QString &body,
                 const QList<qint64> &replaces = {})
        : conversationId(conversation), messageId(message), title(title), body(body), replaces(replaces)
    {
    }

    qint64 conversationId = 0;
    qint64 messageId = 0;   // the newest message it announces
    QString title;
    QString body;
    // Conversations (0: a summary) whose notifications, shown earlier in the same burst,
    // this one takes the place of on screen: a burst leaves one notification, not a pile.
    QList<qint64> replaces;

    bool operator==(const Notification &o) const
    {
        return conversationId == o.conversationId && messageId == o.messageId && title == o.title && body == o.body
            && replaces == o.replaces;
    }
};

} // namespace Relaydesk::App

Q_DECLARE_METATYPE(Relaydesk::App::Notification)
