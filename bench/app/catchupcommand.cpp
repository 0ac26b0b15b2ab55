#include "benchapp.h"
#include "benchclock.h"
#include "benchreport.h"
#include "commands.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "localcache.h"
#include "relayconnection.h"
#include "stallmonitor.h"
#include "synccontroller.h"
#include "threadcpu.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>

namespace Relaydesk::Bench {

using namespace Relaydesk::App;

int runCatchup(int &argc, char **argv)
{
    BenchReport report(QStringLiteral("app-catchup"));
    QString cachePath;
    QString error;
    std::unique_ptr<BenchApp> bench = BenchApp::prepareFromArguments(argc, argv, &cachePath, &error);

    QApplication app(argc, argv);
    const BenchApp::StopBeforeQuit stopFirst{bench.get()};
    BenchApp::nameApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The app's own sync path against a real relay: time from connect to every missed event applied.\n"
        "  1. catchup --prepare ... : brings the cache to the relay's head and exits (writes to FILE).\n"
        "  2. post events to the relay (relaydesk-bench-loadgen, or relaydesk-simulator --burst N --count N).\n"
        "  3. catchup ... : measures catching up on a copy of FILE (repeatable; --in-place to write FILE)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("catchup"), QStringLiteral("the subcommand"));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("The cache (e.g. a copy of a generated one)."), QStringLiteral("FILE"));
    const QCommandLineOption relayOption(QStringLiteral("relay"), QStringLiteral("The relay, ws://HOST:PORT/ws."), QStringLiteral("URL"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"), QStringLiteral("The agent's token."), QStringLiteral("FILE"));
    const QCommandLineOption prepareOption(QStringLiteral("prepare"), QStringLiteral("Sync FILE to the relay's head and exit."));
    const QCommandLineOption inPlace(QStringLiteral("in-place"), QStringLiteral("Measure on FILE itself, not a copy."));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Give up after S seconds (default 120)."), QStringLiteral("S"),
                                     QStringLiteral("120"));
    parser.addOptions({cache, relayOption, tokenFile, prepareOption, inPlace, timeout});
    parser.process(app);
    if (!bench)
        return report.fail(error);
    const QUrl relay(parser.value(relayOption));
    QFile file(parser.value(tokenFile));
    if (!relay.isValid() || relay.isEmpty() || !file.open(QIODevice::ReadOnly))
        return report.fail(QStringLiteral("--relay URL and a readable --token-file FILE are required"));
    const QByteArray token = file.readAll().trimmed();
    const bool preparing = parser.isSet(prepareOption);
    report.set(QStringLiteral("prepare"), preparing);

    const auto mode = preparing || parser.isSet(inPlace) ? BenchApp::CacheMode::Link : BenchApp::CacheMode::Copy;
    if (!bench->installCache(relay, token, mode, &error))
        return report.fail(error);

    qint64 connectNs = 0, welcomedNs = 0, firstEventsNs = 0, caughtUpNs = 0, appliedAllNs = 0, snapshotNs = 0;
    qint64 startSeq = -1, head = -1, applied = 0, batches = 0, maxBatch = 0;
    // replay_done comes when the relay has sent everything; the app may still be writing
    // it (CacheWriter). Caught up is when the last event received before replay_done is
    // applied: in the cache and in the models.
    qint64 lastReceived = -1, target = -1, lastApplied = -1;
    bool resync = false;
    StallMonitor monitor;
    double uiCpuBefore = 0;
    const bool started = bench->start(relay, token, &error, parser.value(timeout).toInt() * 1000, [&] {
        InboxSession *session = bench->session();
        connectNs = monotonicNs();
        uiCpuBefore = threadCpuSeconds();
        monitor.start();
        startSeq = session->cache()->lastSeq();
        RelayConnection *connection = session->connection();
        QObject::connect(connection, &RelayConnection::welcomed, &app, [&] { welcomedNs = monotonicNs(); });
        QObject::connect(connection, &RelayConnection::eventsReceived, &app, [&](const QList<Event> &events) {
            for (const Event &e : events)
                lastReceived = std::max(lastReceived, e.seq);
        });
        QObject::connect(connection, &RelayConnection::caughtUp, &app, [&](qint64 at) {
            if (caughtUpNs)
                return;
            caughtUpNs = monotonicNs();
            head = at;
            target = lastReceived;
            if (lastApplied >= target)
                appliedAllNs = caughtUpNs;
        });
        QObject::connect(connection, &RelayConnection::resyncRequired, &app, [&](qint64 at) {
            resync = true;
            head = at;
        });
        QObject::connect(session->sync(), &SyncController::snapshotApplied, &app, [&] { snapshotNs = monotonicNs(); });
        QObject::connect(session->sync(), &SyncController::eventsApplied, &app, [&](const QList<Event> &events) {
            if (appliedAllNs)
                return; // live events after the replay are not part of catching up
            if (!firstEventsNs)
                firstEventsNs = monotonicNs();
            applied += events.size();
            ++batches;
            maxBatch = std::max<qint64>(maxBatch, events.size());
            for (const Event &e : events)
                lastApplied = std::max(lastApplied, e.seq);
            if (caughtUpNs && lastApplied >= target)
                appliedAllNs = monotonicNs();
        });
        QObject::connect(session->sync(), &SyncController::cacheFailed, &app,
                         [&](const QString &why) { report.say(QStringLiteral("the cache failed: ") + why); });
    });
    if (!started)
        return report.fail(error);
    InboxSession *session = bench->session();
    const bool done = BenchApp::spinUntil([&] { return appliedAllNs || (resync && snapshotNs); }, parser.value(timeout).toInt() * 1000);
    monitor.stop();
    const double uiCpu = threadCpuSeconds() - uiCpuBefore;
    if (!done)
        return report.fail(QStringLiteral("not caught up within %1 s (state %2, %3 events applied)")
                               .arg(parser.value(timeout)).arg(int(session->connection()->state())).arg(applied));
    const qint64 endSeq = session->cache()->lastSeq();
    report.set(QStringLiteral("head"), double(head));
    report.set(QStringLiteral("start_seq"), double(startSeq));
    report.set(QStringLiteral("end_seq"), double(endSeq));
    report.set(QStringLiteral("resync"), resync);

    if (preparing) {
        report.say(QStringLiteral("prepared %1: position %2 → %3 (relay head %4)%5; the cache is ready for `catchup`")
                       .arg(cachePath).arg(startSeq).arg(endSeq).arg(head)
                       .arg(resync ? QStringLiteral(" by a snapshot (resync_required)") : QString()));
        bench->stop();
        return report.finish(endSeq >= head ? 0 : 1);
    }
    if (resync)
        return report.fail(QStringLiteral("the relay asked for a resync (position %1 not in its log): run `catchup --prepare` first").arg(startSeq));

    const double totalMs = double(appliedAllNs - connectNs) / 1e6;
    const double applyMs = firstEventsNs ? double(appliedAllNs - firstEventsNs) / 1e6 : 0;
    report.say(QStringLiteral("caught up from %1 to %2 (relay head %3): %4 events in %5 batches (largest %6)")
                   .arg(startSeq).arg(endSeq).arg(head).arg(applied).arg(batches).arg(maxBatch));
    report.say(QStringLiteral("connect → welcome %1, → first events applied %2, → replay_done %3, → all applied %4; %5 events/s overall")
                   .arg(BenchReport::ms((welcomedNs - connectNs) / 1000))
                   .arg(BenchReport::ms(firstEventsNs ? (firstEventsNs - connectNs) / 1000 : 0))
                   .arg(BenchReport::ms((caughtUpNs - connectNs) / 1000))
                   .arg(BenchReport::ms((appliedAllNs - connectNs) / 1000))
                   .arg(double(applied) / (totalMs / 1000.0), 0, 'f', 0));
    report.say(QStringLiteral("UI thread during catch-up: gaps %1; over 16 ms: %2; CPU within gaps: max %3; CPU %4 s")
                   .arg(BenchReport::distribution(monitor.gaps())).arg(monitor.countOver(16'000))
                   .arg(BenchReport::ms(monitor.cpuGaps().max())).arg(uiCpu, 0, 'f', 2));
    report.set(QStringLiteral("events"), double(applied));
    report.set(QStringLiteral("batches"), double(batches));
    report.set(QStringLiteral("max_batch"), double(maxBatch));
    report.set(QStringLiteral("catchup_ms"), totalMs);
    report.set(QStringLiteral("welcome_ms"), double(welcomedNs - connectNs) / 1e6);
    report.set(QStringLiteral("replay_done_ms"), double(caughtUpNs - connectNs) / 1e6);
    report.set(QStringLiteral("apply_ms"), applyMs);
    report.set(QStringLiteral("events_per_s"), std::round(double(applied) / (totalMs / 1000.0)));
    // The list may still be reading the cache's older pages: only what is in it by now.
    report.set(QStringLiteral("conversations_in_list"), session->conversations()->totalCount());
    report.setDistribution(QStringLiteral("stall_cpu"), monitor.cpuGaps());
    report.set(QStringLiteral("stalls_cpu_over_16ms"), monitor.cpuCountOver(16'000));
    report.setDistribution(QStringLiteral("stall"), monitor.gaps());
    report.set(QStringLiteral("stalls_over_16ms"), monitor.countOver(16'000));
    report.set(QStringLiteral("ui_cpu_s"), std::round(uiCpu * 1000) / 1000);
    report.set(QStringLiteral("target_ms"), 1000);
    report.setMemory();
    bench->stop();
    return report.finish(endSeq >= head ? 0 : 1);
}

} // namespace Relaydesk::Bench
