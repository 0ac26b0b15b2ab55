#include "eventwriter.h"
#include "protocol.h"
#include "store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Relay;

class TestEventWriter : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void unitsOfOnePassShareOneCommit();
    void failingUnitIsRolledBackAlone();
    void doneRunsOnlyAfterCommit();
    void seqsStayGapFreeAcrossFailures();

private:
    static EventWriter::Unit appendOne(const QString &pageId);
    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<Store::Store> m_store;
    Clock m_clock;
};

void TestEventWriter::init()
{
    m_dir = new QTemporaryDir;
    QString error;
    m_store = Store::openDefaultStore(m_dir->path(), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestEventWriter::cleanup()
{
    m_store.reset();
    delete m_dir;
}

EventWriter::Unit TestEventWriter::appendOne(const QString &pageId)
{
    return [pageId](WriteContext &context) {
        Event e;
        e.kind = QString(Protocol::EventKind::ConversationUpdated);
        e.pageId = pageId;
        return context.append(e);
    };
}

void TestEventWriter::unitsOfOnePassShareOneCommit()
{
    EventWriter writer(*m_store, m_clock);
    QSignalSpy committed(&writer, &EventWriter::eventsCommitted);
    for (int i = 0; i < 100; ++i)
        writer.submit(appendOne(QStringLiteral("p")));
    QCOMPARE(m_store->lastSeq(), 0); // nothing written before the event loop runs
    QVERIFY(committed.wait(5000));
    QCOMPARE(committed.size(), 1);
    QCOMPARE(writer.committedBatches(), 1);
    const auto events = committed.first().first().value<QList<Event>>();
    QCOMPARE(events.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(events.at(i).seq, i + 1);
    QCOMPARE(m_store->lastSeq(), 100);
}

void TestEventWriter::failingUnitIsRolledBackAlone()
{
    EventWriter writer(*m_store, m_clock);
    QList<bool> outcomes(3, false);
    QList<int> eventCounts(3, -1);
    auto record = [&](int i) {
        return [&, i](bool ok, const QList<Event> &events) { outcomes[i] = ok; eventCounts[i] = int(events.size()); };
    };
    writer.submit(appendOne(QStringLiteral("a")), record(0));
    writer.submit([](WriteContext &context) {
        Event e;
        e.kind = QStringLiteral("x");
        e.pageId = QStringLiteral("b");
        context.append(e); // written, then the unit fails: must not survive
        return false;
    }, record(1));
    writer.submit(appendOne(QStringLiteral("c")), record(2));
    QTRY_COMPARE(eventCounts[2], 1);
    QCOMPARE(outcomes, (QList<bool>{true, false, true}));
    QCOMPARE(eventCounts[1], 0);
    const QList<Event> stored = m_store->eventsAfter(0, 10);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0).pageId, QStringLiteral("a"));
    QCOMPARE(stored.at(1).pageId, QStringLiteral("c"));
}

void TestEventWriter::doneRunsOnlyAfterCommit()
{
    EventWriter writer(*m_store, m_clock);
    qint64 seenByDone = -1;
    bool transactionOpenInDone = true;
    writer.submit(appendOne(QStringLiteral("p")), [&](bool ok, const QList<Event> &) {
        QVERIFY(ok);
        seenByDone = m_store->lastSeq();
        // A new transaction can begin only if the batch's one was committed.
        transactionOpenInDone = !m_store->beginTransaction();
        if (!transactionOpenInDone)
            m_store->rollbackTransaction();
    });
    QTRY_COMPARE(seenByDone, 1);
    QVERIFY(!transactionOpenInDone);
}

void TestEventWriter::seqsStayGapFreeAcrossFailures()
{
    EventWriter writer(*m_store, m_clock);
    for (int i = 0; i < 20; ++i) {
        if (i % 3 == 0)
            writer.submit([](WriteContext &context) {
                Event e;
                e.kind = QStringLiteral("x");
                context.append(e);
                return false;
            });
        else
            writer.submit(appendOne(QStringLiteral("p")));
    }
    QTRY_COMPARE(writer.pendingUnits(), 0);
    QTRY_COMPARE(m_store->lastSeq(), 13); // 20 units, 7 failed
    const QList<Event> stored = m_store->eventsAfter(0, 100);
    QCOMPARE(stored.size(), 13);
    for (int i = 0; i < stored.size(); ++i)
        QCOMPARE(stored.at(i).seq, i + 1);
}

QTEST_GUILESS_MAIN(TestEventWriter)
#include "tst_eventwriter.moc"
