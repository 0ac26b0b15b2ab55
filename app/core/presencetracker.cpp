#include "presencetracker.h"

#include <QStringList>

#include <algorithm>
#include <limits>

namespace Relaydesk::App {

PresenceTracker::PresenceTracker(QObject *parent)
    : QObject(parent)
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] { expire(QDateTime::currentMSecsSinceEpoch()); });
}

void PresenceTracker::updatePresence(qint64 conversationId, qint64 agentId, const QString &agentName, const QString &state)
{
    if (agentId == m_self)
        return; // our own other window: not a colleague
    QList<Entry> &entries = m_byConversation[conversationId];
    entries.removeIf([agentId](const Entry &e) { return e.agentId == agentId; });
    if (state == QLatin1String("typing") || state == QLatin1String("viewing")) {
        const bool typing = state == QLatin1String("typing");
        const qint64 lifetime = typing ? TypingLifetimeMs : ViewingLifetimeMs;
        entries.append({agentId, agentName, typing, QDateTime::currentMSecsSinceEpoch() + lifetime});
    }
    if (entries.isEmpty())
        m_byConversation.remove(conversationId);
    scheduleExpiry();
    emit presenceChanged(conversationId);
}

void PresenceTracker::clear()
{
    const QList<qint64> conversations = m_byConversation.keys();
    m_byConversation.clear();
    m_expiryTimer.stop();
    for (qint64 id : conversations)
        emit presenceChanged(id);
}

void PresenceTracker::expire(qint64 nowMs)
{
    QList<qint64> changed;
    for (auto it = m_byConversation.begin(); it != m_byConversation.end();) {
        if (it->removeIf([nowMs](const Entry &e) { return e.expiresAt <= nowMs; }) > 0)
            changed.append(it.key());
        it = it->isEmpty() ? m_byConversation.erase(it) : std::next(it);
    }
    scheduleExpiry();
    for (qint64 id : std::as_const(changed))
        emit presenceChanged(id);
}

void PresenceTracker::scheduleExpiry()
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const QList<Entry> &entries : std::as_const(m_byConversation))
        for (const Entry &e : entries)
            next = std::min(next, e.expiresAt);
    if (next == std::numeric_limits<qint64>::max()) {
        m_expiryTimer.stop();
        return;
    }
    m_expiryTimer.start(int(std::clamp<qint64>(next - QDateTime::currentMSecsSinceEpoch() + 1, 0, ViewingLifetimeMs)));
}

QList<PresenceTracker::Entry> PresenceTracker::colleaguesIn(qint64 conversationId) const
{
    QList<Entry> entries = m_byConversation.value(conversationId);
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.typing && !b.typing; });
    return entries;
}

QString PresenceTracker::describe(qint64 conversationId) const
{
    QStringList typing;
    QStringList viewing;
    for (const Entry &e : colleaguesIn(conversationId))
        (e.typing ? typing : viewing).append(e.agentName);
    const auto names = [](const QStringList &list) {
        return list.size() == 1 ? list.first() : tr("%1 and %2").arg(list.mid(0, list.size() - 1).join(QStringLiteral(", ")), list.last());
    };
    if (!typing.isEmpty())
        return typing.size() == 1 ? tr("%1 is typing…").arg(names(typing)) : tr("%1 are typing…").arg(names(typing));
    if (!viewing.isEmpty())
        return viewing.size() == 1 ? tr("%1 is viewing").arg(names(viewing)) : tr("%1 are viewing").arg(names(viewing));
    return {};
}

} // namespace Relaydesk::App
