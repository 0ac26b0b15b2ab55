#include "notificationpolicy.h"

#include "appcorelogging.h"
#include "attachmentkind.h"
#include "protocol.h"

#include <algorithm>
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
        if (silenced(id))
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
    if (silenced(event.conversationId))
        return false;
    if (event.createdAt > 0 && nowMs - event.createdAt > m_maxAgeMs)
        return false;
    return true;
}

bool NotificationPolicy::silenced(qint64 conversationId) const
{
    return m_doNotDisturb || m_muted.contains(conversationId) || (m_windowActive && m_open == conversationId);
}

QList<Notification> NotificationPolicy::eventsApplied(const QList<Event> &events, qint64 nowMs)
{
    // Conversation events first: the batch that brings a message also brings its
    // conversation (with the customer's name), usually after it.
    for (const Event &e : events)
        if (e.hasConversation())
            learn(e.conversation());

    QList<Notification> out = closeBurst(nowMs);
    // Held for a name that this batch brought.
    QList<Notification> fresh = release([this](const Held &h) { return m_named.contains(h.notification.conversationId); });

    QList<Notification> incoming;
    QSet<qint64> conversations;
    for (const Notification &n : std::as_const(fresh))
        conversations.insert(n.conversationId);
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
        incoming.append({e.conversationId, message.id, titleFor(e.conversationId), body});
        conversations.insert(e.conversationId);
    }
    // Part of a summary anyway (which takes the names as they are by then): no name wait.
    const bool summed = burstOpen(nowMs) || conversations.size() > 1;
    for (const Notification &n : std::as_const(incoming)) {
        if (!summed && m_nameWaitMs > 0 && !m_named.contains(n.conversationId))
            m_held.append({n, nowMs + m_nameWaitMs});
        else
            fresh.append(n);
    }
    out += deliver(fresh, nowMs);
    return out;
}

QList<Notification> NotificationPolicy::takeOverdue(qint64 nowMs)
{
    QList<Notification> out = closeBurst(nowMs);
    out += deliver(release([nowMs](const Held &h) { return h.deadline <= nowMs; }), nowMs);
    return out;
}

qint64 NotificationPolicy::nextDeadline() const
{
    qint64 next = m_burst.unshown.isEmpty() ? 0 : m_burst.until;
    for (const Held &h : m_held)
        if (next == 0 || h.deadline < next)
            next = h.deadline;
    return next;
}

QList<Notification> NotificationPolicy::deliver(const QList<Notification> &fresh, qint64 nowMs)
{
    if (fresh.isEmpty())
        return {};
    const bool open = burstOpen(nowMs);
    if (!open)
        m_burst = Burst{};
    for (const Notification &n : fresh) {
        const qint64 id = n.conversationId;
        auto it = std::find_if(m_burst.latest.begin(), m_burst.latest.end(),
                               [id](const Notification &l) { return l.conversationId == id; });
        if (it == m_burst.latest.end())
            m_burst.latest.append(n);
        else
            *it = n;
        ++m_burst.messages[id];
        m_burst.unshown.insert(id);
    }
    if (open)
        return {}; // at the window's end, with whatever else comes meanwhile
    // A new burst: shown at once, and the window opens.
    m_burst.until = nowMs + m_burstWindowMs;
    const std::optional<Notification> n = present();
    m_burst.unshown.clear();
    if (!n)
        return {};
    m_burst.onScreen = {n->conversationId};
    return {*n};
}

QList<Notification> NotificationPolicy::closeBurst(qint64 nowMs)
{
    if (m_burst.until == 0 || burstOpen(nowMs))
        return {};
    bool news = false;
    for (const qint64 id : std::as_const(m_burst.unshown))
        news = news || !silenced(id);
    if (!news) {
        m_burst = Burst{}; // a whole window without news: the burst is over
        return {};
    }
    std::optional<Notification> n = present();
    m_burst.unshown.clear();
    m_burst.until = nowMs + m_burstWindowMs; // still going: the summary is renewed once per window
    if (!n)
        return {};
    n->replaces = m_burst.onScreen;
    m_burst.onScreen = {n->conversationId};
    qCDebug(lcNotify) << "a burst of" << m_burst.latest.size() << "conversations: one summary";
    return {*n};
}

std::optional<Notification> NotificationPolicy::present() const
{
    QList<Notification> latest;
    int count = 0;
    for (const Notification &n : m_burst.latest) {
        if (silenced(n.conversationId))
            continue; // the agent opened it meanwhile, or muted it
        latest.append(n);
        count += m_burst.messages.value(n.conversationId);
    }
    if (latest.isEmpty())
        return std::nullopt;
    Notification s;
    s.messageId = latest.last().messageId;
    if (latest.size() == 1) {
        s = latest.first();
        s.title = titleFor(s.conversationId);
        if (count > 1)
            s.body = tr("%n new messages", nullptr, count);
        return s;
    }
    QStringList names;
    for (const Notification &n : std::as_const(latest))
        names.append(titleFor(n.conversationId));
    s.title = tr("%n new conversations", nullptr, int(latest.size()));
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
