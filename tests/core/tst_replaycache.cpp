#include "agentsession.h"
#include "protocol.h"
#include "replaycache.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Relay;

// The replay cache over a real SQLite log: pages aligned and shared, frames as the
// session sends them, the tail kept only until the hub delivers past it, and the
// memory bound with least recently used pages out first.
class TestReplayCache : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void pagesAreAlignedAndReadOnce();
    void framesAreWhatSessionsSend();
    void tailIsReusedUntilTheHubDeliversPastIt();
    void memoryIsBoundedLeastRecentlyUsedOut();
    void failedReadIsNotKept();

private:
    void append(int count);
    ReplayCache::Reader reader();
    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<Store::Store> m_store;
    int m_storeReads = 0;
};

void TestReplayCache::init()
{
    m_dir = new QTemporaryDir;
    QString error;
    m_store = Store::openDefaultStore(m_dir->path(), &error);
    QVERIFY2(m_store, qPrintable(error));
    m_storeReads = 0;
}

void TestReplayCache::cleanup()
{
    m_store.reset();
    delete m_dir;
}

void TestReplayCache::append(int count)
{
    QVERIFY(m_store->beginTransaction());
    for (int i = 0; i < count; ++i) {
        Event e;
        e.kind = QString(Protocol::EventKind::ConversationUpdated);
        e.pageId = i % 3 ? QStringLiteral("page-a") : QStringLiteral("page-b");
        e.conversationId = i % 7 + 1;
        e.data = QJsonObject{{QStringLiteral("note"), QStringLiteral("event %1 ").arg(i).repeated(8)}};
        QVERIFY(m_store->appendEvent(&e));
    }
    QVERIFY(m_store->commitTransaction());
}

ReplayCache::Reader TestReplayCache::reader()
{
    return [this](qint64 seq, int limit, QList<Event> *events) {
        ++m_storeReads;
        *events = m_store->eventsAfter(seq, limit);
        return true;
    };
}

void TestReplayCache::pagesAreAlignedAndReadOnce()
{
    append(1200);
    ReplayCache cache(reader(), 500, 64 * 1024 * 1024);
    const ReplayCache::PagePtr first = cache.pageAfter(0);
    QVERIFY(first);
    QVERIFY(first->complete);
    QCOMPARE(first->after, 0);
    QCOMPARE(first->last, 500);
    QCOMPARE(first->items.size(), 500);
    QCOMPARE(first->items.first().seq, 1);
    // Sessions anywhere in the range share the page: one read.
    QCOMPARE(cache.pageAfter(123).get(), first.get());
    QCOMPARE(cache.pageAfter(499).get(), first.get());
    QCOMPARE(m_storeReads, 1);
    QCOMPARE(cache.hits(), 2);

    const ReplayCache::PagePtr second = cache.pageAfter(500);
    QCOMPARE(second->items.first().seq, 501);
    QCOMPARE(second->last, 1000);
    const ReplayCache::PagePtr tail = cache.pageAfter(1001);
    QVERIFY(!tail->complete);
    QCOMPARE(tail->after, 1000);
    QCOMPARE(tail->last, 1200);
    QCOMPARE(tail->items.size(), 200);
    QCOMPARE(m_storeReads, 3);
    QCOMPARE(cache.pageCount(), 3);
    // Past the head: an empty tail that ends where it starts.
    const ReplayCache::PagePtr beyond = cache.pageAfter(1500);
    QVERIFY(beyond->items.isEmpty());
    QCOMPARE(beyond->last, 1500);
}

void TestReplayCache::framesAreWhatSessionsSend()
{
    append(20);
    ReplayCache cache(reader(), 500, 64 * 1024 * 1024);
    const ReplayCache::PagePtr page = cache.pageAfter(0);
    const QList<Event> events = m_store->eventsAfter(0, 500);
    QCOMPARE(page->items.size(), events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        QCOMPARE(page->items[i].seq, events[i].seq);
        QCOMPARE(page->items[i].pageId, events[i].pageId);
        QCOMPARE(page->items[i].frame, AgentSession::frameText(events[i].toFrame()));
    }
}

