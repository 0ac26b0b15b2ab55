#pragma once

#include <QObject>
#include <QTimer>

namespace Relaydesk::Relay {

class Clock;
class UploadStore;

// Deletes agents' uploads that were never sent (the agent picked a file and closed
// the conversation or the app) or whose send failed for good, once they are older
// than the retention time. A sent file is deleted when the Send API takes it; a
// failed one stays until then so that Retry can send it again. Runs at start and
// then every hour. Kept apart so that, with several relays on one store, one of
// them can claim the sweep.
class UploadSweeper : public QObject
{
    Q_OBJECT
public:
    UploadSweeper(UploadStore &uploads, const Clock &clock, qint64 retentionMs, QObject *parent = nullptr);

    void start(int intervalMs = 3600 * 1000);
    // Deletes what is older than the retention time; returns how many uploads went.
    int sweep();

private:
    UploadStore &m_uploads;
    const Clock &m_clock;
    qint64 m_retentionMs;
    QTimer m_timer;
};

} // namespace Relaydesk::Relay
