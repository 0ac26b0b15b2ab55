#pragma once

#include <QtGlobal>

namespace Relaydesk::Bench {

// What /proc says about one process: CPU time used so far (user + system, its
// own threads; children are counted by the caller, per process) and memory.
struct ProcessSample
{
    bool valid = false;
    double cpuSeconds = 0;
    qint64 rssBytes = 0;     // VmRSS
    qint64 peakRssBytes = 0; // VmHWM
};

ProcessSample sampleProcess(qint64 pid);
ProcessSample sampleSelf();

} // namespace Relaydesk::Bench

namespace Relaydesk::Bench {

// The whole machine's CPU ticks from /proc/stat: busy / total over an interval
// tells whether the machine, not the system under test, was the limit.
struct MachineSample
{
    qint64 busyTicks = 0;
    qint64 totalTicks = 0;
};
MachineSample sampleMachine();
double busyFraction(const MachineSample &from, const MachineSample &to);

} // namespace Relaydesk::Bench
