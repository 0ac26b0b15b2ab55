#include "clock.h"
#include "uploadquota.h"
#include "uploadstore.h"
#include "uploadsweeper.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

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

} // namespace

// Upload quotas, the rate and the sweep of unsent uploads (issues 12.3 and 13.6),
// on a real folder.
class TestUploadQuota : public QObject
{
    Q_OBJECT
private slots:
    void rateIsPerAgentAndRefills();
    void quotasPerAgentAndInAll();
    void refusalsSayWhy();
    void storeCountsAndReleases();
    void usageSurvivesARestart();
    void sweepDeletesOnlyWhatExpired();
    void sweepTakesStrayFiles();
};

void TestUploadQuota::rateIsPerAgentAndRefills()
{
    UploadQuota quota({3, 100 * KiB, 1000 * KiB});
    for (int i = 0; i < 3; ++i)
        QVERIFY(!quota.admit(1, 1, 0)); // a burst of the whole minute's worth
    const auto refused = quota.admit(1, 1, 0);
    QVERIFY(refused);
    QCOMPARE(refused->status, 429);
    QCOMPARE(refused->reason, QStringLiteral("rate_limited"));
    QCOMPARE(refused->retryAfterSeconds, 20); // one upload per 20 s
    QVERIFY(!quota.admit(2, 1, 0));           // another agent has its own
    QVERIFY(quota.admit(1, 1, 19'000));        // not yet
    for (int i = 0; i < 3; ++i)
        QVERIFY(!quota.admit(1, 1, 60'000));   // refilled, up to the burst
    QVERIFY(quota.admit(1, 1, 60'000));
}

void TestUploadQuota::quotasPerAgentAndInAll()
{
    UploadQuota quota({1000, 100 * KiB, 150 * KiB});
    QVERIFY(!quota.admit(1, 100 * KiB, 0)); // exactly the quota fits
    quota.added(1, 100 * KiB);
    auto refused = quota.admit(1, 1, 0);
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
    QCOMPARE(refused->reason, QStringLiteral("agent_quota_exceeded"));
    QVERIFY(!quota.admit(2, 50 * KiB, 0));
    quota.added(2, 50 * KiB);
    refused = quota.admit(3, 1, 0);
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
    QCOMPARE(refused->reason, QStringLiteral("total_quota_exceeded"));
    quota.removed(1, 100 * KiB); // sent or swept
    QVERIFY(!quota.admit(3, 1, 0));
    QCOMPARE(quota.totalBytes(), 50 * KiB);
    QCOMPARE(quota.agentBytes(1), 0);
}

void TestUploadQuota::refusalsSayWhy()
{
    UploadQuota quota({1, 2 * 1024 * KiB, 100 * 1024 * KiB});
    quota.added(7, 1536 * KiB);
    const auto full = quota.admit(7, 1024 * KiB, 0);
    QVERIFY(full);
    const QJsonObject json = QJsonDocument::fromJson(full->toJson()).object();
    QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("agent_quota_exceeded"));
    const QString message = json.value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QLatin1String("1.5 MiB")) && message.contains(QLatin1String("2 MiB")), qPrintable(message));
    QVERIFY(!json.contains(QStringLiteral("retry_after")));
    const auto fast = quota.admit(7, 1, 0);
    QVERIFY(fast);
    QCOMPARE(UploadQuota({1, 2 * 1024 * KiB, 1024 * 1024 * KiB}).admit(7, 3 * 1024 * KiB, 0)->message,
             QStringLiteral("your files not sent yet take 0 KiB and this one 3 MiB, over your 2 MiB; "
                            "send or wait for unsent ones to expire"));
    QVERIFY(UploadQuota({1, 1024 * KiB, 1024 * 1024 * KiB}).admit(7, 1025 * KiB, 0)->message.contains(QLatin1String("1 MiB")));
    const QJsonObject rate = QJsonDocument::fromJson(fast->toJson()).object();
    QCOMPARE(rate.value(QStringLiteral("error")).toString(), QStringLiteral("rate_limited"));
    QCOMPARE(rate.value(QStringLiteral("retry_after")).toInt(), 60);
}

void TestUploadQuota::storeCountsAndReleases()
{
    QTemporaryDir dir;
    TestClock clock;
    UploadStore store(dir.path(), clock, {100, 10 * KiB, 100 * KiB});
    QVERIFY(!store.admit(1, 6 * KiB));
    const auto first = store.save(1, QStringLiteral("application/pdf"), QStringLiteral("a.pdf"), QByteArray(6 * KiB, 'a'));
    QVERIFY(first);
    QCOMPARE(store.quota().agentBytes(1), 6 * KiB);
    const auto refused = store.admit(1, 6 * KiB);
    QVERIFY(refused);
    QCOMPARE(refused->reason, QStringLiteral("agent_quota_exceeded"));
    // Judged again when stored: a declared size may have been smaller than the body.
    UploadQuota::Refusal refusal;
    QVERIFY(!store.save(1, QStringLiteral("text/plain"), QStringLiteral("b.txt"), QByteArray(5 * KiB, 'b'), &refusal));
    QCOMPARE(refusal.reason, QStringLiteral("agent_quota_exceeded"));
    QCOMPARE(store.count(), 1);
    QCOMPARE(QDir(dir.filePath(QStringLiteral("uploads"))).entryList(QDir::Files).size(), 2);
    store.remove(first->id); // the Send API took it
    QCOMPARE(store.quota().agentBytes(1), 0);
    QCOMPARE(store.quota().totalBytes(), 0);
    QVERIFY(!store.admit(1, 6 * KiB));
    store.remove(first->id); // twice: nothing goes below zero
    store.remove(QStringLiteral("../relaydesk.sqlite"));
    QCOMPARE(store.quota().totalBytes(), 0);
}

void TestUploadQuota::usageSurvivesARestart()
{
    QTemporaryDir dir;
    TestClock clock;
    QString kept;
    {
        UploadStore store(dir.path(), clock, {100, 10 * KiB, 100 * KiB});
        kept = store.save(1, QStringLiteral("text/plain"), QStringLiteral("a.txt"), QByteArray(8 * KiB, 'a'))->id;
        QVERIFY(store.save(2, QStringLiteral("text/plain"), QStringLiteral("b.txt"), QByteArray(3 * KiB, 'b')));
    }
    UploadStore again(dir.path(), clock, {100, 10 * KiB, 100 * KiB});
    QCOMPARE(again.count(), 2);
    QCOMPARE(again.quota().agentBytes(1), 8 * KiB);
    QCOMPARE(again.quota().totalBytes(), 11 * KiB);
    QVERIFY(again.admit(1, 4 * KiB)); // still over: a restart is no way around the quota
    QCOMPARE(again.load(kept)->name, QStringLiteral("a.txt"));
}

void TestUploadQuota::sweepDeletesOnlyWhatExpired()
{
    QTemporaryDir dir;
    TestClock clock;
    UploadStore store(dir.path(), clock);
    UploadSweeper sweeper(store, clock, 24 * Hour);
    const QString old = store.save(1, QStringLiteral("text/plain"), QStringLiteral("old.txt"), "old")->id;
    clock.advance(2 * Hour);
    const QString young = store.save(1, QStringLiteral("text/plain"), QStringLiteral("young.txt"), "young")->id;
    clock.advance(22 * Hour - 1); // old is 24 h less 1 ms old
    QCOMPARE(sweeper.sweep(), 0);
    QVERIFY(store.load(old));
    clock.advance(2);
    QCOMPARE(sweeper.sweep(), 1);
    QVERIFY(!store.load(old));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("uploads/") + old)));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("uploads/") + old + QStringLiteral(".json"))));
    QVERIFY(store.load(young));
    QCOMPARE(store.quota().totalBytes(), qint64(5));
    clock.advance(2 * Hour);
    QCOMPARE(sweeper.sweep(), 1);
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.quota().totalBytes(), 0);
    QVERIFY(QDir(dir.filePath(QStringLiteral("uploads"))).isEmpty());
}

void TestUploadQuota::sweepTakesStrayFiles()
{
    QTemporaryDir dir;
    TestClock clock;
    UploadStore store(dir.path(), clock);
    const QString kept = store.save(1, QStringLiteral("text/plain"), QStringLiteral("k.txt"), "keep")->id;
    // A body whose sidecar never got written (a crash mid-save), a day old.
    const QString stray = dir.filePath(QStringLiteral("uploads/0123456789abcdef0123456789abcdef"));
    QFile file(stray);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("half");
    file.close();
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-25 * 3600), QFileDevice::FileModificationTime));
    file.close();
    UploadSweeper sweeper(store, clock, 24 * Hour);
    QCOMPARE(sweeper.sweep(), 1);
    QVERIFY(!QFile::exists(stray));
    QVERIFY(store.load(kept)); // the young upload stays
}

QTEST_GUILESS_MAIN(TestUploadQuota)
#include "tst_uploadquota.moc"
