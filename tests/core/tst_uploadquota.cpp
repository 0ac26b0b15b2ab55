#include "clock.h"
#include "metrics.h"
#include "storebackend.h"
#include "uploadquota.h"
#include "uploadstore.h"
#include "uploadsweeper.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Relay;

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 Hour = 3600 * 1000;

// The store's clock, moved by the test.
class TestClock : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }

private:
    qint64 m_now = 1'700'000'000'000;
};

Store::UploadUsage held(qint64 agent, qint64 total) { return Store::UploadUsage{agent, total}; }

} // namespace

// Upload quotas, the rate and the sweep of unsent uploads (issues 12.3, 13.6 and
// 14.4/14.5), on a real store (both backends: RELAYDESK_TEST_STORE) and a real
// folder. Two Store connections on one database stand for two relays.
class TestUploadQuota : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void rateIsPerAgentAndRefills();
    void quotasPerAgentAndInAll();
    void refusalsSayWhy();
    void storeCountsAndReleases();
    void quotasCountEveryRelaysUploads();
    void bytesLiveWhereTheStoreSays();
    void otherRelayReadsTheBytes();
    void sidecarsOfEarlierVersionsAreAdopted();
    void sweepDeletesOnlyWhatExpired();
    void sweepIsLeasedToOneRelay();
    void sweepTakesStrayFiles();

private:
    std::unique_ptr<QTemporaryFile> body(const QByteArray &bytes);
    std::unique_ptr<UploadStore> uploads(Store::Store &store, UploadQuota::Limits limits = {});
    std::optional<UploadStore::Stored> save(UploadStore &store, qint64 agent, const QByteArray &bytes,
                                            UploadQuota::Refusal *refused = nullptr);
    QString uploadsDir() const { return m_data.filePath(QStringLiteral("uploads")); }

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Store::Store> m_a;
    std::unique_ptr<Store::Store> m_b;
    QTemporaryDir m_data;
    TestClock m_clock;
};

void TestUploadQuota::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestUploadQuota::init()
{
    m_backend = std::make_unique<StoreBackend>();
    QString error;
    m_a = m_backend->create(&error);
    QVERIFY2(m_a, qPrintable(error));
    m_b = m_backend->create(&error);
    QVERIFY2(m_b, qPrintable(error));
    QDir(uploadsDir()).removeRecursively();
}

void TestUploadQuota::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_backend.reset();
}

// A request body as the HTTP layer leaves it: a temporary file in <data>/incoming.
std::unique_ptr<QTemporaryFile> TestUploadQuota::body(const QByteArray &bytes)
{
    QDir().mkpath(m_data.filePath(QStringLiteral("incoming")));
    auto file = std::make_unique<QTemporaryFile>(m_data.filePath(QStringLiteral("incoming/body-XXXXXX")));
    if (!file->open() || file->write(bytes) != bytes.size() || !file->flush())
        return nullptr;
    return file;
}

std::unique_ptr<UploadStore> TestUploadQuota::uploads(Store::Store &store, UploadQuota::Limits limits)
{
    return std::make_unique<UploadStore>(store, m_data.path(), m_clock, limits);
}

std::optional<UploadStore::Stored> TestUploadQuota::save(UploadStore &store, qint64 agent, const QByteArray &bytes,
                                                         UploadQuota::Refusal *refused)
{
    const auto file = body(bytes);
    if (!file)
        return std::nullopt;
    return store.save(agent, QStringLiteral("text/plain"), QStringLiteral("a.txt"), *file, refused);
}

