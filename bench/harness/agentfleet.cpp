#include "agentfleet.h"

#include "processstats.h"
#include "systemundertest.h"

#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>

namespace Relaydesk::Bench {

AgentFleet::~AgentFleet() { stop(); }

QByteArray AgentFleet::readLine(QProcess &process, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!process.canReadLine()) {
        if (process.state() != QProcess::Running || timer.elapsed() > timeoutMs)
            return {};
        process.waitForReadyRead(100);
    }
    return process.readLine().trimmed();
}

bool AgentFleet::start(const SystemUnderTest &system, int agents, int processes, const QStringList &extraArgs,
                       QString *error, int timeoutMs)
{
    processes = std::clamp(processes, 1, agents);
    for (int i = 0; i < processes; ++i) {
        const int share = agents / processes + (i < agents % processes ? 1 : 0);
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->setStandardErrorFile(QProcess::nullDevice());
        QStringList args{QStringLiteral("--system"), system.agentSystem(), QStringLiteral("--url"), system.agentUrl(),
                         QStringLiteral("--token-file"), system.tokenFile(), QStringLiteral("--connections"),
                         QString::number(share), QStringLiteral("--pages"), benchPageIds().join(QLatin1Char(','))};
        process->start(m_tools.agents, args + extraArgs);
        if (!process->waitForStarted()) {
            *error = QStringLiteral("%1 did not start").arg(m_tools.agents);
            return false;
        }
        m_processes.push_back(std::move(process));
    }
    for (auto &process : m_processes) {
        const QByteArray line = readLine(*process, timeoutMs);
        if (!line.startsWith("ready ")) {
            *error = QStringLiteral("agents did not get ready: \"%1\"").arg(QString::fromLatin1(line));
            return false;
        }
    }
    return true;
}

void AgentFleet::stop()
{
    for (auto &process : m_processes) {
        process->write("quit\n");
        process->closeWriteChannel();
    }
    for (auto &process : m_processes)
        if (!process->waitForFinished(10'000))
            process->kill();
    m_processes.clear();
}

void AgentFleet::reset()
{
    for (auto &process : m_processes)
        process->write("reset\n");
    for (auto &process : m_processes)
        process->waitForBytesWritten(1000);
}

FleetReport AgentFleet::report()
{
    for (auto &process : m_processes)
        process->write("report\n");
    FleetReport merged;
    bool first = true;
    for (auto &process : m_processes) {
        const QJsonObject r = QJsonDocument::fromJson(readLine(*process, 30'000)).object();
        const auto num = [&r](const char *key) { return qint64(r.value(QLatin1String(key)).toDouble()); };
        merged.ready += int(num("ready"));
        merged.failed += int(num("failed"));
        merged.lost += int(num("lost_after_ready"));
        merged.receivedMin = first ? num("received_min") : std::min(merged.receivedMin, num("received_min"));
        merged.receivedTotal += num("received_total");
        if (num("first_ns") > 0)
            merged.firstNs = merged.firstNs ? std::min(merged.firstNs, num("first_ns")) : num("first_ns");
        merged.lastNs = std::max(merged.lastNs, num("last_ns"));
        merged.replayEvents += num("replay_events");
        merged.replayDoneNs = std::max(merged.replayDoneNs, num("replay_done_ns"));
        merged.replayFrames += num("replay_frames");
        merged.replaysDone += int(num("replays_done"));
        merged.head = std::max(merged.head, r.value(QLatin1String("head")).toInteger(-1));
        merged.startNs = first ? num("start_ns") : std::min(merged.startNs, num("start_ns"));
        merged.connectMs = std::max(merged.connectMs, r.value(QStringLiteral("connect_ms")).toDouble());
        const QJsonObject failures = r.value(QStringLiteral("failures")).toObject();
        for (auto it = failures.begin(); it != failures.end(); ++it)
            merged.failures.insert(it.key(), merged.failures.value(it.key()).toInt() + it.value().toInt());
        merged.latency.merge(LatencyHistogram::fromJson(r.value(QStringLiteral("latency_us")).toObject()));
        first = false;
    }
    return merged;
}

double AgentFleet::cpuSeconds() const
{
    double total = 0;
    for (const auto &process : m_processes)
        total += sampleProcess(process->processId()).cpuSeconds;
    return total;
}

} // namespace Relaydesk::Bench
