#include "latencyhistogram.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Relaydesk::Bench {

namespace {
constexpr int kSubBits = 6; // 64 sub-buckets per power of two
constexpr int kSub = 1 << kSubBits;
constexpr int kBuckets = (64 - kSubBits) * kSub;
} // namespace

LatencyHistogram::LatencyHistogram() : m_buckets(kBuckets, 0) {}

int LatencyHistogram::bucketOf(qint64 micros)
{
    const quint64 v = quint64(std::max<qint64>(micros, 0));
    if (v < quint64(kSub))
        return int(v);
    const int msb = 63 - __builtin_clzll(v);
    const int shift = msb - kSubBits;
    return (shift + 1) * kSub + int((v >> shift) & (kSub - 1));
}

qint64 LatencyHistogram::upperBoundOf(int bucket)
{
    if (bucket < kSub)
        return bucket;
    const int shift = bucket / kSub - 1;
    const qint64 base = qint64(kSub + bucket % kSub) << shift;
    return base + (qint64(1) << shift) - 1;
}

void LatencyHistogram::record(qint64 micros)
{
    ++m_buckets[bucketOf(micros)];
    if (m_count == 0 || micros < m_min)
        m_min = micros;
    m_max = std::max(m_max, micros);
    m_sum += micros;
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (int i = 0; i < kBuckets; ++i)
        m_buckets[i] += other.m_buckets[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = std::max(m_max, other.m_max);
    m_sum += other.m_sum;
    m_count += other.m_count;
}

void LatencyHistogram::reset()
{
    m_buckets.fill(0);
    m_count = m_sum = m_min = m_max = 0;
}

qint64 LatencyHistogram::percentile(double fraction) const
{
    if (m_count == 0)
        return 0;
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(fraction * double(m_count))));
    qint64 seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min(upperBoundOf(i), m_max);
    }
    return m_max;
}

QJsonObject LatencyHistogram::toJson() const
{
    QJsonArray buckets;
    for (int i = 0; i < kBuckets; ++i)
        if (m_buckets[i])
            buckets.append(QJsonArray{i, double(m_buckets[i])});
    return {{QStringLiteral("count"), double(m_count)}, {QStringLiteral("sum"), double(m_sum)},
            {QStringLiteral("min"), double(m_min)}, {QStringLiteral("max"), double(m_max)},
            {QStringLiteral("buckets"), buckets}};
}

LatencyHistogram LatencyHistogram::fromJson(const QJsonObject &json)
{
    LatencyHistogram h;
    const QJsonArray buckets = json.value(QStringLiteral("buckets")).toArray();
    for (const QJsonValue &b : buckets) {
        const QJsonArray pair = b.toArray();
        const int i = pair.at(0).toInt(-1);
        if (i >= 0 && i < kBuckets)
            h.m_buckets[i] += qint64(pair.at(1).toDouble());
    }
    h.m_count = qint64(json.value(QStringLiteral("count")).toDouble());
    h.m_sum = qint64(json.value(QStringLiteral("sum")).toDouble());
    h.m_min = qint64(json.value(QStringLiteral("min")).toDouble());
    h.m_max = qint64(json.value(QStringLiteral("max")).toDouble());
    return h;
}

} // namespace Relaydesk::Bench
