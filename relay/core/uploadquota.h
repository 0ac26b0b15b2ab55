#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace Relaydesk::Relay {

// What agents' uploads may take: a number of uploads a minute per agent (a token
// bucket, so a burst of a few files is fine), and bytes held on disk per agent and
// in all. Bytes count from the upload until the file is sent (then deleted) or
// swept (UploadSweeper).
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
        QString reason; // "rate_limited", "agent_quota_exceeded", "total_quota_exceeded"
        QString message;
        int retryAfterSeconds = 0; // 429 only

        // {"error": reason, "message": …, "retry_after": seconds (429 only)}
        QByteArray toJson() const;
    };

    explicit UploadQuota(Limits limits) : m_limits(limits) {}

    // Takes one of the agent's uploads for this minute and checks that `bytes`
    // more fit; nothing when the upload may go ahead. `nowMs` is monotonic.
    std::optional<Refusal> admit(qint64 agentId, qint64 bytes, qint64 nowMs);
    // Only the bytes (no rate token).
    std::optional<Refusal> fits(qint64 agentId, qint64 bytes) const;

    void added(qint64 agentId, qint64 bytes);
    void removed(qint64 agentId, qint64 bytes);
    qint64 agentBytes(qint64 agentId) const { return m_agentBytes.value(agentId); }
    qint64 totalBytes() const { return m_totalBytes; }
    const Limits &limits() const { return m_limits; }

private:
    struct Bucket { double tokens = 0; qint64 atMs = 0; };

    Limits m_limits;
    QHash<qint64, Bucket> m_buckets;
    QHash<qint64, qint64> m_agentBytes;
    qint64 m_totalBytes = 0;
};

} // namespace Relaydesk::Relay
