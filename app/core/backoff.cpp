#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Relaydesk::App {

Backoff::Backoff(int initialMs, int maxMs)
    : m_initialMs(std::max(1, initialMs))
    , m_maxMs(std::max(m_initialMs, maxMs))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
}

void Backoff::setRange(int initialMs, int maxMs)
{
    m_initialMs = std::max(1, initialMs);
    m_maxMs = std::max(m_initialMs, maxMs);
}

int Backoff::nextDelayMs()
{
    // Doubling in 64 bits with a capped exponent: no overflow however long we fail.
    const qint64 full = std::min<qint64>(m_maxMs, qint64(m_initialMs) << std::min(m_attempts, 30));
    ++m_attempts;
    const double jitter = std::clamp(m_random(), 0.0, 1.0) * 0.25;
    return std::max(1, int(full - qint64(double(full) * jitter)));
}

} // namespace Relaydesk::App
