#include "cachewriter.h"
#include "localcache.h"
#include "protocol.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Relaydesk;
using namespace Relaydesk::App;
namespace Kind = Relaydesk::Protocol::EventKind;

namespace {

const QString PageId = QStringLiteral("104216672283716");

// A customer's message and the conversation's new state, as the relay sends them.
QList<Event> customerWrites(qint64 seq, qint64 conversationId, qint64 messageId, const QString &text)
{
    Message m;
    m.id = messageId;
    m.conversationId = conversationId;
    m.mid = QStringLiteral("m_%1").arg(messageId);
    m.text = text;
    m.timestamp = 1000 + messageId;
    Conversation c;
    c.id = conversationId;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("69201543781935%1").arg(conversationId);
    c.lastMessageAt = m.timestamp;
    c.previewText = text;
    c.unreadCount = 1;
    Event created = Event::forMessage(QString(Kind::MessageCreated), PageId, m);
    created.seq = seq;
    Event updated = Event::forConversation(QString(Kind::ConversationUpdated), c);
    updated.seq = seq + 1;
    return {created, updated};
}

QList<qint64> seqs(const QList<Event> &events)
{
    QList<qint64> list;
    for (const Event &e : events)
        list.append(e.seq);
    return list;
}

} // namespace

// Live events written on the writer's own thread and connection: in order, each batch
// told after its commit, never twice, and everything given is written before it goes.
class TestCacheWriter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(++m_n));
        m_cache = std::make_unique<LocalCache>(m_path);
        QVERIFY(m_cache->open(nullptr));
    }
    void cleanup() { m_cache.reset(); }

    void writesOnItsOwnThreadInOrder();
    void toldOnlyWhatWasNew();
    void waitForIdleDeliversEverything();
    void writesWhatItWasGivenBeforeItGoes();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
    std::unique_ptr<LocalCache> m_cache; // the UI's connection
};

void TestCacheWriter::writesOnItsOwnThreadInOrder()
{
    CacheWriter writer(m_path);
    QVERIFY(writer.open(nullptr));
    QSignalSpy written(&writer, &CacheWriter::eventsWritten);
    QThread *told = nullptr;
    bool committedWhenTold = false;
    connect(&writer, &CacheWriter::eventsWritten, this, [&](const QList<Event> &, qint64 lastSeq) {
        told = QThread::currentThread();
        // What listeners hear about is already in the file, for any connection.
        committedWhenTold = m_cache->lastSeq() == lastSeq;
    });
    for (int i = 0; i < 20; ++i)
        writer.applyEvents(customerWrites(1 + 2 * i, 7, 100 + i, QStringLiteral("message %1").arg(i)));
    QTRY_COMPARE(writer.pendingBatches(), 0);
    QCOMPARE(told, QThread::currentThread());
    QVERIFY(committedWhenTold);
    QList<qint64> all;
    for (const QList<QVariant> &args : std::as_const(written))
        all += seqs(args.at(0).value<QList<Event>>());
    QList<qint64> expected;
    for (qint64 seq = 1; seq <= 40; ++seq)
        expected.append(seq);
    QCOMPARE(all, expected);
    QCOMPARE(written.last().at(1).toLongLong(), 40);
    QCOMPARE(m_cache->lastSeq(), 40);
    QCOMPARE(m_cache->messages(7, 100).size(), 20);
    QCOMPARE(m_cache->conversation(7)->previewText, QStringLiteral("message 19"));
}

void TestCacheWriter::toldOnlyWhatWasNew()
{
    CacheWriter writer(m_path);
    QVERIFY(writer.open(nullptr));
    QSignalSpy written(&writer, &CacheWriter::eventsWritten);
    writer.applyEvents(customerWrites(1, 7, 100, QStringLiteral("first")));
    writer.waitForIdle();
    // A replay overlapping what is written: only seq 3 and 4 are news.
    writer.applyEvents(customerWrites(1, 7, 100, QStringLiteral("first")) + customerWrites(3, 7, 101, QStringLiteral("second")));
    writer.waitForIdle();
    QCOMPARE(written.size(), 2);
    QCOMPARE(seqs(written.last().at(0).value<QList<Event>>()), (QList<qint64>{3, 4}));
    QCOMPARE(m_cache->messages(7, 10).size(), 2);
}

void TestCacheWriter::waitForIdleDeliversEverything()
{
    CacheWriter writer(m_path);
    QVERIFY(writer.open(nullptr));
    qint64 lastTold = 0;
    connect(&writer, &CacheWriter::eventsWritten, this, [&](const QList<Event> &, qint64 lastSeq) { lastTold = lastSeq; });
    for (int i = 0; i < 50; ++i)
        writer.applyEvents(customerWrites(1 + 2 * i, 1 + i % 5, 100 + i, QStringLiteral("m")));
    writer.waitForIdle(); // no event loop in between: the notifications came with it
    QCOMPARE(lastTold, 100);
    QCOMPARE(writer.pendingBatches(), 0);
    QCOMPARE(m_cache->lastSeq(), 100);
}

void TestCacheWriter::writesWhatItWasGivenBeforeItGoes()
{
    {
        CacheWriter writer(m_path);
        QVERIFY(writer.open(nullptr));
        for (int i = 0; i < 30; ++i)
            writer.applyEvents(customerWrites(1 + 2 * i, 7, 100 + i, QStringLiteral("m %1").arg(i)));
    } // quitting with batches on their way
    QCOMPARE(m_cache->lastSeq(), 60);
    QCOMPARE(m_cache->messages(7, 100).size(), 30);
}

QTEST_GUILESS_MAIN(TestCacheWriter)
#include "tst_cachewriter.moc"
