#include "benchrunner.h"

#include "benchclock.h"
#include "processstats.h"
#include "systemundertest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace Relaydesk::Bench {

namespace {
double childrenCpu()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void progress(const QString &line)
{
    fprintf(stderr, "%s\n", qPrintable(line));
    fflush(stderr);
}

QString rateLabel(int rate) { return rate > 0 ? QStringLiteral("%1 ev/s").arg(rate) : QStringLiteral("max"); }
double ms(qint64 micros) { return double(micros) / 1000.0; }
constexpr double kMiB = 1024.0 * 1024.0;

std::unique_ptr<SystemUnderTest> makeSystem(const QString &name, const BenchTools &tools)
{
    if (name == QLatin1String("relaydesk"))
        return std::make_unique<RelayUnderTest>(tools);
    if (name == QLatin1String("express-socketio"))
        return std::make_unique<PeerUnderTest>(tools);
    return nullptr;
}
} // namespace

qint64 BenchRunner::maxRateCount(int agents)
{
    // Enough events to reach a steady state, few enough that 1,000 agents drain them in seconds.
    return std::clamp<qint64>(2'000'000 / std::max(agents, 1), 2'000, 20'000);
}

bool BenchRunner::run(QString *error)
{
    if (m_plan.massReconnectOnly) {
        for (int run = 1; run <= m_plan.runs; ++run)
            if (!massReconnectRun(run, error))
                return false;
        return true;
    }
    for (int run = 1; run <= m_plan.runs; ++run) {
        for (const QString &name : m_plan.systems) {
            auto system = makeSystem(name, m_tools);
            if (!system) {
                *error = QStringLiteral("unknown system %1").arg(name);
                return false;
            }
            progress(QStringLiteral("== run %1/%2: %3").arg(run).arg(m_plan.runs).arg(name));
            if (!comparisonRun(*system, run, error))
                return false;
        }
        if (m_plan.relayOnly && m_plan.systems.contains(QStringLiteral("relaydesk"))) {
            if (!catchUpRun(run, error) || !slowConsumerRun(run, error)
                || (m_plan.massReconnect && !massReconnectRun(run, error)))
                return false;
        }
    }
    if (!m_plan.capacitySteps.isEmpty()) {
        for (const QString &name : m_plan.systems) {
            auto system = makeSystem(name, m_tools);
            if (!capacityRun(*system, error))
                return false;
        }
    }
    return true;
}

StepResult BenchRunner::loadStep(SystemUnderTest &system, AgentFleet &fleet, int rate, qint64 count,
                                 const QString &runId, int expectReceivers, double maxSeconds)
{
    StepResult step;
    fleet.reset();
    const ProcessSample server0 = sampleProcess(system.pid());
    const double agents0 = fleet.cpuSeconds();
    const double children0 = childrenCpu();
    const MachineSample machine0 = sampleMachine();

    QProcess load;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RELAYDESK_APP_SECRET"), QString::fromLatin1(benchAppSecret()));
    load.setProcessEnvironment(env);
    load.setStandardErrorFile(QProcess::nullDevice());
    load.start(m_tools.loadgen, {QStringLiteral("--url"), system.webhookUrl(), QStringLiteral("--pages"),
                                 benchPageIds().join(QLatin1Char(',')), QStringLiteral("--rate"), QString::number(rate),
                                 QStringLiteral("--count"), QString::number(count), QStringLiteral("--run-id"), runId,
                                 QStringLiteral("--max-seconds"), QString::number(maxSeconds)});
    const auto samplePeak = [&] {
        step.serverPeakRss = std::max(step.serverPeakRss, sampleProcess(system.pid()).rssBytes);
    };
    while (!load.waitForFinished(100))
        samplePeak();
    step.load = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
    const qint64 ok = qint64(step.load.value(QStringLiteral("ok")).toDouble());

    QElapsedTimer drain;
    drain.start();
    for (;;) {
        samplePeak();
        step.agents = fleet.report();
        step.drained = expectReceivers == 0 || (step.agents.ready >= expectReceivers && step.agents.receivedMin >= ok);
        if (step.drained || drain.elapsed() > m_plan.drainMs)
            break;
        QThread::msleep(200);
    }
    if (!step.drained) {
        // Overloaded: wait until the backlog is delivered (or dropped) so the figures
        // include the late events, and the next step does not start on leftovers.
        qint64 seen = -1;
        for (int i = 0; i < 150 && step.agents.receivedTotal != seen; ++i) {
            seen = step.agents.receivedTotal;
            QThread::msleep(2000);
            samplePeak();
            step.agents = fleet.report();
        }
    }
    step.serverCpu = sampleProcess(system.pid()).cpuSeconds - server0.cpuSeconds;
    step.harnessCpu = fleet.cpuSeconds() - agents0 + childrenCpu() - children0;
    step.machineBusy = busyFraction(machine0, sampleMachine());
    return step;
}

