#pragma once

#include <QtGlobal>

namespace Relaydesk::Relay {

// Wall-clock time in ms since the epoch. The 24-hour window and retry backoff
// depend on it, so tests can shift it (RELAYDESK_CLOCK_OFFSET_MS in the relay process).
class Clock
{
public:
    virtual ~Clock();
    virtual qint64 nowMs() const;
    void setOffsetMs(qint64 offset) { m_offset = offset; }

private:
    qint64 m_offset = 0;
};

} // namespace Relaydesk::Relay
