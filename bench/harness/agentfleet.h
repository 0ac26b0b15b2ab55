#pragma once

#include "benchtools.h"
#include "latencyhistogram.h"

#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <memory>
#include <vector>

namespace Relaydesk::Bench {

class SystemUnderTest;

// What all agent processes of a fleet saw, merged.
struct FleetReport
{
    int ready = 0;
    int failed = 0;
    int lost = 0;              // connections that went away after being ready
    qint64 receivedMin = 0;    // the agent that got the fewest events
    qint64 receivedTotal = 0;
    qint64 firstNs = 0;
    qint64 lastNs = 0;
    qint64 replayEvents = 0;
    qint64 replayDoneNs = 0;
    qint64 replayFrames = 0;   // every event frame of the replays
    int replaysDone = 0;       // agents that got replay_done
    qint64 head = -1;          // the log head the relay announced in welcome
    qint64 startNs = 0;
    double connectMs = 0;
    QJsonObject failures;
    LatencyHistogram latency;
};

// N simulated agents spread over several relaydesk-bench-agents processes, so
// neither one process nor one core is the harness's bottleneck.
class AgentFleet
{
public:
    explicit AgentFleet(const BenchTools &tools) : m_tools(tools) {}
    ~AgentFleet();

    // Starts `agents` connections over `processes` processes and waits until each
    // is ready or failed. extraArgs go to every process (e.g. --since, --slow).
    bool start(const SystemUnderTest &system, int agents, int processes, const QStringList &extraArgs,
               QString *error, int timeoutMs = 180'000);
    void stop();

    void reset();
    FleetReport report();
    double cpuSeconds() const; // all agent processes, so far

private:
    QByteArray readLine(QProcess &process, int timeoutMs);

    const BenchTools &m_tools;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

} // namespace Relaydesk::Bench
