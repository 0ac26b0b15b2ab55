#include "stallmonitor.h"

#include "benchclock.h"

#include <time.h>

namespace Relaydesk::Bench {

namespace {
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
} // namespace

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
    m_cpuGaps.reset();
    m_steadyGaps.reset();
    m_steadyCpuGaps.reset();
    m_over.clear();
    m_cpuOver.clear();
    m_longGapsUs = 0;
    m_startedNs = m_last = monotonicNs();
    m_lastCpuNs = threadCpuNs();
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
    const qint64 cpu = threadCpuNs();
    const qint64 gapUs = (now - m_last) / 1000;
    const qint64 cpuUs = (cpu - m_lastCpuNs) / 1000;
    m_last = now;
    m_lastCpuNs = cpu;
    m_gaps.record(gapUs);
    if (cpuUs > m_cpuGaps.max())
        m_worstCpuAtMs = (now - m_startedNs) / 1'000'000;
    m_cpuGaps.record(cpuUs);
    if (now - m_startedNs > 1'000'000'000) {
        m_steadyGaps.record(gapUs);
        m_steadyCpuGaps.record(cpuUs);
    }
    if (cpuUs > 2'000)
        m_cpuOver.append(cpuUs);
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

int StallMonitor::cpuCountOver(qint64 micros) const
{
    return int(std::count_if(m_cpuOver.cbegin(), m_cpuOver.cend(), [micros](qint64 g) { return g > micros; }));
}

double StallMonitor::busyFraction() const
{
    const qint64 total = (m_stoppedNs - m_startedNs) / 1000;
    return total > 0 ? double(m_longGapsUs) / double(total) : 0.0;
}

} // namespace Relaydesk::Bench
