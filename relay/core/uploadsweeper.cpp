#include "uploadsweeper.h"

#include "clock.h"
#include "metrics.h"
#include "relaylogging.h"
#include "store.h"
#include "uploadstore.h"

namespace Relaydesk::Relay {

UploadSweeper::UploadSweeper(UploadStore &uploads, Store::Store &store, const Clock &clock, Metrics *metrics,
                             Settings settings, QObject *parent)
    : QObject(parent), m_uploads(uploads), m_store(store), m_clock(clock), m_metrics(metrics),
      m_settings(std::move(settings))
{
    connect(&m_timer, &QTimer::timeout, this, &UploadSweeper::sweep);
}

void UploadSweeper::start(int intervalMs)
{
    m_timer.start(intervalMs);
    sweep();
}

int UploadSweeper::sweep()
{
    const qint64 now = m_clock.nowMs();
    // Kept, not released: the relay that sweeps goes on sweeping while it lives.
    if (!m_store.takeLease(QStringLiteral("sweep"), QStringLiteral("uploads"), m_settings.owner, now,
                           now + m_settings.leaseMs))
        return -1;
    const int removed = m_uploads.removeOlderThan(now - m_settings.retentionMs);
    if (m_metrics)
        m_metrics->uploadsSwept(removed);
    if (removed > 0)
        qCInfo(lcAgents) << "deleted" << removed << "uploads not sent within" << m_settings.retentionMs / 3'600'000
                         << "hours";
    return removed;
}

} // namespace Relaydesk::Relay
