#pragma once

#include "records.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace Relaydesk::Relay {

// What agents' uploads may take: a number of uploads a minute per agent (a token
// bucket, so a burst of a few files is fine; kept by each relay), and bytes held
// per agent and in all. Bytes count from the upload until the file is sent (then
// deleted) or swept (UploadSweeper); what is held comes from the store's uploads
// table (Store::uploadUsage), so on a cluster it is what every relay holds.
class UploadQuota
{
public:
    struct Limits
    {
        int perMinute = 30;
        qint64 agentBytes = 200LL * 1024 * 1024;
        qint64 totalBytes = 2048LL * 1024 * 1024;
    };
    // Why an upload is refused: HTTP status 413 (quota) or 429 (rate), a reason
    // code for programs and a sentence for people.
    struct Refusal
    {
        int status = 0;
        QString reason; // "rate_limited", "agent_quota_exceeded", "total_quota_exceeded", "unavailable"
        QString message;
        int retryAfterSeconds = 0; // 429 and 503 only

        // {"error": reason, "message": …, "retry_after": seconds (429 and 503 only)}
        QByteArray toJson() const;
    };

    explicit UploadQuota(Limits limits) : m_limits(limits) {}

    // Takes one of the agent's uploads for this minute; nothing when the rate allows
    // it. `nowMs` is monotonic.
    std::optional<Refusal> takeRate(qint64 agentId, qint64 nowMs);
    // Whether `bytes` more fit beside what is held (`held`: the agent's and in all).
    std::optional<Refusal> fits(const Store::UploadUsage &held, qint64 bytes) const;
    // The rate, then the bytes.
    std::optional<Refusal> admit(qint64 agentId, const Store::UploadUsage &held, qint64 bytes, qint64 nowMs);
    // 503: what is held cannot be read now (the database is away).
    static Refusal unavailable();
    const Limits &limits() const { return m_limits; }

private:
    struct Bucket { double tokens = 0; qint64 atMs = 0; };

    Limits m_limits;
    QHash<qint64, Bucket> m_buckets;
};

} // namespace Relaydesk::Relay
