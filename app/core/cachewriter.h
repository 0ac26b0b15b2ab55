#pragma once

#include "event.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>

class QThread;

namespace Relaydesk::App {

class LocalCache;

// Writes live events into the cache on a thread of its own, through a connection of
// its own to the same file, so the UI thread never waits for SQLite: in a cache of a
// million messages a batch's commit (full-text indexing, segment merges, WAL
// checkpoints) takes 3 ms usually and 30–100 ms now and then, which on the UI thread
// was every stall over 16 ms at 1,000 events/s.
//
// Batches are written in the order given; eventsWritten() follows each one on the
// thread that made the writer, after its commit, so whoever listens still only ever
// sees what the cache holds.
class CacheWriter : public QObject
{
    Q_OBJECT
public:
    explicit CacheWriter(const QString &path, QObject *parent = nullptr);
    // Writes what it was given, then stops its thread.
    ~CacheWriter() override;

    // Opens the writer's connection on its thread; false (and *error) if it cannot.
    bool open(QString *error);
    void applyEvents(const QList<Relaydesk::Event> &events);
    // Returns once every batch given so far is written and its eventsWritten() delivered:
    // before another connection moves the position (a snapshot after resync_required).
    void waitForIdle();
    int pendingBatches() const { return m_pending.load(); }

signals:
    // The events of the batch that were new to the cache (seq above its position), and
    // the position after the commit.
    void eventsWritten(const QList<Relaydesk::Event> &applied, qint64 lastSeq);
    // The batch was not written (rolled back): the position did not move.
    void writeFailed(const QString &error);

private:
    class Worker;
    QThread *m_thread;
    Worker *m_worker;
    std::atomic<int> m_pending{0};
};

} // namespace Relaydesk::App
