#pragma once

#include "latencyhistogram.h"

#include <QObject>
#include <QTimer>

namespace Relaydesk::Bench {

// How long the UI thread goes without running its event loop: a 1 ms heartbeat
// timer on that thread, and the time between its wakes. With nothing to do the gaps
// are ~1 ms; a slot that runs 30 ms shows as a ~30 ms gap. A stall of the UI is the
// longest gap (an upper bound by about the timer's interval).
//
// On a shared machine a gap can also be the thread waiting for a CPU. So each gap's
// CPU time of the UI thread is measured too: a gap of 40 ms with 2 ms of CPU was the
// scheduler, not the app; one with 38 ms of CPU was the app's own work.
class StallMonitor : public QObject
{
public:
    explicit StallMonitor(QObject *parent = nullptr);

    void start();
    void stop();

    const LatencyHistogram &gaps() const { return m_gaps; } // microseconds
    const LatencyHistogram &cpuGaps() const { return m_cpuGaps; } // the UI thread's CPU time within each gap, µs
    int countOver(qint64 micros) const; // micros >= 2000
    int cpuCountOver(qint64 micros) const;
    // When the gap with the most CPU ended, in ms since start().
    qint64 worstCpuGapAtMs() const { return m_worstCpuAtMs; }
    // The same figures without the first second (fonts of new scripts, first layouts:
    // what a run pays once).
    const LatencyHistogram &steadyGaps() const { return m_steadyGaps; }
    const LatencyHistogram &steadyCpuGaps() const { return m_steadyCpuGaps; }
    qint64 worstGapUs() const { return m_gaps.max(); }
    double busyFraction() const; // share of the monitored time spent in gaps over 2 ms

private:
    void beat();

    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_startedNs = 0;
    qint64 m_stoppedNs = 0;
    qint64 m_longGapsUs = 0;
    qint64 m_worstCpuAtMs = 0;
    LatencyHistogram m_gaps;
    LatencyHistogram m_cpuGaps;
    LatencyHistogram m_steadyGaps;
    LatencyHistogram m_steadyCpuGaps;
    QList<qint64> m_over; // gaps over 2 ms, µs
    QList<qint64> m_cpuOver; // CPU within gaps, over 2 ms, µs
};

} // namespace Relaydesk::Bench
