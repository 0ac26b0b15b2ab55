#pragma once

#include "event.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Relaydesk::Store {
class ChangeNotifier;
class Store;
} // namespace Relaydesk::Store

namespace Relaydesk::Relay {

// Hands the agents' hub every committed event exactly once and in seq order, whoever
// committed it: this relay's writer, or another relay on the same PostgreSQL.
// This relay's commits go straight through when they follow what was forwarded;
// anything else (a NOTIFY from another relay, a gap, the slow poll) makes it read
// the log from the last seq it forwarded.
class LogFollower : public QObject
{
    Q_OBJECT
public:
    LogFollower(Store::Store &store, QObject *parent = nullptr);
    ~LogFollower() override;

    // Starts at the log's head; listens when the store has other writers.
    void start(int pollIntervalMs = 1000);
    qint64 position() const { return m_position; }

public slots:
    void onLocalCommit(const QList<Relaydesk::Event> &events);
    // Reads whatever the log holds after the position.
    void catchUp();

signals:
    void eventsReady(const QList<Relaydesk::Event> &events);

private:
    void poll();

    Store::Store &m_store;
    std::unique_ptr<Store::ChangeNotifier> m_notifier;
    QTimer m_poll;
    qint64 m_position = 0;
};

} // namespace Relaydesk::Relay
