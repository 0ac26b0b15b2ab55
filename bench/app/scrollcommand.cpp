#include "benchapp.h"
#include "benchclock.h"
#include "benchreport.h"
#include "cachegenerator.h"
#include "chatpanel.h"
#include "chatview.h"
#include "commands.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "messagelistmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QAbstractItemView>
#include <QListView>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QWheelEvent>

namespace Relaydesk::Bench {

using namespace Relaydesk::App;

namespace {

// One frame: the input, then everything it made the UI thread do before it could
// wait again (the posted update request that paints and flushes the window, the
// views' zero timers for layouts). No waiting is counted, only work.
template<typename Action>
qint64 frameUs(Action action)
{
    const qint64 t0 = monotonicNs();
    action();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
    return (monotonicNs() - t0) / 1000;
}

void wheel(QAbstractItemView *view, int steps)
{
    QWidget *viewport = view->viewport();
    const QPointF at(viewport->width() / 2.0, viewport->height() / 2.0);
    // One notch of a mouse wheel: 120 eighths of a degree; negative scrolls down.
    QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &event);
}

struct Scrolling
{
    LatencyHistogram wheel, page, jump;
    int paints = 0; // paint events of the viewport: each step must have painted
};

// Counts a widget's paint events.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *widget) { widget->installEventFilter(this); }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
    int paints = 0;
};

Scrolling scroll(QAbstractItemView *view, int wheelSteps, int pageSteps, int jumps, int direction)
{
    Scrolling s;
    PaintCounter counter(view->viewport());
    QScrollBar *bar = view->verticalScrollBar();
    for (int i = 0; i < wheelSteps; ++i)
        s.wheel.record(frameUs([&] { wheel(view, direction); }));
    const auto action = direction < 0 ? QAbstractSlider::SliderPageStepAdd : QAbstractSlider::SliderPageStepSub;
    for (int i = 0; i < pageSteps && (direction < 0 ? bar->value() < bar->maximum() : bar->value() > bar->minimum()); ++i)
        s.page.record(frameUs([&] { bar->triggerAction(action); }));
    // Dragging the thumb: anywhere in the list, a whole new screen of rows each time.
    QRandomGenerator random(11);
    for (int i = 0; i < jumps; ++i)
        s.jump.record(frameUs([&] { bar->setValue(int(random.bounded(quint32(bar->maximum() + 1)))); }));
    s.paints = counter.paints;
    return s;
}

void reportScrolling(BenchReport &report, const QString &what, const Scrolling &s)
{
    report.say(QStringLiteral("%1, wheel notch: %2").arg(what, BenchReport::distribution(s.wheel)));
    report.say(QStringLiteral("%1, page step: %2").arg(what, BenchReport::distribution(s.page)));
    report.say(QStringLiteral("%1, thumb jump: %2").arg(what, BenchReport::distribution(s.jump)));
    const qint64 steps = s.wheel.count() + s.page.count() + s.jump.count();
    report.say(QStringLiteral("%1: %2 paints of the viewport in %3 steps").arg(what).arg(s.paints).arg(steps));
    report.set(what + QStringLiteral("_paints_per_step"), std::round(100.0 * s.paints / double(std::max<qint64>(1, steps))) / 100);
    report.setDistribution(what + QStringLiteral("_wheel"), s.wheel);
    report.setDistribution(what + QStringLiteral("_page"), s.page);
    report.setDistribution(what + QStringLiteral("_jump"), s.jump);
}

} // namespace

