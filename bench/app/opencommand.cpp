#include "benchapp.h"
#include "benchclock.h"
#include "benchreport.h"
#include "commands.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "mainwindow.h"
#include "stallmonitor.h"
#include "threadcpu.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QImage>
#include <QSet>
#include <QWidget>

namespace Relaydesk::Bench {

namespace {

// Distinct colours in a grab of the list: a painted list of rows has many (text,
// avatars, badges); an empty one a handful.
int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

} // namespace

int runOpen(int &argc, char **argv)
{
    const qint64 mainNs = monotonicNs();
    BenchReport report(QStringLiteral("app-open"));
    QString cachePath;
    QString error;
    std::unique_ptr<BenchApp> bench = BenchApp::prepareFromArguments(argc, argv, &cachePath, &error);

    QApplication app(argc, argv);
    const BenchApp::StopBeforeQuit stopFirst{bench.get()};
    BenchApp::nameApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time from start to the conversation list painted, and memory."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("open"), QStringLiteral("the subcommand"));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("A cache made by `generate`."), QStringLiteral("FILE"));
    const QCommandLineOption cold(QStringLiteral("cold"), QStringLiteral("Drop the cache file from the page cache first."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the painted window here."), QStringLiteral("PNG"));
    const QCommandLineOption settle(QStringLiteral("settle-ms"), QStringLiteral("Run this long after the paint, then read memory again (default 1000)."),
                                    QStringLiteral("MS"), QStringLiteral("1000"));
    parser.addOptions({cache, cold, screenshot, settle});
    parser.process(app);
    if (!bench)
        return report.fail(error);

    // Nothing listens there: the app starts offline, as on a train, and paints from its cache.
    const QUrl relay(QStringLiteral("ws://127.0.0.1:9/ws"));
    const QByteArray token("rdk_bench_offline");
    if (!bench->installCache(relay, token, BenchApp::CacheMode::Link, &error))
        return report.fail(error);
    if (parser.isSet(cold) && !bench->evictCacheFromMemory(&error))
        return report.fail(error);
    report.set(QStringLiteral("cold"), parser.isSet(cold));
    if (!bench->start(relay, token, &error))
        return report.fail(error);

    const qint64 startupUs = (bench->paintedNs - bench->startedNs) / 1000;
    const qint64 fromMainUs = (bench->paintedNs - mainNs) / 1000;
    const int rows = bench->session()->conversations()->rowCount();
    report.say(QStringLiteral("open %1 (%2): the list painted with %3 conversations %4 after AppController::startWith (%5 after main; the paint itself %6)")
                   .arg(cachePath, parser.isSet(cold) ? QStringLiteral("cold") : QStringLiteral("warm"))
                   .arg(rows)
                   .arg(BenchReport::ms(startupUs), BenchReport::ms(fromMainUs), BenchReport::ms(bench->firstPaintDurationNs / 1000)));
    report.set(QStringLiteral("open_ms"), double(startupUs) / 1000.0);
    report.set(QStringLiteral("from_main_ms"), double(fromMainUs) / 1000.0);
    report.set(QStringLiteral("first_paint_ms"), double(bench->firstPaintDurationNs / 1000) / 1000.0);
    report.set(QStringLiteral("target_ms"), 500);
    report.setMemory(QStringLiteral("painted"));

    // The rest of the inbox comes in pages from the event loop: how long until all of it
    // is in the list, and how long the UI thread is busy at a time meanwhile.
    StallMonitor monitor;
    const double uiCpuPainted = threadCpuSeconds();
    monitor.start();
    if (!bench->waitUntilLoaded())
        return report.fail(QStringLiteral("the cache was not read to the end"));
    monitor.stop();
    // What reading the rest cost the UI thread (with the monitor's 1 ms wakes, ~2 %).
    const double uiCpuLoading = threadCpuSeconds() - uiCpuPainted;
    const int total = bench->session()->conversations()->rowCount();
    report.say(QStringLiteral("all %1 conversations in the list %2 after startWith; UI thread meanwhile: longest gap %3 (CPU %4)")
                   .arg(total).arg(BenchReport::ms((bench->loadedNs - bench->startedNs) / 1000))
                   .arg(BenchReport::ms(monitor.gaps().max()), BenchReport::ms(monitor.cpuGaps().max())));
    report.say(QStringLiteral("the UI thread's CPU time while the rest was read: %1").arg(BenchReport::ms(qint64(uiCpuLoading * 1e6))));
    report.set(QStringLiteral("painted_rows"), rows);
    report.set(QStringLiteral("conversations"), total);
    report.set(QStringLiteral("loaded_ms"), double((bench->loadedNs - bench->startedNs) / 1000) / 1000.0);
    report.set(QStringLiteral("loading_stall_max_ms"), double(monitor.gaps().max()) / 1000.0);
    report.set(QStringLiteral("loading_stall_cpu_max_ms"), double(monitor.cpuGaps().max()) / 1000.0);
    report.set(QStringLiteral("loading_ui_cpu_ms"), uiCpuLoading * 1000.0);
    report.setMemory(QStringLiteral("loaded"));

    const QImage grab = bench->listViewport()->grab().toImage();
    const int colours = distinctColours(grab);
    report.say(QStringLiteral("grab of the list: %1×%2, %3 distinct colours").arg(grab.width()).arg(grab.height()).arg(colours));
    if (parser.isSet(screenshot))
        bench->window()->grab().save(parser.value(screenshot));
    if (colours < 16)
        return report.fail(QStringLiteral("the list looks empty in a grab (%1 colours)").arg(colours));

    BenchApp::spin(parser.value(settle).toInt());
    report.setMemory(QStringLiteral("settled"));
    bench->stop();
    return report.finish(0);
}

} // namespace Relaydesk::Bench
