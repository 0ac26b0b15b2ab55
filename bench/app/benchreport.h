#pragma once

#include "latencyhistogram.h"

#include <QJsonObject>
#include <QString>

namespace Relaydesk::Bench {

// What one run of relaydesk-bench-app says: human-readable lines as it goes, then
// one JSON line at the end ({"bench": "app-open", ...}) for the harness. Durations
// in the JSON are milliseconds (keys end in _ms), memory in MiB (_mib).
class BenchReport
{
public:
    explicit BenchReport(const QString &bench);

    void say(const QString &line) const;
    void set(const QString &key, const QJsonValue &value) { m_json.insert(key, value); }
    // p50/p99/max/count of a histogram of microseconds, as <key>_p50_ms etc.
    void setDistribution(const QString &key, const LatencyHistogram &micros);
    // RSS now and the peak so far, as rss_mib / peak_rss_mib (and <prefix>_...).
    void setMemory(const QString &prefix = {});
    // Prints the JSON line; returns exitCode so callers can `return report.finish(0)`.
    int finish(int exitCode);
    int fail(const QString &why);

    static QString ms(qint64 micros); // "12.3 ms"
    static QString distribution(const LatencyHistogram &micros); // "p50 1.2 ms, p99 3.4 ms, max 5.6 ms (n=100)"

private:
    QJsonObject m_json;
};

} // namespace Relaydesk::Bench
