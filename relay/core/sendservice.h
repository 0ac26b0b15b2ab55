#pragma once

#include "clock.h"
#include "eventwriter.h"
#include "graphclient.h"
#include "metrics.h"
#include "relayconfig.h"

#include <QObject>
#include <QSet>

namespace Relaydesk::Relay {

// Sends agents' replies through the Send API. Picks messaging_type from the
// 24-hour window (RESPONSE, or MESSAGE_TAG + HUMAN_AGENT up to 7 days), retries
// network errors, 5xx, 613 and 1200 with exponential backoff, never other 4xx,
// and records the outcome as a message.status event (sent with Meta's mid, or
// failed with Meta's code and message).
class UploadStore;

class SendService : public QObject
{
    Q_OBJECT
public:
    SendService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph, const Clock &clock,
                Metrics &metrics, const RelayConfig &config, UploadStore &uploads, QObject *parent = nullptr);

    // Sends a committed, pending outgoing message (idempotent: one send in flight per message).
    void enqueue(qint64 messageId);
    // Sends the pending replies nobody holds the lease on (left by a stopped relay,
    // or by this relay's earlier run).
    void claimAbandoned();
    // typing_on / typing_off / mark_seen; best effort, never retried.
    void senderAction(qint64 conversationId, const QString &action);
    int inFlight() const { return int(m_inFlight.size()); }

private:
    void attempt(qint64 messageId, int attemptNumber);
    void fail(qint64 messageId, const Messenger::GraphError &error);
    void succeed(qint64 messageId, const Messenger::SendResult &result);
    void record(qint64 messageId, EventWriter::Unit unit);
    void finish(qint64 messageId);

    static constexpr const char *kLeaseKind = "send";

    Store::Store &m_store;
    EventWriter &m_writer;
    Messenger::GraphClient &m_graph;
    const Clock &m_clock;
    Metrics &m_metrics;
    const RelayConfig &m_config;
    UploadStore &m_uploads;
    QSet<qint64> m_inFlight;
};

} // namespace Relaydesk::Relay
