#include "uploadsweeper.h"

#include "clock.h"
#include "relaylogging.h"
#include "uploadstore.h"

namespace Relaydesk::Relay {

UploadSweeper::UploadSweeper(UploadStore &uploads, const Clock &clock, qint64 retentionMs, QObject *parent)
    : QObject(parent), m_uploads(uploads), m_clock(clock), m_retentionMs(retentionMs)
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
    const int removed = m_uploads.removeOlderThan(m_clock.nowMs() - m_retentionMs);
    if (removed > 0)
        qCInfo(lcAgents) << "deleted" << removed << "uploads not sent within" << m_retentionMs / 3'600'000 << "hours";
    return removed;
}

} // namespace Relaydesk::Relay
