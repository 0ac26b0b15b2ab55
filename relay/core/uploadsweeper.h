#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace Relaydesk::Store {
class Store;
}

namespace Relaydesk::Relay {

class Clock;
class Metrics;
class UploadStore;

// Deletes agents' uploads that were never sent (the agent picked a file and closed
// the conversation or the app) or whose send failed for good, once they are older
// than the retention time. A sent file is deleted when the Send API takes it; a
// failed one stays until then so that Retry can send it again. Runs at start and
// then every hour. On a cluster one relay sweeps: it holds the "sweep/uploads"
// lease (renewed with its other leases), and another relay takes the sweep over
// once that lease expired.
class UploadSweeper : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        qint64 retentionMs = 24LL * 3600 * 1000;
        QString owner;        // this relay's run (RelayConfig::instanceId)
        qint64 leaseMs = 10'000;
    };

    UploadSweeper(UploadStore &uploads, Store::Store &store, const Clock &clock, Metrics *metrics, Settings settings,
                  QObject *parent = nullptr);

    void start(int intervalMs = 3600 * 1000);
    // Deletes what is older than the retention time; returns how many uploads went
    // (-1: another relay holds the sweep).
    int sweep();

private:
    UploadStore &m_uploads;
    Store::Store &m_store;
    const Clock &m_clock;
    Metrics *m_metrics;
    Settings m_settings;
    QTimer m_timer;
};

} // namespace Relaydesk::Relay