void BenchRunner::recordStep(const QString &system, int agents, int rate, const StepResult &step)
{
    const QString section = QStringLiteral("webhook → every agent, %1 agent%2").arg(agents).arg(agents == 1 ? QString() : QStringLiteral("s"));
    const QString row = rateLabel(rate);
    const double ok = step.load.value(QStringLiteral("ok")).toDouble();
    const double firstSend = step.load.value(QStringLiteral("first_send_ns")).toDouble();
    const double expected = ok * agents;
    const double delivered = expected > 0 ? double(step.agents.receivedTotal) / expected : 0;
    const auto add = [&](const QString &metric, double v) { m_results.add(section, row, metric, system, v); };
    add(QStringLiteral("latency p50 (ms)"), ms(step.agents.latency.percentile(0.5)));
    add(QStringLiteral("latency p99 (ms)"), ms(step.agents.latency.percentile(0.99)));
    add(QStringLiteral("latency max (ms)"), ms(step.agents.latency.max()));
    add(QStringLiteral("delivered (%)"), 100.0 * delivered);
    if (step.drained && step.agents.lastNs > firstSend)
        add(QStringLiteral("throughput, all agents got all (ev/s)"), ok / ((double(step.agents.lastNs) - firstSend) / 1e9));
    add(QStringLiteral("posted (ev/s)"), step.load.value(QStringLiteral("send_rate")).toDouble());
    add(QStringLiteral("webhook answer p99 (ms)"),
        ms(LatencyHistogram::fromJson(step.load.value(QStringLiteral("answer_latency_us")).toObject()).percentile(0.99)));
    if (ok > 0)
        add(QStringLiteral("server CPU s / 1k events"), step.serverCpu / ok * 1000.0);
    add(QStringLiteral("harness CPU s (agents + load)"), step.harnessCpu);
    add(QStringLiteral("machine busy (%)"), 100.0 * step.machineBusy);
    add(QStringLiteral("server peak RSS (MiB)"), double(step.serverPeakRss) / kMiB);
    progress(QStringLiteral("  %1 agents, %2: p50 %3 ms, p99 %4 ms, delivered %5 %, server CPU %6 s, harness CPU %7 s%8")
                 .arg(agents).arg(rateLabel(rate))
                 .arg(ms(step.agents.latency.percentile(0.5))).arg(ms(step.agents.latency.percentile(0.99)))
                 .arg(100.0 * delivered, 0, 'f', 1).arg(step.serverCpu, 0, 'f', 2).arg(step.harnessCpu, 0, 'f', 2)
                 .arg(step.drained ? QString() : QStringLiteral(" (NOT drained)")));
}

