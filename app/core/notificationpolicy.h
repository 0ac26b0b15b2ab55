#pragma once

#include "conversation.h"
#include "event.h"
#include "notification.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QQueue>
#include <QSet>

#include <optional>

namespace Relaydesk::App {

// Decides which applied events deserve a desktop notification, and keeps the total
// unread count for the tray. Pure logic: no timers, no widgets, the clock is passed in.
//
// A notification is shown for a `message.created` event of an incoming message, unless
//  - do-not-disturb is on, or the conversation is muted;
//  - that conversation is open and the window is active (the agent is reading it);
//  - the relay recorded it more than maxAge ago (default 5 minutes): a catch-up replay
//    after a night offline is history, not news;
//  - the same message was already announced (an event applied twice).
//
// Bursts, as desktops and messengers group them: the first notification after a quiet
// spell is shown at once and opens a burst window (default 2 s). What comes within it
// waits for the window's end and is then shown as one summary ("7 new conversations",
// the first names) that takes the place of what the burst showed; while messages keep
// coming the summary is brought up to date once per window. Several conversations in
// one batch (a reconnect catching up, customers writing at once) are a summary at once.
// Unread counts are taken from conversation events, which carry each conversation's
// full state; muted conversations still count as unread.
//
// A new customer's first message comes before their name: the relay asks Meta's User
// Profile API and sends the conversation again with the name a moment later. With a
// name wait set, such a notification is held until the name arrives (returned by the
// eventsApplied() that brings it) or the wait is over (takeOverdue(), with the stand-in
// "Customer 3526"), so the desktop does not announce a number the list replaces with a
// name a second later. A summary takes the names as they are when it is shown.
class NotificationPolicy
{
    Q_DECLARE_TR_FUNCTIONS(Relaydesk::App::NotificationPolicy)
public:
    static constexpr qint64 DefaultMaxAgeMs = 5 * 60 * 1000;
    static constexpr qint64 DefaultBurstWindowMs = 2000;
    static constexpr int MaxBodyLength = 120;

    void setOpenConversation(qint64 conversationId) { m_open = conversationId; } // 0: none
    void setWindowActive(bool active) { m_windowActive = active; }
    void setDoNotDisturb(bool on) { m_doNotDisturb = on; }
    bool doNotDisturb() const { return m_doNotDisturb; }
    void setMuted(const QSet<qint64> &conversationIds) { m_muted = conversationIds; }
    void setMuted(qint64 conversationId, bool muted);
    bool isMuted(qint64 conversationId) const { return m_muted.contains(conversationId); }
    void setMaxAge(qint64 ms) { m_maxAgeMs = ms; }
    void setBurstWindowMs(qint64 ms) { m_burstWindowMs = ms; } // 0: only a batch is a burst
    void setNameWaitMs(qint64 ms) { m_nameWaitMs = ms; } // 0 (default): no wait

    // Conversations as the cache holds them (start-up, a snapshot page): names and unread counts.
    void updateConversations(const QList<Relaydesk::Conversation> &conversations);
    // For SyncController::eventsApplied: learns from the batch and returns what to show,
    // oldest first. nowMs is the current time (ms since the epoch).
    QList<Notification> eventsApplied(const QList<Relaydesk::Event> &events, qint64 nowMs);
    // What is due at nowMs: held notifications whose name wait is over (with the
    // stand-in name), a burst's summary at the end of its window.
    QList<Notification> takeOverdue(qint64 nowMs);
    // When takeOverdue() next has something to give (ms since the epoch); 0: nothing waits.
    qint64 nextDeadline() const;

    int unreadTotal() const { return m_unreadTotal; }
    int unreadConversations() const { return int(m_unread.size()); }
    QString titleFor(qint64 conversationId) const;

private:
    void learn(const Relaydesk::Conversation &conversation);
    bool wants(const Relaydesk::Event &event, qint64 nowMs) const;
    bool silenced(qint64 conversationId) const;
    // Fresh notifications to the burst: shown now (a new burst) or at the window's end.
    QList<Notification> deliver(const QList<Notification> &fresh, qint64 nowMs);
    // The burst's summary if its window is over and it brought something new meanwhile.
    QList<Notification> closeBurst(qint64 nowMs);
    bool burstOpen(qint64 nowMs) const { return m_burst.until > nowMs; }
    // What the burst says now: its one notification, or a summary of the ones not silenced.
    std::optional<Notification> present() const;
    // Held notifications for which take(held) is true, named, unless silenced meanwhile.
    template<typename Take>
    QList<Notification> release(Take take);
    void remember(qint64 messageId);

    qint64 m_open = 0;
    bool m_windowActive = false;
    bool m_doNotDisturb = false;
    QSet<qint64> m_muted;
    qint64 m_maxAgeMs = DefaultMaxAgeMs;
    qint64 m_burstWindowMs = DefaultBurstWindowMs;
    qint64 m_nameWaitMs = 0;

    QHash<qint64, QString> m_titles;   // conversation id -> customer's display name
    QSet<qint64> m_named;              // conversations whose customer's profile is known
    struct Held
    {
        Notification notification;
        qint64 deadline = 0;
    };
    QList<Held> m_held;                // waiting for the customer's name, oldest first
    // Kept per conversation, not per message: a flood of hours stays as small as the inbox.
    struct Burst
    {
        qint64 until = 0;             // the window ends (ms since the epoch)
        QList<Notification> latest;   // each conversation's newest, in order of first arrival
        QHash<qint64, int> messages;  // per conversation
        QSet<qint64> unshown;         // conversations with messages since what is on screen
        QList<qint64> onScreen;       // conversations of its notifications on screen (0: summary)
    };
    Burst m_burst;
    QHash<qint64, int> m_unread;       // only conversations with unread messages
    int m_unreadTotal = 0;
    QSet<qint64> m_announced;          // message ids already notified, the newest few hundred
    QQueue<qint64> m_announcedOrder;
};

} // namespace Relaydesk::App
