#include "uploadquota.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace Relaydesk::Relay {

namespace {

// "200 MiB", "1.5 MiB", "12 KiB": what a person reads in the app.
QString size(qint64 bytes)
{
    constexpr qint64 MiB = 1024 * 1024;
    if (bytes < MiB)
        return QStringLiteral("%1 KiB").arg((bytes + 1023) / 1024);
    return QStringLiteral("%1 MiB").arg(QString::number(double(bytes) / double(MiB), 'f', bytes % MiB == 0 ? 0 : 1));
}

} // namespace

QByteArray UploadQuota::Refusal::toJson() const
{
    QJsonObject body{{QStringLiteral("error"), reason}, {QStringLiteral("message"), message}};
    if (retryAfterSeconds > 0)
        body.insert(QStringLiteral("retry_after"), retryAfterSeconds);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<UploadQuota::Refusal> UploadQuota::fits(const Store::UploadUsage &held, qint64 bytes) const
{
    if (held.agentBytes + bytes > m_limits.agentBytes)
        return Refusal{413, QStringLiteral("agent_quota_exceeded"),
                       QStringLiteral("your files not sent yet take %1 and this one %2, over your %3; "
                                      "send or wait for unsent ones to expire")
                           .arg(size(held.agentBytes), size(bytes), size(m_limits.agentBytes)), 0};
    if (held.totalBytes + bytes > m_limits.totalBytes)
        return Refusal{413, QStringLiteral("total_quota_exceeded"),
                       QStringLiteral("the relay holds %1 of files not sent yet, and allows %2; "
                                      "try again once some are sent or expired")
                           .arg(size(held.totalBytes), size(m_limits.totalBytes)), 0};
    return std::nullopt;
}

UploadQuota::Refusal UploadQuota::unavailable()
{
    return Refusal{503, QStringLiteral("unavailable"),
                   QStringLiteral("the relay cannot reach its database just now; try again shortly"), 5};
}

std::optional<UploadQuota::Refusal> UploadQuota::takeRate(qint64 agentId, qint64 nowMs)
{
    const double perMs = double(m_limits.perMinute) / 60'000.0;
    auto it = m_buckets.find(agentId);
    if (it == m_buckets.end())
        it = m_buckets.insert(agentId, Bucket{double(m_limits.perMinute), nowMs});
    it->tokens = qMin(double(m_limits.perMinute), it->tokens + double(qMax<qint64>(0, nowMs - it->atMs)) * perMs);
    it->atMs = nowMs;
    if (it->tokens < 1.0) {
        const int wait = qMax(1, int(std::ceil((1.0 - it->tokens) / perMs / 1000.0)));
        return Refusal{429, QStringLiteral("rate_limited"),
                       QStringLiteral("at most %1 uploads a minute; try again in %2 s").arg(m_limits.perMinute).arg(wait),
                       wait};
    }
    it->tokens -= 1.0; // every attempt counts, refused ones too: each costs a body read
    return std::nullopt;
}

std::optional<UploadQuota::Refusal> UploadQuota::admit(qint64 agentId, const Store::UploadUsage &held, qint64 bytes,
                                                       qint64 nowMs)
{
    if (auto refusal = takeRate(agentId, nowMs))
        return refusal;
    return fits(held, bytes);
}

} // namespace Relaydesk::Relay