bool BenchRunner::comparisonRun(SystemUnderTest &system, int run, QString *error)
{
    const QString dir = m_tools.workDir + QStringLiteral("/%1-%2").arg(system.name()).arg(run);
    if (!system.start(dir, error))
        return false;
    // Warm-up: the first customers make the relay look up profiles and create
    // conversations, and both servers load the code paths of a delivery. "Idle" is
    // measured after it, so the memory per agent is the agents' alone.
    {
        AgentFleet warm(m_tools);
        if (!warm.start(system, 1, 1, {}, error))
            return false;
        loadStep(system, warm, 0, 400, QStringLiteral("warm%1").arg(run), 1);
    }
    QThread::msleep(1000);
    const double idleRss = double(sampleProcess(system.pid()).rssBytes);
    m_results.add(QStringLiteral("memory"), QStringLiteral("idle (after a warm-up of 400 events)"),
                  QStringLiteral("server RSS (MiB)"), system.name(), idleRss / kMiB);
    int step = 0;
    for (int agents : std::as_const(m_plan.agentCounts)) {
        AgentFleet fleet(m_tools);
        if (!fleet.start(system, agents, std::min(m_plan.agentProcesses, agents), {}, error))
            return false;
        QThread::msleep(1000);
        const FleetReport connected = fleet.report();
        const double rss = double(sampleProcess(system.pid()).rssBytes);
        const QString row = QStringLiteral("%1 agents connected").arg(agents);
        m_results.add(QStringLiteral("memory"), row, QStringLiteral("server RSS (MiB)"), system.name(), rss / kMiB);
        m_results.add(QStringLiteral("memory"), row, QStringLiteral("per agent (KiB)"), system.name(),
                      (rss - idleRss) / agents / 1024.0);
        m_results.add(QStringLiteral("memory"), row, QStringLiteral("time to connect all (ms)"), system.name(),
                      connected.connectMs);
        for (int rate : std::as_const(m_plan.rates)) {
            if (fleet.report().ready < agents) {
                // The last step overloaded the server and it dropped agents (the relay
                // closes those it cannot feed): reconnect all before the next one.
                fleet.stop();
                if (!fleet.start(system, agents, std::min(m_plan.agentProcesses, agents), {}, error))
                    return false;
            }
            const qint64 count = rate > 0 ? qint64(rate) * m_plan.seconds : maxRateCount(agents);
            // A server that cannot keep up answers webhooks slowly: the step still ends
            // on time (fixed rates: after `seconds`; max: after 15 s) and reports the rate it got.
            const StepResult result = loadStep(system, fleet, rate, count,
                                               QStringLiteral("r%1s%2").arg(run).arg(++step), agents,
                                               rate > 0 ? m_plan.seconds : 15.0);
            recordStep(system.name(), agents, rate, result);
            if (!system.isRunning()) {
                *error = QStringLiteral("%1 exited during the run (see %2)").arg(system.name(), dir);
                return false;
            }
        }
        fleet.stop();
    }
    system.stop();
    return true;
}

bool BenchRunner::catchUpRun(int run, QString *error)
{
    RelayUnderTest relay(m_tools);
    const QString dir = m_tools.workDir + QStringLiteral("/catchup-%1").arg(run);
    if (!relay.start(dir, error))
        return false;
    // 10,000 events while nobody is connected, then one agent that had seen none of them.
    AgentFleet nobody(m_tools);
    const StepResult posted = loadStep(relay, nobody, 0, m_plan.catchUpEvents, QStringLiteral("c%1").arg(run), 0);
    const double ok = posted.load.value(QStringLiteral("ok")).toDouble();
    AgentFleet late(m_tools);
    if (!late.start(relay, 1, 1, {QStringLiteral("--since"), QStringLiteral("0")}, error))
        return false;
    const FleetReport r = late.report();
    const QString section = QStringLiteral("relay only: catch-up, webhook answer");
    const QString missed = QStringLiteral("%L1 missed events").arg(m_plan.catchUpEvents);
    const QString posts = QStringLiteral("%L1 webhooks as fast as they come, durable").arg(m_plan.catchUpEvents);
    m_results.add(section, missed, QStringLiteral("reconnect → replay_done (ms)"), QStringLiteral("relaydesk"),
                  double(r.replayDoneNs - r.startNs) / 1e6);
    m_results.add(section, missed, QStringLiteral("events replayed"), QStringLiteral("relaydesk"), double(r.replayEvents));
    const LatencyHistogram answer =
        LatencyHistogram::fromJson(posted.load.value(QStringLiteral("answer_latency_us")).toObject());
    m_results.add(section, posts, QStringLiteral("answer p50 (ms)"), QStringLiteral("relaydesk"), ms(answer.percentile(0.5)));
    m_results.add(section, posts, QStringLiteral("answer p99 (ms)"), QStringLiteral("relaydesk"), ms(answer.percentile(0.99)));
    m_results.add(section, posts, QStringLiteral("accepted (ev/s)"), QStringLiteral("relaydesk"),
                  ok / ((posted.load.value(QStringLiteral("last_answer_ns")).toDouble()
                         - posted.load.value(QStringLiteral("first_send_ns")).toDouble()) / 1e9));
    progress(QStringLiteral("  catch-up: %1 events replayed in %2 ms")
                 .arg(r.replayEvents).arg(double(r.replayDoneNs - r.startNs) / 1e6));
    late.stop();
    relay.stop();
    return true;
}

