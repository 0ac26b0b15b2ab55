// The reader of the inbox's pages, against a real cache file.
#include "conversationpagereader.h"
#include "localcache.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Relaydesk;
using namespace Relaydesk::App;

class TestConversationPageReader : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void readsOnItsOwnThreadAheadOfTheReceiver();
    void readsEveryPageInOrder();
    void stopsWhenDestroyed();
    void unreadableCacheIsReported();

private:
    QTemporaryDir m_dir;
    QString m_path;
    QList<Conversation> m_all; // in the cache's order
};

namespace {
constexpr int Count = 1'234;
constexpr int PageSize = 100;
} // namespace

void TestConversationPageReader::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("inbox.sqlite"));
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QList<Conversation> all;
    for (int i = 1; i <= Count; ++i) {
        Conversation c;
        c.id = i;
        c.pageId = QStringLiteral("104216672283716");
        c.customer.psid = QStringLiteral("69201543%1").arg(i, 8, 10, QLatin1Char('0'));
        c.customer.name = QStringLiteral("Customer %1").arg(i);
        c.lastMessageAt = 1'000'000 + (i % 300) * 1000; // ties: pages go by (time, id)
        all.append(c);
    }
    QVERIFY(cache.applySnapshot(all, 10));
    m_all = cache.conversations(Count + 1);
    QCOMPARE(m_all.size(), Count);
}

void TestConversationPageReader::readsOnItsOwnThreadAheadOfTheReceiver()
{
    ConversationPageReader reader(m_path, PageSize);
    QSignalSpy pages(&reader, &ConversationPageReader::pageRead);
    reader.start(0, 0);
    // This thread stays out of its event loop (as a busy UI thread would): the pages
    // are read all the same, up to PagesAhead of them, then the reader waits.
    const QDeadlineTimer deadline(10'000);
    while (reader.pagesRead() < ConversationPageReader::PagesAhead && !deadline.hasExpired())
        QThread::yieldCurrentThread();
    QCOMPARE(reader.pagesRead(), ConversationPageReader::PagesAhead);
    QCOMPARE(pages.size(), 0); // delivered through this thread's event loop only
    QTRY_COMPARE(pages.size(), ConversationPageReader::PagesAhead);
    QTest::qWait(100);
    QCOMPARE(reader.pagesRead(), ConversationPageReader::PagesAhead); // no room: no more
    QCOMPARE(pages.size(), ConversationPageReader::PagesAhead);
    reader.pageTaken();
    QTRY_COMPARE(pages.size(), ConversationPageReader::PagesAhead + 1);
}

void TestConversationPageReader::readsEveryPageInOrder()
{
    // From below the first 150, as the session starts it after its first page.
    const Conversation &after = m_all.at(149);
    ConversationPageReader reader(m_path, PageSize);
    QList<Conversation> read;
    int pageCount = 0;
    connect(&reader, &ConversationPageReader::pageRead, this, [&](const QList<Conversation> &page) {
        read += page;
        ++pageCount;
        reader.pageTaken();
    });
    QSignalSpy finished(&reader, &ConversationPageReader::finished);
    reader.start(after.lastMessageAt, after.id);
    QVERIFY(finished.wait(20'000));
    QCOMPARE(finished.first().at(0).toInt(), Count - 150);
    QCOMPARE(pageCount, (Count - 150 + PageSize - 1) / PageSize);
    QCOMPARE(read.size(), Count - 150);
    for (int i = 0; i < read.size(); ++i) {
        QCOMPARE(read.at(i).id, m_all.at(150 + i).id);
        QCOMPARE(read.at(i).customer.name, m_all.at(150 + i).customer.name);
    }
    QTRY_VERIFY(!reader.isRunning()); // the thread ends right after its last signal
}

void TestConversationPageReader::stopsWhenDestroyed()
{
    auto reader = std::make_unique<ConversationPageReader>(m_path, 10);
    QSignalSpy pages(reader.get(), &ConversationPageReader::pageRead);
    reader->start(0, 0);
    QTRY_COMPARE(pages.size(), ConversationPageReader::PagesAhead); // then it waits for room
    reader.reset(); // returns: the thread saw the stop
    QCoreApplication::processEvents(); // what it had queued went with it
}

void TestConversationPageReader::unreadableCacheIsReported()
{
    QTemporaryDir dir;
    const QString notAFolder = dir.filePath(QStringLiteral("file"));
    QFile file(notAFolder);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ConversationPageReader reader(notAFolder + QStringLiteral("/inbox.sqlite"), PageSize);
    QSignalSpy failed(&reader, &ConversationPageReader::failed);
    QSignalSpy pages(&reader, &ConversationPageReader::pageRead);
    reader.start(0, 0);
    QVERIFY(failed.wait());
    QVERIFY(!failed.first().at(0).toString().isEmpty());
    QCOMPARE(pages.size(), 0);
}

QTEST_GUILESS_MAIN(TestConversationPageReader)
#include "tst_conversationpagereader.moc"
