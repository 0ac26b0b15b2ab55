#include "benchapp.h"
#include "benchclock.h"
#include "benchreport.h"
#include "cachegenerator.h"
#include "commands.h"
#include "conversationlistmodel.h"
#include "fakerelay.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "processstats.h"
#include "relayconnection.h"
#include "stallmonitor.h"
#include "synccontroller.h"
#include "threadcpu.h"

#include <QApplication>
#include <QCommandLineParser>

namespace Relaydesk::Bench {

using namespace Relaydesk::App;

int runEvents(int &argc, char **argv)
{
    BenchReport report(QStringLiteral("app-events"));
    QString cachePath;
    QString error;
    std::unique_ptr<BenchApp> bench = BenchApp::prepareFromArguments(argc, argv, &cachePath, &error);

    QApplication app(argc, argv);
    const BenchApp::StopBeforeQuit stopFirst{bench.get()};
    BenchApp::nameApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Live events at a fixed rate into the running app; the longest UI-thread stall."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("events"), QStringLiteral("the subcommand"));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("A cache made by `generate` (copied: the run does not change it)."), QStringLiteral("FILE"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Events per second (default 1000)."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("How long (default 10)."), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption openChat(QStringLiteral("open-chat-percent"), QStringLiteral("Share of messages for the open chat (default 5)."),
                                      QStringLiteral("P"), QStringLiteral("5"));
    const QCommandLineOption fresh(QStringLiteral("new-permille"), QStringLiteral("Share of messages from new customers, per mille (default 20)."),
                                   QStringLiteral("P"), QStringLiteral("20"));
    const QCommandLineOption noChat(QStringLiteral("no-chat"), QStringLiteral("Leave no chat open."));
    parser.addOptions({cache, rate, seconds, openChat, fresh, noChat});
    parser.process(app);
    if (!bench)
        return report.fail(error);

    FakeRelayThread relay;
    const quint16 port = relay.listen();
    if (!port)
        return report.fail(QStringLiteral("the relay stand-in cannot listen"));
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port));
    const QByteArray token("rdk_bench_live");
    if (!bench->installCache(url, token, BenchApp::CacheMode::Copy, &error) || !bench->start(url, token, &error))
        return report.fail(error);
    if (!bench->waitUntilLoaded())
        return report.fail(QStringLiteral("the cache was not read to the end"));
    InboxSession *session = bench->session();
    if (!BenchApp::spinUntil([&] { return session->connection()->state() == RelayConnection::State::Live; }, 10'000))
        return report.fail(QStringLiteral("the app did not connect to the relay stand-in"));

    const qint64 big = session->cache()->meta(CacheKeys::BigConversation).toLongLong();
    if (!parser.isSet(noChat) && big) {
        bench->window()->activateWindow();
        bench->window()->openConversation(big);
    }
    BenchApp::spin(1000); // the chat loads and paints; the list settles
    report.say(QStringLiteral("app live on %1 with %2 conversations; open chat %3 with %4 messages loaded")
                   .arg(url.toString()).arg(session->conversations()->totalCount())
                   .arg(session->currentConversation()).arg(session->messages()->rowCount()));

    FakeRelay::Plan plan;
    plan.eventsPerSecond = parser.value(rate).toDouble();
    plan.seconds = parser.value(seconds).toInt();
    plan.openConversation = session->currentConversation();
    plan.openChatPercent = plan.openConversation ? parser.value(openChat).toInt() : 0;
    plan.newConversationPermille = parser.value(fresh).toInt();
    plan.conversations = session->conversations()->allConversations();

    qint64 applied = 0, batches = 0, maxBatch = 0;
    QObject::connect(session->sync(), &SyncController::eventsApplied, &app, [&](const QList<Event> &events) {
        applied += events.size();
        ++batches;
        maxBatch = std::max<qint64>(maxBatch, events.size());
    });
    const ProcessSample before = sampleSelf();
    const double uiCpuBefore = threadCpuSeconds();
    StallMonitor monitor;
    monitor.start();
    const qint64 startedNs = monotonicNs();
    relay.startStreaming(plan);
    qint64 sentAllNs = 0;
    const bool done = BenchApp::spinUntil([&] {
        if (!sentAllNs && relay.relay()->finished())
            sentAllNs = monotonicNs();
        return sentAllNs && session->cache()->lastSeq() >= relay.relay()->lastSeq();
    }, plan.seconds * 1000 + 60'000);
    const qint64 appliedAllNs = monotonicNs();
    BenchApp::spin(200); // the last repaints
    monitor.stop();
    const double uiCpu = threadCpuSeconds() - uiCpuBefore;
    const ProcessSample after = sampleSelf();
    if (!done)
        return report.fail(QStringLiteral("not all events were applied: %1 of %2").arg(applied).arg(relay.relay()->eventsSent()));

    const double wall = double(appliedAllNs - startedNs) / 1e9;
    const LatencyHistogram &gaps = monitor.gaps();
    report.say(QStringLiteral("%1 events in %2 s (%3/s asked), %4 batches (largest %5); the last applied %6 after the last was sent")
                   .arg(applied).arg(wall, 0, 'f', 2).arg(plan.eventsPerSecond).arg(batches).arg(maxBatch)
                   .arg(BenchReport::ms((appliedAllNs - sentAllNs) / 1000)));
    report.say(QStringLiteral("UI thread gaps (1 ms heartbeat): %1; over 16 ms: %2, over 50 ms: %3; busy in gaps over 2 ms: %4 %")
                   .arg(BenchReport::distribution(gaps)).arg(monitor.countOver(16'000)).arg(monitor.countOver(50'000))
                   .arg(monitor.busyFraction() * 100, 0, 'f', 1));
    report.say(QStringLiteral("UI thread CPU within those gaps: %1; over 16 ms: %2 (the rest of a long gap was waiting for a CPU); the most at %3 ms")
                   .arg(BenchReport::distribution(monitor.cpuGaps())).arg(monitor.cpuCountOver(16'000)).arg(monitor.worstCpuGapAtMs()));
    report.say(QStringLiteral("after the first second: gaps %1, CPU within them %2")
                   .arg(BenchReport::distribution(monitor.steadyGaps()), BenchReport::distribution(monitor.steadyCpuGaps())));
    report.say(QStringLiteral("UI thread CPU %1 s (%2 ms per 1,000 events); process CPU %3 s")
                   .arg(uiCpu, 0, 'f', 2).arg(uiCpu * 1e6 / double(std::max<qint64>(1, applied)), 0, 'f', 1)
                   .arg(after.cpuSeconds - before.cpuSeconds, 0, 'f', 2));
    report.set(QStringLiteral("rate"), plan.eventsPerSecond);
    report.set(QStringLiteral("seconds"), plan.seconds);
    report.set(QStringLiteral("events"), double(applied));
    report.set(QStringLiteral("batches"), double(batches));
    report.set(QStringLiteral("max_batch"), double(maxBatch));
    report.set(QStringLiteral("conversations"), session->conversations()->totalCount());
    report.set(QStringLiteral("open_chat_rows"), session->messages()->rowCount());
    report.setDistribution(QStringLiteral("stall_cpu"), monitor.cpuGaps());
    report.setDistribution(QStringLiteral("steady_stall"), monitor.steadyGaps());
    report.setDistribution(QStringLiteral("steady_stall_cpu"), monitor.steadyCpuGaps());
    report.set(QStringLiteral("worst_cpu_stall_at_ms"), double(monitor.worstCpuGapAtMs()));
    report.set(QStringLiteral("stalls_cpu_over_16ms"), monitor.cpuCountOver(16'000));
    report.setDistribution(QStringLiteral("stall"), gaps);
    report.set(QStringLiteral("stalls_over_16ms"), monitor.countOver(16'000));
    report.set(QStringLiteral("stalls_over_50ms"), monitor.countOver(50'000));
    report.set(QStringLiteral("busy_fraction"), std::round(monitor.busyFraction() * 1000) / 1000);
    report.set(QStringLiteral("drain_ms"), double((appliedAllNs - sentAllNs) / 1000) / 1000.0);
    report.set(QStringLiteral("ui_cpu_s"), std::round(uiCpu * 1000) / 1000);
    report.set(QStringLiteral("ui_cpu_ms_per_1000_events"), std::round(uiCpu * 1e7 / double(std::max<qint64>(1, applied))) / 10);
    report.set(QStringLiteral("process_cpu_s"), std::round((after.cpuSeconds - before.cpuSeconds) * 1000) / 1000);
    report.set(QStringLiteral("target_stall_ms"), 16);
    report.setMemory();
    bench->stop();
    return report.finish(0);
}

} // namespace Relaydesk::Bench
