#include "benchclock.h"
#include "latencyhistogram.h"
#include "processstats.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace Relaydesk::Bench;

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private slots:
    void percentilesMatchSortedSamples()
    {
        QRandomGenerator rng(7);
        std::vector<qint64> samples;
        LatencyHistogram h;
        for (int i = 0; i < 100'000; ++i) {
            // Spread over six decades, like latencies from microseconds to seconds.
            const qint64 v = qint64(std::pow(10.0, rng.generateDouble() * 6.0));
            samples.push_back(v);
            h.record(v);
        }
        std::sort(samples.begin(), samples.end());
        for (double p : {0.5, 0.9, 0.99, 0.999}) {
            const qint64 exact = samples[size_t(std::ceil(p * samples.size())) - 1];
            const qint64 got = h.percentile(p);
            QVERIFY2(got >= exact && got <= exact + exact / 50 + 1,
                     qPrintable(QStringLiteral("p%1: %2 vs exact %3").arg(p).arg(got).arg(exact)));
        }
        QCOMPARE(h.max(), samples.back());
        QCOMPARE(h.min(), samples.front());
        QCOMPARE(h.count(), qint64(samples.size()));
    }

    void smallValuesAreExact()
    {
        LatencyHistogram h;
        for (qint64 v : {3, 3, 5, 63})
            h.record(v);
        QCOMPARE(h.percentile(0.5), 3);
        QCOMPARE(h.percentile(0.75), 5);
        QCOMPARE(h.percentile(1.0), 63);
    }

    void mergesThroughJson()
    {
        LatencyHistogram a, b;
        for (int i = 1; i <= 1000; ++i)
            (i % 2 ? a : b).record(i * 10);
        LatencyHistogram merged = LatencyHistogram::fromJson(a.toJson());
        merged.merge(LatencyHistogram::fromJson(b.toJson()));
        QCOMPARE(merged.count(), 1000);
        QCOMPARE(merged.min(), 10);
        QCOMPARE(merged.max(), 10000);
        const qint64 median = merged.percentile(0.5);
        QVERIFY2(median >= 5000 && median <= 5100, qPrintable(QString::number(median)));
    }

    void markerRoundTrips()
    {
        const QByteArray frame = "{\"text\":\"hi " + benchMarker(123456789012, 7) + "\",\"preview\":\"bench:1:1\"}";
        QCOMPARE(markerTimeNs(QByteArrayView(frame)), 123456789012);
        QCOMPARE(markerTimeNs(QByteArrayView("no marker here")), -1);
        QCOMPARE(markerTimeNs(QByteArrayView("bench:x")), -1);
    }

    void readsOwnProcess()
    {
        const ProcessSample before = sampleSelf();
        QVERIFY(before.valid);
        QVERIFY(before.rssBytes > 1024 * 1024);
        volatile double x = 0;
        const qint64 start = monotonicNs();
        while (monotonicNs() - start < 300'000'000)
            x = x + 1;
        const ProcessSample after = sampleSelf();
        QVERIFY2(after.cpuSeconds - before.cpuSeconds >= 0.1,
                 qPrintable(QString::number(after.cpuSeconds - before.cpuSeconds)));
        QVERIFY(!sampleProcess(0x7ffffff0).valid);
    }
};

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
