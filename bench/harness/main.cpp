// relaydesk-bench: Relaydesk's relay and the Express + Socket.IO peer, side by
// side in one run on one machine, plus the relay-only scenarios. Prints the
// machine, then one Markdown table per section (median [min–max] of the runs
// and the Relaydesk / peer ratio); --out keeps every raw figure as JSON.
#include "benchrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSysInfo>

#include <cstdio>
#include <thread>

using namespace Relaydesk::Bench;

namespace {
QList<int> intList(const QString &text)
{
    QList<int> values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        values << (part == QLatin1String("max") ? 0 : part.toInt());
    return values;
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    file.open(QIODevice::ReadOnly);
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QStringLiteral("unknown CPU");
}

QString commandOutput(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(5000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Relaydesk against Express + Socket.IO, in one run."));
    parser.addHelpOption();
    const QCommandLineOption systems(QStringLiteral("systems"), QStringLiteral("relaydesk,express-socketio"), QStringLiteral("LIST"), QStringLiteral("relaydesk,express-socketio"));
    const QCommandLineOption agents(QStringLiteral("agents"), QStringLiteral("Connected agents per step."), QStringLiteral("LIST"), QStringLiteral("1,100,1000"));
    const QCommandLineOption rates(QStringLiteral("rates"), QStringLiteral("Events per second; max = as fast as it goes."), QStringLiteral("LIST"), QStringLiteral("100,1000,5000,max"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of a fixed-rate step."), QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs (medians are taken over them)."), QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption procs(QStringLiteral("agent-processes"), QStringLiteral("Processes the agents are spread over."), QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption capacity(QStringLiteral("capacity"), QStringLiteral("Agent counts to try for 'most agents', e.g. 2000,5000,10000."), QStringLiteral("LIST"));
    const QCommandLineOption noRelayOnly(QStringLiteral("no-relay-only"), QStringLiteral("Skip catch-up and slow-consumer scenarios."));
    const QCommandLineOption work(QStringLiteral("work-dir"), QStringLiteral("Scratch folder."), QStringLiteral("DIR"), QDir::tempPath() + QStringLiteral("/relaydesk-bench"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Write every raw figure as JSON."), QStringLiteral("FILE"));
    const QCommandLineOption catchUp(QStringLiteral("catchup-events"), QStringLiteral("Events an agent misses in the catch-up scenario."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption slowAgents(QStringLiteral("slow-agents"), QStringLiteral("Agents in the slow-consumer scenario."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption slowRate(QStringLiteral("slow-rate"), QStringLiteral("Events per second in the slow-consumer scenario."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption slowSeconds(QStringLiteral("slow-seconds"), QStringLiteral("Length of each slow-consumer step."), QStringLiteral("S"), QStringLiteral("40"));
    const QCommandLineOption massOnly(QStringLiteral("mass-reconnect-only"), QStringLiteral("Run only the mass-reconnect scenario."));
    const QCommandLineOption noMass(QStringLiteral("no-mass-reconnect"), QStringLiteral("Skip the mass-reconnect scenario."));
    const QCommandLineOption massAgents(QStringLiteral("mass-agents"), QStringLiteral("Agents that resume together in the mass-reconnect scenario."), QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption massMissed(QStringLiteral("mass-missed"), QStringLiteral("Events each of them missed."), QStringLiteral("N"), QStringLiteral("2000"));
    parser.addOptions({systems, agents, rates, seconds, runs, procs, capacity, noRelayOnly, work, out, catchUp,
                       slowAgents, slowRate, slowSeconds, massOnly, noMass, massAgents, massMissed});
    parser.process(app);

    BenchTools tools;
    tools.relay = QStringLiteral(RELAYDESK_RELAY_BIN);
    tools.simulator = QStringLiteral(RELAYDESK_SIMULATOR_BIN);
    tools.agents = QStringLiteral(RELAYDESK_AGENTS_BIN);
    tools.loadgen = QStringLiteral(RELAYDESK_LOADGEN_BIN);
    tools.peerDir = QStringLiteral(RELAYDESK_PEER_DIR);
    tools.node = QStringLiteral("node");
    // Absolute: the peer runs in its own folder and is given paths under this one.
    tools.workDir = QFileInfo(parser.value(work)).absoluteFilePath();
    QDir().mkpath(tools.workDir);

    BenchPlan plan;
    plan.systems = parser.value(systems).split(QLatin1Char(','), Qt::SkipEmptyParts);
    plan.agentCounts = intList(parser.value(agents));
    plan.rates = intList(parser.value(rates));
    plan.seconds = parser.value(seconds).toInt();
    plan.runs = parser.value(runs).toInt();
    plan.agentProcesses = parser.value(procs).toInt();
    plan.capacitySteps = intList(parser.value(capacity));
    plan.relayOnly = !parser.isSet(noRelayOnly);
    plan.catchUpEvents = parser.value(catchUp).toInt();
    plan.slowAgents = std::max(2, parser.value(slowAgents).toInt());
    plan.slowRate = parser.value(slowRate).toInt();
    plan.slowSeconds = parser.value(slowSeconds).toInt();
    plan.massReconnect = !parser.isSet(noMass);
    plan.massReconnectOnly = parser.isSet(massOnly);
    plan.massAgents = std::max(1, parser.value(massAgents).toInt());
    plan.massMissed = std::max(1, parser.value(massMissed).toInt());

    printf("## Machine\n\n- CPU: %s, %u logical cores\n- %s, kernel %s\n- Qt %s, Node.js %s\n- started %s\n",
           qPrintable(cpuModel()), std::thread::hardware_concurrency(), qPrintable(QSysInfo::prettyProductName()),
           qPrintable(QSysInfo::kernelVersion()), qVersion(),
           qPrintable(commandOutput(tools.node, {QStringLiteral("--version")})),
           qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    printf("- plan: %d runs; agents %s; rates %s; %d s per fixed-rate step; agents over %d processes\n",
           plan.runs, qPrintable(parser.value(agents)), qPrintable(parser.value(rates)), plan.seconds,
           plan.agentProcesses);
    printf("- relaydesk commits every event to SQLite (WAL, synchronous=FULL) before answering the webhook; "
           "express-socketio keeps nothing on disk\n");
    fflush(stdout);

    BenchRunner runner(tools, plan);
    QString error;
    const bool ok = runner.run(&error);
    const QStringList shown = plan.systems;
    printf("%s\n", qPrintable(runner.results().markdown(shown)));
    if (parser.isSet(out)) {
        QFile file(parser.value(out));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(QJsonDocument(runner.results().toJson()).toJson());
    }
    if (!ok) {
        fprintf(stderr, "relaydesk-bench: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