int runScroll(int &argc, char **argv)
{
    BenchReport report(QStringLiteral("app-scroll"));
    QString cachePath;
    QString error;
    std::unique_ptr<BenchApp> bench = BenchApp::prepareFromArguments(argc, argv, &cachePath, &error);

    QApplication app(argc, argv);
    const BenchApp::StopBeforeQuit stopFirst{bench.get()};
    BenchApp::nameApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Frame time per scroll step of the conversation list and of a long chat."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scroll"), QStringLiteral("the subcommand"));
    const QCommandLineOption cache(QStringLiteral("cache"), QStringLiteral("A cache made by `generate`."), QStringLiteral("FILE"));
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Wheel notches and page steps per list (default 300)."),
                                   QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption jumps(QStringLiteral("jumps"), QStringLiteral("Thumb jumps per list (default 100)."), QStringLiteral("N"),
                                   QStringLiteral("100"));
    const QCommandLineOption historyPage(QStringLiteral("history-page"), QStringLiteral("Messages per page of older history (default 50, as the app asks)."),
                                         QStringLiteral("N"), QStringLiteral("50"));
    parser.addOptions({cache, steps, jumps, historyPage});
    parser.process(app);
    if (!bench)
        return report.fail(error);

    const QUrl relay(QStringLiteral("ws://127.0.0.1:9/ws"));
    const QByteArray token("rdk_bench_offline");
    if (!bench->installCache(relay, token, BenchApp::CacheMode::Link, &error) || !bench->start(relay, token, &error))
        return report.fail(error);
    if (!bench->waitUntilLoaded())
        return report.fail(QStringLiteral("the cache was not read to the end"));
    BenchApp::spin(500);
    InboxSession *session = bench->session();
    const int n = parser.value(steps).toInt();
    const int j = parser.value(jumps).toInt();

    QAbstractItemView *list = bench->window()->listPanel()->view();
    report.say(QStringLiteral("list: %1 conversations, viewport %2×%3")
                   .arg(session->conversations()->rowCount()).arg(list->viewport()->width()).arg(list->viewport()->height()));
    {
        // What a model change costs the list before any paint: QListView lays out every
        // row again after each insert, move or dataChanged (uniform sizes or not).
        LatencyHistogram layouts;
        for (int i = 0; i < 20; ++i) {
            const qint64 t0 = monotonicNs();
            list->doItemsLayout();
            layouts.record((monotonicNs() - t0) / 1000);
        }
        report.say(QStringLiteral("list relayout (doItemsLayout) of %1 rows: %2").arg(list->model()->rowCount()).arg(BenchReport::distribution(layouts)));
        report.setDistribution(QStringLiteral("list_relayout"), layouts);
    }
    reportScrolling(report, QStringLiteral("list"), scroll(list, n, n, j, -1));

    // The long chat: opened as the agent opens it (the newest page from the cache),
    // then its older history arriving page by page as SyncController delivers it
    // (olderMessagesLoaded → prependOlder), here read from the cache.
    const qint64 big = session->cache()->meta(CacheKeys::BigConversation).toLongLong();
    const int total = session->cache()->messageCount(big);
    ChatView *chat = bench->window()->chatPanel()->view();
    const qint64 openUs = frameUs([&] { bench->window()->openConversation(big); });
    BenchApp::spin(300);
    report.say(QStringLiteral("chat %1: opened with %2 messages in %3").arg(big).arg(session->messages()->rowCount()).arg(BenchReport::ms(openUs)));
    report.set(QStringLiteral("chat_open_ms"), double(openUs) / 1000.0);
    LatencyHistogram history;
    const int pageSize = parser.value(historyPage).toInt();
    while (session->messages()->rowCount() < total) {
        const Message oldest = session->messages()->messageAt(0);
        const QList<Message> older = session->cache()->messages(big, pageSize, oldest.timestamp, oldest.id);
        if (older.isEmpty())
            break;
        history.record(frameUs([&] { session->messages()->prependOlder(big, older); }));
    }
    report.say(QStringLiteral("chat: %1 older messages in pages of %2, each page: %3")
                   .arg(session->messages()->rowCount()).arg(pageSize).arg(BenchReport::distribution(history)));
    report.setDistribution(QStringLiteral("chat_history_page"), history);
    report.set(QStringLiteral("chat_messages"), session->messages()->rowCount());
    chat->scrollToBottom();
    BenchApp::spin(300);
    reportScrolling(report, QStringLiteral("chat"), scroll(chat, n, 100'000, j, 1));
    report.setMemory();
    bench->stop();
    return report.finish(0);
}

} // namespace Relaydesk::Bench
