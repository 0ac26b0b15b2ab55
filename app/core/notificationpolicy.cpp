#include "notificationpolicy.h"

#include "appcorelogging.h"
#include "attachmentkind.h"
#include "protocol.h"

#include <utility>

namespace Relaydesk::App {

namespace {
constexpr int AnnouncedMemory = 500;
constexpr int NamesInSummary = 3;
}

void NotificationPolicy::setMuted(qint64 conversationId, bool muted)
{
    if (muted)
        m_muted.insert(conversationId);
    else
        m_muted.remove(conversationId);
}

void NotificationPolicy::updateConversations(const QList<Conversation> &conversations)
{
    for (const Conversation &c : conversations)
        learn(c);
}

void NotificationPolicy::learn(const Conversation &conversation)
{
    m_titles.insert(conversation.id, conversation.customer.displayName());
    if (conversation.customer.name.isEmpty())
        m_named.remove(conversation.id);
    else
        m_named.insert(conversation.id);
    const int before = m_unread.value(conversation.id, 0);
    const int now = qMax(0, conversation.unreadCount);
    m_unreadTotal += now - before;
    if (now > 0)
        m_unread.insert(conversation.id, now);
    else
        m_unread.remove(conversation.id);
}

QString NotificationPolicy::titleFor(qint64 conversationId) const
{
    const QString title = m_titles.value(conversationId);
    return title.isEmpty() ? tr("New message") : title;
}

template<typename Take>
QList<Notification> NotificationPolicy::release(Take take)
{
    QList<Notification> released;
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (!take(*it)) {
            ++it;
            continue;
        }
        Notification n = it->notification;
        it = m_held.erase(it);
        // Silenced while it waited: do not disturb, muted, or the agent opened it.
        const qint64 id = n.conversationId;
        if (m_doNotDisturb || m_muted.contains(id) || (m_windowActive && m_open == id))
            continue;
        n.title = titleFor(id);
        released.append(n);
    }
    return released;
}

bool NotificationPolicy::wants(const Event &event, qint64 nowMs) const
{
    if (event.kind != Protocol::EventKind::MessageCreated || !event.hasMessage())
        return false;
    if (m_doNotDisturb || m_muted.contains(event.conversationId))
        return false;
    if (m_windowActive && m_open == event.conversationId)
        return false;
    if (event.createdAt > 0 && nowMs - event.createdAt > m_maxAgeMs)
        return false;
    return true;
}

QList<Notification> NotificationPolicy::eventsApplied(const QList<Event> &events, qint64 nowMs)
{
    // Conversation events first: the batch that brings a message also brings its
    // conversation (with the customer's name), usually after it.
    for (const Event &e : events)
        if (e.hasConversation())
            learn(e.conversation());

    // Held for a name that this batch brought.
    QList<Notification> ready = release([this](const Held &h) { return m_named.contains(h.notification.conversationId); });

    QList<Notification> shown;
    for (const Event &e : events) {
        if (!wants(e, nowMs))
            continue;
        const Message message = e.message();
        if (message.direction != Message::Direction::Incoming || m_announced.contains(message.id))
            continue;
        remember(message.id);
        QString body = AttachmentKind::preview(message);
        if (body.size() > MaxBodyLength)
            body = body.left(MaxBodyLength - 1) + QChar(0x2026);
        shown.append({e.conversationId, message.id, titleFor(e.conversationId), body});
    }
    if (shown.size() > m_maxPerBatch && m_maxPerBatch > 0) {
        qCDebug(lcNotify) << shown.size() << "new messages in one batch: one summary";
        ready.append(summary(shown));
        return ready;
    }
    for (const Notification &n : std::as_const(shown)) {
        if (m_nameWaitMs > 0 && !m_named.contains(n.conversationId))
            m_held.append({n, nowMs + m_nameWaitMs});
        else
            ready.append(n);
    }
    return ready;
}

QList<Notification> NotificationPolicy::takeOverdue(qint64 nowMs)
{
    return release([nowMs](const Held &h) { return h.deadline <= nowMs; });
}

qint64 NotificationPolicy::nextDeadline() const
{
    qint64 next = 0;
    for (const Held &h : m_held)
        if (next == 0 || h.deadline < next)
            next = h.deadline;
    return next;
}

Notification NotificationPolicy::summary(const QList<Notification> &notifications) const
{
    QList<qint64> conversations;
    QStringList names;
    for (const Notification &n : notifications) {
        if (conversations.contains(n.conversationId))
            continue;
        conversations.append(n.conversationId);
        names.append(n.title);
    }
    const int count = int(notifications.size());
    Notification s;
    s.messageId = notifications.last().messageId;
    if (conversations.size() == 1) {
        s.conversationId = conversations.first();
        s.title = names.first();
        s.body = tr("%n new messages", nullptr, count);
        return s;
    }
    s.title = tr("%n new messages", nullptr, count);
    const int others = int(names.size()) - NamesInSummary;
    if (others > 0)
        s.body = tr("From %1 and %n others", nullptr, others).arg(names.mid(0, NamesInSummary).join(QStringLiteral(", ")));
    else
        s.body = tr("From %1").arg(names.join(QStringLiteral(", ")));
    return s;
}

void NotificationPolicy::remember(qint64 messageId)
{
    m_announced.insert(messageId);
    m_announcedOrder.enqueue(messageId);
    while (m_announcedOrder.size() > AnnouncedMemory)
        m_announced.remove(m_announcedOrder.dequeue());
}

} // namespace Relaydesk::App
