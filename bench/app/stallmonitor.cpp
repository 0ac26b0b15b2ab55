#include "stallmonitor.h"

#include "benchclock.h"

namespace Relaydesk::Bench {

StallMonitor::StallMonitor(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &StallMonitor::beat);
}

void StallMonitor::start()
{
    m_gaps.reset();
    m_over.clear();
    m_longGapsUs = 0;
    m_startedNs = m_last = monotonicNs();
    m_timer.start();
}

void StallMonitor::stop()
{
    beat(); // the gap still open counts too
    m_timer.stop();
    m_stoppedNs = monotonicNs();
}

void StallMonitor::beat()
{
    const qint64 now = monotonicNs();
    const qint64 gapUs = (now - m_last) / 1000;
    m_last = now;
    m_gaps.record(gapUs);
    if (gapUs > 2'000) {
        m_longGapsUs += gapUs;
        m_over.append(gapUs);
    }
}

int StallMonitor::countOver(qint64 micros) const
{
    // Gaps up to 2 ms are not kept one by one: they are the heartbeat itself.
    return int(std::count_if(m_over.cbegin(), m_over.cend(), [micros](qint64 g) { return g > micros; }));
}

double StallMonitor::busyFraction() const
{
    const qint64 total = (m_stoppedNs - m_startedNs) / 1000;
    return total > 0 ? double(m_longGapsUs) / double(total) : 0.0;
}

} // namespace Relaydesk::Bench
