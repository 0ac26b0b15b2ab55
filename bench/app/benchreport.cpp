#include "benchreport.h"

#include "processstats.h"

#include <QJsonDocument>

#include <cstdio>

namespace Relaydesk::Bench {

namespace {
double toMs(qint64 micros) { return double(micros) / 1000.0; }
double toMib(qint64 bytes) { return double(bytes) / (1024.0 * 1024.0); }
double rounded(double v) { return std::round(v * 1000.0) / 1000.0; }
} // namespace

BenchReport::BenchReport(const QString &bench)
{
    m_json.insert(QStringLiteral("bench"), bench);
}

void BenchReport::say(const QString &line) const
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void BenchReport::setDistribution(const QString &key, const LatencyHistogram &micros)
{
    m_json.insert(key + QStringLiteral("_p50_ms"), rounded(toMs(micros.percentile(0.5))));
    m_json.insert(key + QStringLiteral("_p99_ms"), rounded(toMs(micros.percentile(0.99))));
    m_json.insert(key + QStringLiteral("_max_ms"), rounded(toMs(micros.max())));
    m_json.insert(key + QStringLiteral("_count"), double(micros.count()));
}

void BenchReport::setMemory(const QString &prefix)
{
    const ProcessSample s = sampleSelf();
    const QString p = prefix.isEmpty() ? QString() : prefix + QLatin1Char('_');
    m_json.insert(p + QStringLiteral("rss_mib"), rounded(toMib(s.rssBytes)));
    m_json.insert(p + QStringLiteral("peak_rss_mib"), rounded(toMib(s.peakRssBytes)));
    m_json.insert(p + QStringLiteral("cpu_s"), rounded(s.cpuSeconds));
    say(QStringLiteral("memory%1: RSS %2 MiB, peak %3 MiB; CPU so far %4 s")
            .arg(prefix.isEmpty() ? QString() : QStringLiteral(" (") + prefix + QLatin1Char(')'))
            .arg(toMib(s.rssBytes), 0, 'f', 1)
            .arg(toMib(s.peakRssBytes), 0, 'f', 1)
            .arg(s.cpuSeconds, 0, 'f', 2));
}

int BenchReport::finish(int exitCode)
{
    m_json.insert(QStringLiteral("ok"), exitCode == 0);
    std::fputs(QJsonDocument(m_json).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return exitCode;
}

int BenchReport::fail(const QString &why)
{
    std::fprintf(stderr, "relaydesk-bench-app: %s\n", why.toUtf8().constData());
    m_json.insert(QStringLiteral("error"), why);
    return finish(1);
}

QString BenchReport::ms(qint64 micros)
{
    return QStringLiteral("%1 ms").arg(toMs(micros), 0, 'f', micros < 10'000 ? 2 : 1);
}

QString BenchReport::distribution(const LatencyHistogram &micros)
{
    return QStringLiteral("p50 %1, p99 %2, max %3 (n=%4)")
        .arg(ms(micros.percentile(0.5)), ms(micros.percentile(0.99)), ms(micros.max()))
        .arg(micros.count());
}

} // namespace Relaydesk::Bench
