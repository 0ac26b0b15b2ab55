#pragma once

#include <QString>

namespace Relaydesk::App {

// A reply written in the app that the relay has not acknowledged yet.
struct OutboxEntry
{
    enum class State {
        Queued, // waiting to be sent (again, after a transient refusal or a lost connection)
        Sent,   // handed to the relay and acknowledged, its message not seen yet
        Failed, // refused for good (window closed, too long, ...): not sent again until retried
    };

    QString clientId;        // idempotency key of send_message
    qint64 conversationId = 0;
    QString text;
    qint64 createdAt = 0;    // ms
    State state = State::Queued;
    QString errorCode;       // the relay's refusal (Failed only), e.g. "window_closed"
    QString errorMessage;

    static QString stateName(State state);
    static State stateFromName(const QString &name);
};

inline QString OutboxEntry::stateName(State state)
{
    switch (state) {
    case State::Queued: return QStringLiteral("queued");
    case State::Sent: return QStringLiteral("sent");
    case State::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("queued");
}

inline OutboxEntry::State OutboxEntry::stateFromName(const QString &name)
{
    if (name == QLatin1String("sent"))
        return State::Sent;
    if (name == QLatin1String("failed"))
        return State::Failed;
    return State::Queued;
}

} // namespace Relaydesk::App