bool BenchRunner::slowConsumerRun(int run, QString *error)
{
    const int agentCount = m_plan.slowAgents;
    const int rate = m_plan.slowRate;
    const int seconds = m_plan.slowSeconds;
    RelayUnderTest relay(m_tools);
    const QString dir = m_tools.workDir + QStringLiteral("/slow-%1").arg(run);
    if (!relay.start(dir, error))
        return false;
    AgentFleet fleet(m_tools);
    if (!fleet.start(relay, agentCount - 1, m_plan.agentProcesses, {}, error))
        return false;
    const QString section = QStringLiteral("relay only: one slow consumer among %L1 agents, up to %L2 ev/s for %3 s")
                                .arg(agentCount).arg(rate).arg(seconds);
    const auto record = [&](const QString &row, const StepResult &s) {
        m_results.add(section, row, QStringLiteral("posted (ev/s)"), QStringLiteral("relaydesk"),
                      s.load.value(QStringLiteral("send_rate")).toDouble());
        m_results.add(section, row, QStringLiteral("others' latency p50 (ms)"), QStringLiteral("relaydesk"),
                      ms(s.agents.latency.percentile(0.5)));
        m_results.add(section, row, QStringLiteral("others' latency p99 (ms)"), QStringLiteral("relaydesk"),
                      ms(s.agents.latency.percentile(0.99)));
        m_results.add(section, row, QStringLiteral("others delivered (%)"), QStringLiteral("relaydesk"),
                      100.0 * double(s.agents.receivedTotal)
                          / std::max(1.0, s.load.value(QStringLiteral("ok")).toDouble() * (agentCount - 1)));
        m_results.add(section, row, QStringLiteral("relay peak RSS (MiB)"), QStringLiteral("relaydesk"),
                      double(s.serverPeakRss) / kMiB);
        m_results.add(section, row, QStringLiteral("slow consumers dropped (4008)"), QStringLiteral("relaydesk"),
                      fetchMetric(relay.port(), "relaydesk_slow_consumers_dropped_total"));
    };
    const StepResult baseline = loadStep(relay, fleet, rate, qint64(rate) * seconds, QStringLiteral("s%1a").arg(run), agentCount - 1, seconds);
    record(QStringLiteral("%L1 agents that read").arg(agentCount - 1), baseline);
    AgentFleet slow(m_tools);
    if (!slow.start(relay, 1, 1, {QStringLiteral("--slow")}, error))
        return false;
    const StepResult withSlow = loadStep(relay, fleet, rate, qint64(rate) * seconds, QStringLiteral("s%1b").arg(run), agentCount - 1, seconds);
    record(QStringLiteral("the same + 1 that stopped reading"), withSlow);
    progress(QStringLiteral("  slow consumer: others p99 %1 → %2 ms, relay peak %3 → %4 MiB")
                 .arg(ms(baseline.agents.latency.percentile(0.99))).arg(ms(withSlow.agents.latency.percentile(0.99)))
                 .arg(double(baseline.serverPeakRss) / kMiB, 0, 'f', 1).arg(double(withSlow.serverPeakRss) / kMiB, 0, 'f', 1));
    slow.stop();
    fleet.stop();
    relay.stop();
    return true;
}

