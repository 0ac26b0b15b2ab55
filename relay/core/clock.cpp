#include "clock.h"

#include <QDateTime>

namespace Relaydesk::Relay {

Clock::~Clock() = default;

qint64 Clock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch() + m_offset;
}

} // namespace Relaydesk::Relay
