#include "agentpool.h"

#include "agentconnection.h"
#include "benchclock.h"

#include <QJsonArray>

#include <algorithm>

namespace Relaydesk::Bench {

AgentPool::AgentPool(Factory factory, int count, int maxConnecting, bool releaseOnOpen, QObject *parent)
    : QObject(parent), m_factory(std::move(factory)), m_count(count), m_maxConnecting(std::max(1, maxConnecting))
    , m_releaseOnOpen(releaseOnOpen), m_holdsSlot(count, false), m_received(count, 0), m_isReady(count, false)
{
}

void AgentPool::start()
{
    m_startNs = monotonicNs();
    openMore();
}

void AgentPool::stop()
{
    for (AgentConnection *c : std::as_const(m_connections))
        c->close();
}

void AgentPool::openMore()
{
    while (m_opened < m_count && m_connecting < m_maxConnecting) {
        const int index = m_opened++;
        ++m_connecting;
        m_holdsSlot[index] = true;
        AgentConnection *c = m_factory(index, this);
        m_connections.append(c);
        if (m_releaseOnOpen)
            connect(c, &AgentConnection::opened, this, [this, index] { releaseSlot(index); });
        connect(c, &AgentConnection::ready, this, [this, index] {
            if (m_isReady[index])
                return;
            m_isReady[index] = true;
            ++m_ready;
            releaseSlot(index);
            settleIfDone();
        });
        connect(c, &AgentConnection::frameReceived, this, [this, index](const QByteArray &f) { onFrame(index, f); });
        connect(c, &AgentConnection::replayFinished, this, [this](qint64 events, qint64 frames) {
            m_replayEvents += events;
            m_replayFrames += frames;
            ++m_replaysDone;
            m_replayDoneNs = std::max(m_replayDoneNs, monotonicNs());
        });
        connect(c, &AgentConnection::failed, this, [this, index](const QString &reason) {
            ++m_failures[reason];
            if (m_isReady[index]) {
                m_isReady[index] = false;
                --m_ready;
                ++m_lostAfterReady;
                return;
            }
            ++m_failed;
            m_isReady[index] = false;
            releaseSlot(index);
            settleIfDone();
        });
        c->open();
    }
    settleIfDone();
}

void AgentPool::settleIfDone()
{
    if (!m_settled && m_ready + m_failed == m_count) {
        m_settled = true;
        m_settledNs = monotonicNs();
        emit settled(m_ready, m_failed);
    }
}

void AgentPool::releaseSlot(int index)
{
    if (!m_holdsSlot[index])
        return;
    m_holdsSlot[index] = false;
    --m_connecting;
    openMore();
}

void AgentPool::onFrame(int index, const QByteArray &frame)
{
    const qint64 now = monotonicNs();
    const qint64 sent = markerTimeNs(QByteArrayView(frame));
    if (sent < 0)
        return;
    if (m_firstNs == 0)
        m_firstNs = now;
    m_lastNs = now;
    ++m_received[index];
    m_latency.record((now - sent) / 1000);
}

void AgentPool::resetStats()
{
    std::fill(m_received.begin(), m_received.end(), 0);
    m_latency.reset();
    m_firstNs = m_lastNs = 0;
    m_lostAfterReady = 0;
    m_failures.clear();
}

QJsonObject AgentPool::report() const
{
    qint64 minReceived = -1, maxReceived = 0, total = 0;
    for (int i = 0; i < m_count; ++i) {
        if (m_isReady[i])
            minReceived = minReceived < 0 ? m_received[i] : std::min(minReceived, m_received[i]);
        maxReceived = std::max(maxReceived, m_received[i]);
        total += m_received[i];
    }
    qint64 head = -1;
    for (const AgentConnection *c : m_connections)
        head = std::max(head, c->logHead());
    QJsonObject failures;
    for (auto it = m_failures.cbegin(); it != m_failures.cend(); ++it)
        failures.insert(it.key(), it.value());
    return {{QStringLiteral("connections"), m_count},
            {QStringLiteral("ready"), m_ready},
            {QStringLiteral("failed"), m_failed},
            {QStringLiteral("lost_after_ready"), m_lostAfterReady},
            {QStringLiteral("failures"), failures},
            {QStringLiteral("connect_ms"), double(m_settledNs - m_startNs) / 1e6},
            {QStringLiteral("received_total"), double(total)},
            {QStringLiteral("received_min"), double(std::max<qint64>(minReceived, 0))},
            {QStringLiteral("received_max"), double(maxReceived)},
            {QStringLiteral("first_ns"), double(m_firstNs)},
            {QStringLiteral("last_ns"), double(m_lastNs)},
            {QStringLiteral("replay_events"), double(m_replayEvents)},
            {QStringLiteral("replay_done_ns"), double(m_replayDoneNs)},
            {QStringLiteral("replay_frames"), double(m_replayFrames)},
            {QStringLiteral("replays_done"), m_replaysDone},
            {QStringLiteral("head"), double(head)},
            {QStringLiteral("start_ns"), double(m_startNs)},
            {QStringLiteral("latency_us"), m_latency.toJson()}};
}

} // namespace Relaydesk::Bench
