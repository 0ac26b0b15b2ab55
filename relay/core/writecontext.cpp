#include "writecontext.h"

namespace Relaydesk::Relay {

bool WriteContext::append(Event event)
{
    event.createdAt = m_now;
    if (event.agentId == 0)
        event.agentId = m_agentId;
    if (!m_store.appendEvent(&event))
        return false;
    m_events.append(event);
    return true;
}

} // namespace Relaydesk::Relay
