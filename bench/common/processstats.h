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
