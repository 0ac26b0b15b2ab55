#pragma once

#include "event.h"
#include "store.h"

#include <QList>

namespace Relaydesk::Relay {

// What one unit of a group commit works with: the store (inside the batch's
// transaction), the time, and the events the unit appends to the log.
class WriteContext
{
public:
    WriteContext(Store::Store &store, qint64 nowMs, qint64 agentId = 0)
        : m_store(store), m_now(nowMs), m_agentId(agentId) {}

    Store::Store &store() { return m_store; }
    qint64 now() const { return m_now; }
    qint64 agentId() const { return m_agentId; }
    void setAgentId(qint64 id) { m_agentId = id; }

    // Appends to the event log (assigning the seq); false if the store failed.
    bool append(Event event);
    const QList<Event> &events() const { return m_events; }
    void discardEvents() { m_events.clear(); }

private:
    Store::Store &m_store;
    qint64 m_now;
    qint64 m_agentId;
    QList<Event> m_events;
};

} // namespace Relaydesk::Relay
