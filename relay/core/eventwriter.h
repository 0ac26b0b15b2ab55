#pragma once

#include "clock.h"
#include "event.h"
#include "writecontext.h"

#include <QList>
#include <QObject>

#include <functional>

namespace Relaydesk::Relay {

// Group commit. Units of work submitted during one pass of the event loop are
// written in a single transaction (each inside its own savepoint, so one failing
// unit does not fail the others) and synced once. Each unit's callback runs only
// after the commit is on disk, which is when a webhook may be answered 200.
class EventWriter : public QObject
{
    Q_OBJECT
public:
    using Unit = std::function<bool(WriteContext &)>;
    using Done = std::function<void(bool ok, const QList<Relaydesk::Event> &events)>;

    EventWriter(Store::Store &store, const Clock &clock, QObject *parent = nullptr);

    // agentId is recorded on the unit's events (0: from Meta or the relay).
    void submit(Unit unit, Done done = {}, qint64 agentId = 0);
    // Commits whatever is queued now (at shutdown).
    void flush();
    int pendingUnits() const { return int(m_pending.size()); }
    bool storeUnreachable() const;
    qint64 committedBatches() const { return m_batches; }

signals:
    // All events of one commit, in seq order; fan-out listens to this.
    void eventsCommitted(const QList<Relaydesk::Event> &events);

private:
    struct Pending { Unit unit; Done done; qint64 agentId; };
    void scheduleFlush();

    Store::Store &m_store;
    const Clock &m_clock;
    QList<Pending> m_pending;
    bool m_flushScheduled = false;
    qint64 m_batches = 0;
};

} // namespace Relaydesk::Relay
