#include "logfollower.h"

#include "changenotifier.h"
#include "relaylogging.h"
#include "store.h"

namespace Relaydesk::Relay {

namespace {
constexpr int kPageSize = 1000;
}

LogFollower::LogFollower(Store::Store &store, QObject *parent) : QObject(parent), m_store(store) {}

LogFollower::~LogFollower() = default;

void LogFollower::start(int pollIntervalMs)
{
    m_position = m_store.lastSeq();
    m_notifier = m_store.changeNotifier();
    if (!m_notifier)
        return; // only this relay writes: its own commits are the whole log
    connect(m_notifier.get(), &Store::ChangeNotifier::logAdvanced, this, [this](qint64 head) {
        if (head > m_position)
            catchUp();
    });
    connect(m_notifier.get(), &Store::ChangeNotifier::listeningResumed, this, &LogFollower::catchUp);
    m_notifier->ensureListening();
    m_poll.setInterval(pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &LogFollower::poll);
    m_poll.start();
}

void LogFollower::onLocalCommit(const QList<Event> &events)
{
    if (events.isEmpty())
        return;
    bool contiguous = events.first().seq == m_position + 1;
    for (qsizetype i = 1; contiguous && i < events.size(); ++i)
        contiguous = events[i].seq == events[i - 1].seq + 1;
    if (contiguous) {
        m_position = events.last().seq;
        emit eventsReady(events);
        return;
    }
    if (events.last().seq > m_position)
        catchUp(); // another relay committed in between: the log has the order
}

void LogFollower::catchUp()
{
    for (;;) {
        const QList<Event> events = m_store.eventsAfter(m_position, kPageSize);
        if (events.isEmpty())
            return;
        m_position = events.last().seq;
        emit eventsReady(events);
        if (events.size() < kPageSize)
            return;
    }
}

void LogFollower::poll()
{
    // The safety net: notifications are lost while the listening connection is down.
    if (m_notifier && !m_notifier->ensureListening())
        qCDebug(lcRelay) << "not listening for the log; polling";
    catchUp();
}

} // namespace Relaydesk::Relay