void TestUploadQuota::rateIsPerAgentAndRefills()
{
    UploadQuota quota({3, 100 * KiB, 1000 * KiB});
    for (int i = 0; i < 3; ++i)
        QVERIFY(!quota.takeRate(1, 0)); // a burst of the whole minute's worth
    const auto refused = quota.takeRate(1, 0);
    QVERIFY(refused);
    QCOMPARE(refused->status, 429);
    QCOMPARE(refused->reason, QStringLiteral("rate_limited"));
    QCOMPARE(refused->retryAfterSeconds, 20); // one upload per 20 s
    QVERIFY(!quota.takeRate(2, 0));           // another agent has its own
    QVERIFY(quota.takeRate(1, 19'000));        // not yet
    for (int i = 0; i < 3; ++i)
        QVERIFY(!quota.takeRate(1, 60'000));   // refilled, up to the burst
    QVERIFY(quota.takeRate(1, 60'000));
}

void TestUploadQuota::quotasPerAgentAndInAll()
{
    UploadQuota quota({1000, 100 * KiB, 150 * KiB});
    QVERIFY(!quota.fits(held(0, 0), 100 * KiB)); // exactly the quota fits
    auto refused = quota.fits(held(100 * KiB, 100 * KiB), 1);
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
    QCOMPARE(refused->reason, QStringLiteral("agent_quota_exceeded"));
    QVERIFY(!quota.fits(held(0, 100 * KiB), 50 * KiB));
    refused = quota.fits(held(0, 150 * KiB), 1);
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
    QCOMPARE(refused->reason, QStringLiteral("total_quota_exceeded"));
    // The rate goes first: a refused rate takes no look at the bytes.
    UploadQuota once({1, 100 * KiB, 150 * KiB});
    QVERIFY(!once.admit(1, held(0, 0), 1, 0));
    QCOMPARE(once.admit(1, held(0, 0), 1, 0)->status, 429);
}

void TestUploadQuota::refusalsSayWhy()
{
    UploadQuota quota({1, 2 * 1024 * KiB, 100 * 1024 * KiB});
    const auto full = quota.fits(held(1536 * KiB, 1536 * KiB), 1024 * KiB);
    QVERIFY(full);
    const QJsonObject json = QJsonDocument::fromJson(full->toJson()).object();
    QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("agent_quota_exceeded"));
    const QString message = json.value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QLatin1String("1.5 MiB")) && message.contains(QLatin1String("2 MiB")), qPrintable(message));
    QVERIFY(!json.contains(QStringLiteral("retry_after")));
    QVERIFY(!quota.takeRate(7, 0));
    const auto fast = quota.takeRate(7, 0);
    QVERIFY(fast);
    QCOMPARE(quota.fits(held(0, 0), 3 * 1024 * KiB)->message,
             QStringLiteral("your files not sent yet take 0 KiB and this one 3 MiB, over your 2 MiB; "
                            "send or wait for unsent ones to expire"));
    QVERIFY(UploadQuota({1, 1024 * KiB, 1024 * 1024 * KiB}).fits(held(0, 0), 1025 * KiB)->message.contains(QLatin1String("1 MiB")));
    const QJsonObject rate = QJsonDocument::fromJson(fast->toJson()).object();
    QCOMPARE(rate.value(QStringLiteral("error")).toString(), QStringLiteral("rate_limited"));
    QCOMPARE(rate.value(QStringLiteral("retry_after")).toInt(), 60);
    const QJsonObject away = QJsonDocument::fromJson(UploadQuota::unavailable().toJson()).object();
    QCOMPARE(UploadQuota::unavailable().status, 503);
    QCOMPARE(away.value(QStringLiteral("error")).toString(), QStringLiteral("unavailable"));
}

void TestUploadQuota::storeCountsAndReleases()
{
    auto store = uploads(*m_a, {100, 10 * KiB, 100 * KiB});
    QVERIFY(!store->admit(1, 6 * KiB));
    const auto first = save(*store, 1, QByteArray(6 * KiB, 'a'));
    QVERIFY(first);
    QCOMPARE(m_a->uploadUsage(1)->agentBytes, 6 * KiB);
    const auto refused = store->admit(1, 6 * KiB);
    QVERIFY(refused);
    QCOMPARE(refused->reason, QStringLiteral("agent_quota_exceeded"));
    // Judged again when stored: a declared size may have been smaller than the body.
    UploadQuota::Refusal refusal;
    QVERIFY(!save(*store, 1, QByteArray(5 * KiB, 'b'), &refusal));
    QCOMPARE(refusal.reason, QStringLiteral("agent_quota_exceeded"));
    QCOMPARE(m_a->uploadsCreatedBefore(m_clock.nowMs() + 1, 10).size(), 1);
    store->remove(first->id); // the Send API took it
    QCOMPARE(m_a->uploadUsage(1)->agentBytes, 0);
    QCOMPARE(m_a->uploadUsage(1)->totalBytes, 0);
    QVERIFY(!store->admit(1, 6 * KiB));
    store->remove(first->id); // twice: nothing happens
    store->remove(QStringLiteral("../relaydesk.sqlite"));
    QVERIFY(!store->find(QStringLiteral("../relaydesk.sqlite")));
}

// Relay A holds 8 KiB of agent 1's uploads; relay B must count them too (a quota
// per process would let an agent take it once per relay).
void TestUploadQuota::quotasCountEveryRelaysUploads()
{
    auto relayA = uploads(*m_a, {100, 10 * KiB, 12 * KiB});
    auto relayB = uploads(*m_b, {100, 10 * KiB, 12 * KiB});
    QVERIFY(save(*relayA, 1, QByteArray(8 * KiB, 'a')));
    const auto agent = relayB->admit(1, 4 * KiB);
    QVERIFY(agent);
    QCOMPARE(agent->reason, QStringLiteral("agent_quota_exceeded"));
    UploadQuota::Refusal refusal;
    QVERIFY(!save(*relayB, 1, QByteArray(4 * KiB, 'b'), &refusal));
    QCOMPARE(refusal.reason, QStringLiteral("agent_quota_exceeded"));
    QVERIFY(save(*relayB, 2, QByteArray(3 * KiB, 'c')));
    QVERIFY(!save(*relayA, 3, QByteArray(2 * KiB, 'd'), &refusal)); // 13 KiB in all, over 12
    QCOMPARE(refusal.reason, QStringLiteral("total_quota_exceeded"));
    // A restart is no way around it either: the rows stay.
    relayA = uploads(*m_a, {100, 10 * KiB, 12 * KiB});
    QVERIFY(relayA->admit(1, 4 * KiB));
}

// PostgreSQL (shared): the bytes are in the database and nothing is written to the
// relay's folder. SQLite: the body's temporary file is renamed into uploads/ (0600).
void TestUploadQuota::bytesLiveWhereTheStoreSays()
{
    auto store = uploads(*m_a);
    const QByteArray bytes = QByteArray(600 * KiB, 'z') + "end";
    const auto file = body(bytes);
    QVERIFY(file);
    const QString temporary = file->fileName();
    const auto stored = store->save(1, QStringLiteral("text/plain"), QStringLiteral("a.txt"), *file);
    QVERIFY(stored);
    QCOMPARE(stored->size, bytes.size());
    QCOMPARE(store->load(stored->id)->data, bytes);
    const QString kept = uploadsDir() + QLatin1Char('/') + stored->id;
    if (m_a->isShared()) {
        QVERIFY(store->bytesInStore());
        QCOMPARE(*m_a->uploadBytes(stored->id, bytes.size()), bytes);
        QVERIFY(!QFile::exists(kept));
        QVERIFY(!QDir(uploadsDir()).exists());
    } else {
        QVERIFY(!store->bytesInStore());
        QVERIFY(QFile::exists(kept));
        QVERIFY(!QFile::exists(temporary)); // moved, not copied
        QCOMPARE(QFile::permissions(kept) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(!m_a->uploadBytes(stored->id, bytes.size())); // not in the database
    }
}

// What relay A stored, relay B sends (where the bytes live must be shared).
void TestUploadQuota::otherRelayReadsTheBytes()
{
    auto relayA = uploads(*m_a);
    auto relayB = uploads(*m_b);
    const QByteArray bytes = QByteArray("%PDF-1.4\n") + QByteArray(300 * KiB, 'p');
    const auto stored = save(*relayA, 5, bytes);
    QVERIFY(stored);
    const auto loaded = relayB->load(stored->id);
    QVERIFY(loaded);
    QCOMPARE(loaded->agentId, 5);
    QCOMPARE(loaded->data, bytes);
    relayB->remove(stored->id);
    QVERIFY(!relayA->load(stored->id));
}

void TestUploadQuota::sidecarsOfEarlierVersionsAreAdopted()
{
    // What a SQLite relay kept before the uploads table: <id> and <id>.json.
    const QString id = QStringLiteral("0123456789abcdef0123456789abcdef");
    QVERIFY(QDir().mkpath(uploadsDir()));
    QFile file(uploadsDir() + QLatin1Char('/') + id);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("kept over the update");
    file.close();
    QFile sidecar(uploadsDir() + QLatin1Char('/') + id + QStringLiteral(".json"));
    QVERIFY(sidecar.open(QIODevice::WriteOnly));
    sidecar.write(R"({"agent_id":4,"mime_type":"text/plain","name":"note.txt","size":20,"created_at":1700000000000})");
    sidecar.close();
    auto store = uploads(*m_a);
    if (m_a->isShared()) {
        QVERIFY(!store->find(id)); // a relay on PostgreSQL reads no folder
        return;
    }
    QVERIFY(!QFile::exists(sidecar.fileName()));
    const auto loaded = store->load(id);
    QVERIFY(loaded);
    QCOMPARE(loaded->agentId, 4);
    QCOMPARE(loaded->name, QStringLiteral("note.txt"));
    QCOMPARE(loaded->data, QByteArray("kept over the update"));
    QCOMPARE(m_a->uploadUsage(4)->agentBytes, 20);
    QCOMPARE(m_a->upload(id)->createdAt, 1'700'000'000'000);
}

void TestUploadQuota::sweepDeletesOnlyWhatExpired()
{
    auto store = uploads(*m_a);
    Metrics metrics;
    UploadSweeper sweeper(*store, *m_a, m_clock, &metrics, {24 * Hour, QStringLiteral("relay-a"), 10'000});
    const QString old = save(*store, 1, "old")->id;
    m_clock.advance(2 * Hour);
    const QString young = save(*store, 1, "young")->id;
    m_clock.advance(22 * Hour - 1); // old is 24 h less 1 ms old
    QCOMPARE(sweeper.sweep(), 0);
    QVERIFY(store->load(old));
    m_clock.advance(2);
    QCOMPARE(sweeper.sweep(), 1);
    QVERIFY(!store->load(old));
    QVERIFY(!QFile::exists(uploadsDir() + QLatin1Char('/') + old));
    QVERIFY(store->load(young));
    QCOMPARE(m_a->uploadUsage(1)->totalBytes, 5);
    m_clock.advance(2 * Hour);
    QCOMPARE(sweeper.sweep(), 1);
    QCOMPARE(m_a->uploadUsage(1)->totalBytes, 0);
    QVERIFY(!QDir(uploadsDir()).exists() || QDir(uploadsDir()).isEmpty());
    const QByteArray rendered = metrics.render(0, 0, 0);
    QVERIFY(rendered.contains("relaydesk_upload_sweeps_total 3\n"));
    QVERIFY(rendered.contains("relaydesk_uploads_swept_total 2\n"));
}

// Two relays: the one holding the "sweep" lease sweeps, the other does not, until
// the lease has expired (the sweeping relay died).
void TestUploadQuota::sweepIsLeasedToOneRelay()
{
    auto storeA = uploads(*m_a);
    auto storeB = uploads(*m_b);
    Metrics metricsA;
    Metrics metricsB;
    UploadSweeper sweeperA(*storeA, *m_a, m_clock, &metricsA, {24 * Hour, QStringLiteral("relay-a"), 10'000});
    UploadSweeper sweeperB(*storeB, *m_b, m_clock, &metricsB, {24 * Hour, QStringLiteral("relay-b"), 10'000});
    QVERIFY(save(*storeA, 1, "one"));
    QVERIFY(save(*storeB, 1, "two"));
    m_clock.advance(25 * Hour);
    QCOMPARE(sweeperA.sweep(), 2);  // both relays' uploads
    QCOMPARE(sweeperB.sweep(), -1); // A holds the sweep
    m_clock.advance(9'000);
    QCOMPARE(sweeperB.sweep(), -1); // still A's (leases last 10 s unless renewed)
    QVERIFY(metricsB.render(0, 0, 0).contains("relaydesk_upload_sweeps_total 0\n"));
    m_clock.advance(2'000);          // A stopped renewing: B takes the sweep over
    QCOMPARE(sweeperB.sweep(), 0);
    QCOMPARE(sweeperA.sweep(), -1);
    QVERIFY(metricsB.render(0, 0, 0).contains("relaydesk_upload_sweeps_total 1\n"));
    QVERIFY(metricsA.render(0, 0, 0).contains("relaydesk_upload_sweeps_total 1\n"));
}

void TestUploadQuota::sweepTakesStrayFiles()
{
    auto store = uploads(*m_a);
    const QString kept = save(*store, 1, "keep")->id;
    // A file no row owns (a crash between moving the body and recording it), a day old.
    QVERIFY(QDir().mkpath(uploadsDir()));
    const QString stray = uploadsDir() + QStringLiteral("/0123456789abcdef0123456789abcdef");
    QFile file(stray);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("half");
    file.close();
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-25 * 3600), QFileDevice::FileModificationTime));
    file.close();
    UploadSweeper sweeper(*store, *m_a, m_clock, nullptr, {24 * Hour, QStringLiteral("relay-a"), 10'000});
    // On SQLite the folder is the relay's and the stray goes; on PostgreSQL the relay
    // keeps no bytes in its folder and leaves it alone.
    QCOMPARE(sweeper.sweep(), m_a->isShared() ? 0 : 1);
    QCOMPARE(QFile::exists(stray), m_a->isShared());
    QVERIFY(store->load(kept)); // the young upload stays
}

QTEST_GUILESS_MAIN(TestUploadQuota)
#include "tst_uploadquota.moc"
