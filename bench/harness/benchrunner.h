#pragma once

#include "agentfleet.h"
#include "benchtools.h"
#include "resulttable.h"

#include <QJsonObject>

namespace Relaydesk::Bench {

class SystemUnderTest;

struct BenchPlan
{
    QStringList systems{QStringLiteral("relaydesk"), QStringLiteral("express-socketio")};
    QList<int> agentCounts{1, 100, 1000};
    QList<int> rates{100, 1000, 5000, 0}; // 0: as fast as it goes
    int seconds = 5;                      // per fixed-rate step
    int runs = 3;
    int agentProcesses = 4;
    int drainMs = 20'000;                 // after the last post, how long agents may take
    QList<int> capacitySteps;             // "most agents" search, e.g. 2000,5000,10000
    bool relayOnly = true;                // catch-up and slow-consumer scenarios
    int catchUpEvents = 10'000;
    int slowAgents = 1000;                // agents in the slow-consumer scenario, the slow one included
    int slowRate = 1000;
    int slowSeconds = 40;                 // long enough to fill the kernel buffers and the relay's 8 MiB
    bool massReconnect = true;            // the mass-reconnect scenario (relay only)
    bool massReconnectOnly = false;       // only that scenario
    int massAgents = 500;                 // agents that resume together
    int massMissed = 2000;                // events each of them missed
};

// One measured load step: what the load generator, the agents and /proc said.
struct StepResult
{
    QJsonObject load;        // relaydesk-bench-loadgen's report
    FleetReport agents;
    double serverCpu = 0;    // seconds during the step
    double harnessCpu = 0;   // agents + load generator
    qint64 serverPeakRss = 0;
    double machineBusy = 0;  // fraction of all cores busy during the step
    bool drained = false;    // every agent got every accepted event
};

// Runs the plan: each system started fresh for each run, runs interleaved so
// slow drift of the machine hits both alike.
class BenchRunner
{
public:
    BenchRunner(BenchTools tools, BenchPlan plan) : m_tools(std::move(tools)), m_plan(std::move(plan)) {}
    bool run(QString *error);
    const ResultTable &results() const { return m_results; }

private:
    bool comparisonRun(SystemUnderTest &system, int run, QString *error);
    bool capacityRun(SystemUnderTest &system, QString *error);
    bool catchUpRun(int run, QString *error);
    bool slowConsumerRun(int run, QString *error);
    bool massReconnectRun(int run, QString *error);
    // Posts `count` events at `rate` (0: as fast as answered), for at most maxSeconds (0: no limit).
    StepResult loadStep(SystemUnderTest &system, AgentFleet &fleet, int rate, qint64 count, const QString &runId,
                        int expectReceivers, double maxSeconds = 0);
    void recordStep(const QString &system, int agents, int rate, const StepResult &step);
    static qint64 maxRateCount(int agents);

    BenchTools m_tools;
    BenchPlan m_plan;
    ResultTable m_results;
};

} // namespace Relaydesk::Bench
