#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QVector>

namespace Relaydesk::Bench {

// Latencies in microseconds, log-linear buckets (64 per power of two, < 1.6 %
// error), so a million samples per second cost a few array increments and the
// histograms of many agent processes merge exactly by adding counts.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(qint64 micros);
    void merge(const LatencyHistogram &other);
    void reset();

    qint64 count() const { return m_count; }
    qint64 max() const { return m_max; }
    qint64 min() const { return m_count ? m_min : 0; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    // The value at or below which `fraction` (0..1) of the samples fall.
    qint64 percentile(double fraction) const;

    QJsonObject toJson() const; // sparse: only non-empty buckets
    static LatencyHistogram fromJson(const QJsonObject &json);

private:
    static int bucketOf(qint64 micros);
    static qint64 upperBoundOf(int bucket);

    QVector<qint64> m_buckets;
    qint64 m_count = 0;
    qint64 m_sum = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
};

} // namespace Relaydesk::Bench
