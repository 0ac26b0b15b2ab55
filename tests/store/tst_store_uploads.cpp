// The Store contract: agents' uploads. The rows are what quotas count on every
// relay; the bytes go in and come out a chunk at a time. Two Store connections on
// one database stand for two relays.

#include "storebackend.h"
#include "uploadtable.h"

#include <QBuffer>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;

namespace {

UploadRecord record(const QString &id, qint64 agentId, qint64 size, qint64 createdAt)
{
    return UploadRecord{id, agentId, QStringLiteral("image/png"), QStringLiteral("r\u00e9sum\u00e9.png"), size, createdAt};
}

QString id(int n) { return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0')); }

// Bytes no chunking can line up by accident: every position differs from its neighbours.
QByteArray pattern(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char((i * 131 + i / 251) & 0xff);
    return bytes;
}

} // namespace

class TestStoreUploads : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void rowsAreSeenByEveryConnection();
    void usageCountsEveryRelaysUploads();
    void bytesGoInAndComeOutInChunks();
    void removingTheRowRemovesTheBytes();
    void oldestFirstForTheSweep();

private:
    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_a;
    std::unique_ptr<Relaydesk::Store::Store> m_b;
};

void TestStoreUploads::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreUploads::init()
{
    m_backend = std::make_unique<StoreBackend>();
    QString error;
    m_a = m_backend->create(&error);
    QVERIFY2(m_a, qPrintable(error));
    m_b = m_backend->create(&error);
    QVERIFY2(m_b, qPrintable(error));
}

void TestStoreUploads::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_backend.reset();
}

void TestStoreUploads::rowsAreSeenByEveryConnection()
{
    QVERIFY(m_a->addUpload(record(id(1), 7, 1234, 1000)));
    const auto seen = m_b->upload(id(1));
    QVERIFY(seen);
    QCOMPARE(seen->agentId, 7);
    QCOMPARE(seen->mimeType, QStringLiteral("image/png"));
    QCOMPARE(seen->name, QStringLiteral("r\u00e9sum\u00e9.png"));
    QCOMPARE(seen->size, 1234);
    QCOMPARE(seen->createdAt, 1000);
    QVERIFY(!m_a->addUpload(record(id(1), 8, 1, 1))); // ids are unique
    QVERIFY(!m_b->upload(id(2)));
}

void TestStoreUploads::usageCountsEveryRelaysUploads()
{
    auto usage = m_a->uploadUsage(7);
    QVERIFY(usage);
    QCOMPARE(usage->agentBytes, 0);
    QCOMPARE(usage->totalBytes, 0);
    QVERIFY(m_a->addUpload(record(id(1), 7, 100, 1000)));
    QVERIFY(m_b->addUpload(record(id(2), 7, 20, 1000)));   // the same agent through another relay
    QVERIFY(m_b->addUpload(record(id(3), 8, 3000, 1000))); // someone else
    usage = m_a->uploadUsage(7);
    QVERIFY(usage);
    QCOMPARE(usage->agentBytes, 120);
    QCOMPARE(usage->totalBytes, 3120);
    QCOMPARE(m_b->uploadUsage(8)->agentBytes, 3000);
    QVERIFY(m_b->removeUpload(id(1)));
    QCOMPARE(m_a->uploadUsage(7)->agentBytes, 20);
    QCOMPARE(m_a->uploadUsage(7)->totalBytes, 3020);
}

void TestStoreUploads::bytesGoInAndComeOutInChunks()
{
    // Over several chunks and not a multiple of one.
    const QByteArray data = pattern(2 * UploadTable::ChunkBytes + 12345);
    QVERIFY(m_a->addUpload(record(id(1), 7, data.size(), 1000)));
    QBuffer source;
    source.setData(data);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY2(m_a->writeUploadBytes(id(1), source), qPrintable(m_a->lastError()));
    const auto read = m_b->uploadBytes(id(1), data.size());
    QVERIFY(read);
    QCOMPARE(read->size(), data.size());
    QVERIFY(*read == data);
    // Not all there (the size the row promises is more): nothing, rather than a cut file.
    QVERIFY(!m_b->uploadBytes(id(1), data.size() + 1));
    // No row, no bytes: the chunks belong to an upload.
    QBuffer orphan;
    orphan.setData("abc");
    QVERIFY(orphan.open(QIODevice::ReadOnly));
    QVERIFY(!m_a->writeUploadBytes(id(9), orphan));
    QVERIFY(!m_a->uploadBytes(id(9), 3));
    // The store is usable after that failure.
    QVERIFY(m_a->addUpload(record(id(2), 7, 1, 1000)));
}

void TestStoreUploads::removingTheRowRemovesTheBytes()
{
    const QByteArray data = pattern(UploadTable::ChunkBytes + 1);
    QVERIFY(m_a->addUpload(record(id(1), 7, data.size(), 1000)));
    QBuffer source;
    source.setData(data);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(m_a->writeUploadBytes(id(1), source));
    QVERIFY(m_b->removeUpload(id(1)));
    QVERIFY(!m_a->upload(id(1)));
    QVERIFY(!m_a->uploadBytes(id(1), data.size()));
    QVERIFY(!m_a->removeUpload(id(1))); // gone already
    // The id can be used again without the old chunks in the way.
    QVERIFY(m_a->addUpload(record(id(1), 7, 3, 2000)));
    QBuffer again;
    again.setData("xyz");
    QVERIFY(again.open(QIODevice::ReadOnly));
    QVERIFY(m_a->writeUploadBytes(id(1), again));
    QCOMPARE(*m_b->uploadBytes(id(1), 3), QByteArray("xyz"));
}

void TestStoreUploads::oldestFirstForTheSweep()
{
    QVERIFY(m_a->addUpload(record(id(1), 7, 1, 3000)));
    QVERIFY(m_a->addUpload(record(id(2), 7, 1, 1000)));
    QVERIFY(m_b->addUpload(record(id(3), 8, 1, 2000)));
    QVERIFY(m_b->addUpload(record(id(4), 8, 1, 9000)));
    QCOMPARE(m_a->uploadsCreatedBefore(3001, 10), QStringList({id(2), id(3), id(1)}));
    QCOMPARE(m_b->uploadsCreatedBefore(3000, 1), QStringList({id(2)}));
    QCOMPARE(m_b->uploadsCreatedBefore(1000, 10), QStringList());
}

QTEST_GUILESS_MAIN(TestStoreUploads)
#include "tst_store_uploads.moc"
