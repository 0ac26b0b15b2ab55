#pragma once

#include "latencyhistogram.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QVector>

#include <functional>

namespace Relaydesk::Bench {

class AgentConnection;

// Opens `count` connections made by `factory`, at most `maxConnecting` at a time
// (a server's listen backlog is small; a thousand SYNs at once would measure the
// kernel's retransmit timer instead of the server). Records, for every frame that
// carries a bench marker, marker → arrival latency, and how many each agent got.
class AgentPool : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<AgentConnection *(int index, QObject *parent)>;
    // releaseOnOpen: a connection leaves the handshake limit once it is open rather
    // than once ready, so every agent catches up at once (mass reconnect).
    AgentPool(Factory factory, int count, int maxConnecting, bool releaseOnOpen = false, QObject *parent = nullptr);

    void start();
    void stop();
    void resetStats();
    QJsonObject report() const;

    int readyCount() const { return m_ready; }
    int failedCount() const { return m_failed; }

signals:
    void settled(int ready, int failed); // every connection is ready or has failed

private:
    void openMore();
    void releaseSlot(int index);
    void settleIfDone();
    void onFrame(int index, const QByteArray &frame);

    Factory m_factory;
    int m_count;
    int m_maxConnecting;
    bool m_releaseOnOpen;
    QVector<bool> m_holdsSlot;
    QVector<AgentConnection *> m_connections;
    QVector<qint64> m_received;
    QVector<bool> m_isReady;
    int m_opened = 0;
    int m_connecting = 0;
    int m_ready = 0;
    int m_failed = 0;
    bool m_settled = false;
    qint64 m_startNs = 0;
    qint64 m_settledNs = 0;
    qint64 m_firstNs = 0;
    qint64 m_lastNs = 0;
    qint64 m_replayEvents = 0;
    qint64 m_replayDoneNs = 0;
    qint64 m_replayFrames = 0;
    int m_replaysDone = 0;
    int m_lostAfterReady = 0;
    QMap<QString, int> m_failures;
    LatencyHistogram m_latency;
};

} // namespace Relaydesk::Bench
