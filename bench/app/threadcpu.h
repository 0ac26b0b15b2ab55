#pragma once

#include <time.h>

namespace Relaydesk::Bench {

// CPU time of the calling thread, in seconds (the UI thread's own work, without
// the benchmark's helper threads).
inline double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace Relaydesk::Bench