bool BenchRunner::massReconnectRun(int run, QString *error)
{
    // What a dying relay causes: all its agents resume on another one at once, each
    // from the seq it had, far behind the head.
    const int agents = m_plan.massAgents;
    const int missed = m_plan.massMissed;
    RelayUnderTest relay(m_tools);
    const QString dir = m_tools.workDir + QStringLiteral("/mass-%1").arg(run);
    if (!relay.start(dir, error))
        return false;
    // Every webhook makes at least one event: `missed` webhooks give a log that long at least.
    AgentFleet nobody(m_tools);
    loadStep(relay, nobody, 0, missed, QStringLiteral("m%1").arg(run), 0);
    // Profile look-ups answered after the webhooks still add events: wait until the log is still.
    qint64 head = -1;
    for (int i = 0; i < 60; ++i) {
        AgentFleet probe(m_tools);
        if (!probe.start(relay, 1, 1, {}, error))
            return false;
        const qint64 now = probe.report().head;
        if (now == head)
            break;
        head = now;
        QThread::msleep(1000);
    }
    if (head < missed) {
        *error = QStringLiteral("mass reconnect: the log has %1 events, fewer than %2").arg(head).arg(missed);
        return false;
    }
    const ProcessSample relay0 = sampleProcess(relay.pid());
    const MachineSample machine0 = sampleMachine();
    const double children0 = childrenCpu();
    AgentFleet fleet(m_tools);
    // Upgrades in flight are bounded (the listen backlog is small); replays are not.
    if (!fleet.start(relay, agents, m_plan.agentProcesses,
                     {QStringLiteral("--since"), QString::number(head - missed), QStringLiteral("--all-at-once"),
                      QStringLiteral("--max-connecting"), QStringLiteral("16")},
                     error, 600'000))
        return false;
    const FleetReport r = fleet.report();
    const ProcessSample relay1 = sampleProcess(relay.pid());
    const double agentsCpu = fleet.cpuSeconds() + childrenCpu() - children0;
    const double busy = busyFraction(machine0, sampleMachine());
    const QString section = QStringLiteral("relay only: mass reconnect, one relay on SQLite");
    const QString row = QStringLiteral("%L1 agents × %L2 missed events").arg(agents).arg(missed);
    const auto add = [&](const QString &metric, double v) { m_results.add(section, row, metric, QStringLiteral("relaydesk"), v); };
    const double allMs = double(r.replayDoneNs - r.startNs) / 1e6;
    add(QStringLiteral("first connect → all replay_done (ms)"), allMs);
    add(QStringLiteral("relay CPU (s)"), relay1.cpuSeconds - relay0.cpuSeconds);
    add(QStringLiteral("agents' CPU (s)"), agentsCpu);
    add(QStringLiteral("relay peak RSS (MiB)"), double(relay1.peakRssBytes) / kMiB);
    add(QStringLiteral("machine busy (%)"), 100.0 * busy);
    add(QStringLiteral("agents that got replay_done"), r.replaysDone);
    add(QStringLiteral("events replayed per agent"), r.replaysDone > 0 ? double(r.replayFrames) / r.replaysDone : 0);
    progress(QStringLiteral("  mass reconnect: %1 agents × %2 events: all replay_done after %3 ms, relay CPU %4 s, "
                            "agents' CPU %8 s, machine busy %9 %, %5 agents done, %6 event frames (expected %7)")
                 .arg(agents).arg(missed).arg(allMs, 0, 'f', 0).arg(relay1.cpuSeconds - relay0.cpuSeconds, 0, 'f', 2)
                 .arg(r.replaysDone).arg(r.replayFrames).arg(qint64(agents) * missed)
                 .arg(agentsCpu, 0, 'f', 2).arg(100.0 * busy, 0, 'f', 0));
    if (r.replaysDone != agents || r.replayFrames != qint64(agents) * missed) {
        *error = QStringLiteral("mass reconnect: %1 of %2 agents finished the replay with %3 event frames, expected %4")
                     .arg(r.replaysDone).arg(agents).arg(r.replayFrames).arg(qint64(agents) * missed);
        return false;
    }
    fleet.stop();
    relay.stop();
    return true;
}

bool BenchRunner::capacityRun(SystemUnderTest &system, QString *error)
{
    const QString dir = m_tools.workDir + QStringLiteral("/%1-capacity").arg(system.name());
    if (!system.start(dir, error))
        return false;
    int survived = 0;
    for (int agents : std::as_const(m_plan.capacitySteps)) {
        AgentFleet fleet(m_tools);
        QString stepError;
        if (!fleet.start(system, agents, m_plan.agentProcesses, {}, &stepError, 300'000))
            break;
        const StepResult s = loadStep(system, fleet, 10, 50, QStringLiteral("cap%1").arg(agents), agents);
        const QString row = QStringLiteral("%1 agents").arg(agents);
        m_results.add(QStringLiteral("capacity: most agents connected"), row, QStringLiteral("all connected and served"),
                      system.name(), s.drained && s.agents.failed == 0 ? 1 : 0);
        m_results.add(QStringLiteral("capacity: most agents connected"), row, QStringLiteral("server RSS (MiB)"),
                      system.name(), double(s.serverPeakRss) / kMiB);
        progress(QStringLiteral("  %1: %2 agents %3").arg(system.name()).arg(agents).arg(s.drained ? QStringLiteral("ok") : QStringLiteral("failed")));
        if (!s.drained || s.agents.failed > 0 || !system.isRunning())
            break;
        survived = agents;
    }
    m_results.note(QStringLiteral("capacity: most agents connected"),
                   QStringLiteral("%1: the most agents served in this run: %2").arg(system.name()).arg(survived));
    system.stop();
    return true;
}

} // namespace Relaydesk::Bench