void TestReplayCache::tailIsReusedUntilTheHubDeliversPastIt()
{
    append(700);
    ReplayCache cache(reader(), 500, 64 * 1024 * 1024);
    QCOMPARE(cache.pageAfter(600)->last, 700);
    append(5); // committed, not yet delivered by the hub
    QCOMPARE(cache.pageAfter(650)->last, 700);
    QCOMPARE(m_storeReads, 1);
    cache.eventsDelivered(690); // within the page: still the tail as far as sessions can tell
    QCOMPARE(cache.pageAfter(650)->last, 700);
    QCOMPARE(m_storeReads, 1);
    cache.eventsDelivered(702); // past it: a session taking it would miss 701..705
    QCOMPARE(cache.pageCount(), 0);
    const ReplayCache::PagePtr fresh = cache.pageAfter(650);
    QCOMPARE(fresh->last, 705);
    QCOMPARE(m_storeReads, 2);
    // A full page stays whatever is delivered.
    QVERIFY(cache.pageAfter(0)->complete);
    QCOMPARE(m_storeReads, 3);
    cache.eventsDelivered(10'000);
    cache.pageAfter(10);
    QCOMPARE(m_storeReads, 3);
    cache.pageAfter(650); // the tail is read again
    QCOMPARE(m_storeReads, 4);
}

void TestReplayCache::memoryIsBoundedLeastRecentlyUsedOut()
{
    append(2000);
    qint64 pageBytes = 0;
    {
        ReplayCache probe(reader(), 500, 64 * 1024 * 1024);
        pageBytes = probe.pageAfter(0)->bytes;
    }
    QVERIFY(pageBytes > 500 * 100); // frames of a few hundred characters, as UTF-16
    m_storeReads = 0;
    // Room for two and a half pages.
    ReplayCache cache(reader(), 500, pageBytes * 5 / 2);
    cache.pageAfter(0);
    cache.pageAfter(500);
    QCOMPARE(cache.pageCount(), 2);
    cache.pageAfter(0); // used again: now page 500 is the least recently used
    cache.pageAfter(1000);
    QCOMPARE(cache.pageCount(), 2);
    QCOMPARE(cache.evictions(), 1);
    QVERIFY(cache.bytes() <= cache.maxBytes());
    QCOMPARE(m_storeReads, 3);
    cache.pageAfter(0); // kept
    QCOMPARE(m_storeReads, 3);
    cache.pageAfter(500); // was evicted
    QCOMPARE(m_storeReads, 4);
    QVERIFY(cache.bytes() <= cache.maxBytes());

    // A bound smaller than one page still keeps the page in use, and only that one.
    ReplayCache tiny(reader(), 500, 1);
    const ReplayCache::PagePtr page = tiny.pageAfter(1500);
    QCOMPARE(page->items.size(), 500);
    tiny.pageAfter(0);
    QCOMPARE(tiny.pageCount(), 1);
    QCOMPARE(page->items.last().seq, 2000); // a session's page outlives its eviction
}

void TestReplayCache::failedReadIsNotKept()
{
    append(10);
    bool fail = true;
    ReplayCache cache(
        [&](qint64 seq, int limit, QList<Event> *events) {
            ++m_storeReads;
            *events = m_store->eventsAfter(seq, limit);
            return !fail;
        },
        500, 64 * 1024 * 1024);
    QVERIFY(!cache.pageAfter(0));
    QCOMPARE(cache.pageCount(), 0);
    fail = false;
    QCOMPARE(cache.pageAfter(0)->items.size(), 10);
    QCOMPARE(m_storeReads, 2);
}

QTEST_GUILESS_MAIN(TestReplayCache)
#include "tst_replaycache.moc"
