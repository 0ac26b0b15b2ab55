#include "metrics.h"

namespace Relaydesk::Relay {

const QList<double> &Metrics::bucketsSeconds()
{
    static const QList<double> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    return buckets;
}

const QList<QByteArray> &Metrics::refusalReasons()
{
    // Every reason is rendered, at 0 until it happens, so alerts need no absent().
    static const QList<QByteArray> reasons{
        "http_connections",           // max_connections
        "body_memory",                // max_body_memory_bytes
        "body_files",                 // max_body_file_bytes
        "websocket_unauthenticated",  // max_unauthenticated_websockets
        "websocket_per_address",      // max_unauthenticated_websockets_per_address
        "agent_connections",          // max_agent_connections
    };
    return reasons;
}

const QList<QByteArray> &Metrics::uploadRefusalReasons()
{
    static const QList<QByteArray> reasons{
        "unauthenticated", // no valid agent token (401)
        "rate",            // upload_rate_per_minute (429)
        "quota",           // upload_agent_quota_mib or upload_total_quota_mib (413)
        "size",            // over 25 MiB (413)
        "unavailable",     // the database could not be reached (503)
    };
    return reasons;
}

void Metrics::addGauge(const QByteArray &name, const QByteArray &help, std::function<qint64()> read)
{
    m_gauges.append({name, help, std::move(read)});
}

void Metrics::webhookAnswered(int status, qint64 micros)
{
    ++m_webhooksByStatus[status];
    const double seconds = double(micros) / 1e6;
    const QList<double> &buckets = bucketsSeconds();
    for (qsizetype i = 0; i < buckets.size(); ++i)
        if (seconds <= buckets[i])
            ++m_latencyBuckets[i];
    m_latencySum += seconds;
    ++m_latencyCount;
}

QByteArray Metrics::render(int agentConnections, int httpConnections, qint64 lastSeq) const
{
    QByteArray out;
    auto line = [&out](const char *text) { out += text; out += '\n'; };
    auto metric = [&out](const char *name, qint64 value) {
        out += name;
        out += ' ';
        out += QByteArray::number(value);
        out += '\n';
    };
    line("# HELP relaydesk_agent_connections Agents connected over WebSocket.");
    line("# TYPE relaydesk_agent_connections gauge");
    metric("relaydesk_agent_connections", agentConnections);
    line("# HELP relaydesk_http_connections Open HTTP connections.");
    line("# TYPE relaydesk_http_connections gauge");
    metric("relaydesk_http_connections", httpConnections);
    line("# HELP relaydesk_event_log_seq Newest sequence number in the event log.");
    line("# TYPE relaydesk_event_log_seq gauge");
    metric("relaydesk_event_log_seq", lastSeq);
    line("# HELP relaydesk_webhook_requests_total Webhook POSTs answered, by status.");
    line("# TYPE relaydesk_webhook_requests_total counter");
    for (auto it = m_webhooksByStatus.cbegin(); it != m_webhooksByStatus.cend(); ++it)
        out += "relaydesk_webhook_requests_total{status=\"" + QByteArray::number(it.key()) + "\"} "
               + QByteArray::number(it.value()) + '\n';
    line("# HELP relaydesk_webhook_answer_seconds Time from a complete webhook POST to its answer.");
    line("# TYPE relaydesk_webhook_answer_seconds histogram");
    const QList<double> &buckets = bucketsSeconds();
    for (qsizetype i = 0; i < buckets.size(); ++i)
        out += "relaydesk_webhook_answer_seconds_bucket{le=\"" + QByteArray::number(buckets[i]) + "\"} "
               + QByteArray::number(m_latencyBuckets[i]) + '\n';
    out += "relaydesk_webhook_answer_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(m_latencyCount) + '\n';
    out += "relaydesk_webhook_answer_seconds_sum " + QByteArray::number(m_latencySum, 'f', 6) + '\n';
    metric("relaydesk_webhook_answer_seconds_count", m_latencyCount);
    line("# HELP relaydesk_events_in_total Events committed to the log.");
    line("# TYPE relaydesk_events_in_total counter");
    metric("relaydesk_events_in_total", m_eventsIn);
    line("# HELP relaydesk_events_out_total Event frames sent to agents.");
    line("# TYPE relaydesk_events_out_total counter");
    metric("relaydesk_events_out_total", m_eventsOut);
    line("# HELP relaydesk_send_total Send API calls by outcome.");
    line("# TYPE relaydesk_send_total counter");
    out += "relaydesk_send_total{outcome=\"ok\"} " + QByteArray::number(m_sendOk) + '\n';
    out += "relaydesk_send_total{outcome=\"failed\"} " + QByteArray::number(m_sendFailed) + '\n';
    out += "relaydesk_send_total{outcome=\"retried\"} " + QByteArray::number(m_sendRetries) + '\n';
    line("# HELP relaydesk_send_failures_total Replies that finally failed.");
    line("# TYPE relaydesk_send_failures_total counter");
    metric("relaydesk_send_failures_total", m_sendFailed);
    line("# HELP relaydesk_slow_consumers_dropped_total Agent sockets closed for not reading.");
    line("# TYPE relaydesk_slow_consumers_dropped_total counter");
    metric("relaydesk_slow_consumers_dropped_total", m_slowDrops);
    line("# HELP relaydesk_connections_refused_total Connections refused at a cap, by the cap (deploy.md).");
    line("# TYPE relaydesk_connections_refused_total counter");
    for (const QByteArray &reason : refusalReasons())
        out += "relaydesk_connections_refused_total{reason=\"" + reason + "\"} "
               + QByteArray::number(m_refused.value(reason)) + '\n';
    line("# HELP relaydesk_uploads_total Agents' uploads stored by this relay.");
    line("# TYPE relaydesk_uploads_total counter");
    metric("relaydesk_uploads_total", m_uploadsStored);
    line("# HELP relaydesk_uploads_refused_total Agents' uploads refused by this relay, by reason.");
    line("# TYPE relaydesk_uploads_refused_total counter");
    for (const QByteArray &reason : uploadRefusalReasons())
        out += "relaydesk_uploads_refused_total{reason=\"" + reason + "\"} "
               + QByteArray::number(m_uploadsRefused.value(reason)) + '\n';
    line("# HELP relaydesk_upload_sweeps_total Sweeps of unsent uploads this relay ran (one relay of a cluster sweeps).");
    line("# TYPE relaydesk_upload_sweeps_total counter");
    metric("relaydesk_upload_sweeps_total", m_uploadSweeps);
    line("# HELP relaydesk_uploads_swept_total Unsent uploads this relay deleted after the retention time.");
    line("# TYPE relaydesk_uploads_swept_total counter");
    metric("relaydesk_uploads_swept_total", m_uploadsSwept);
    for (const Gauge &gauge : m_gauges) {
        out += "# HELP " + gauge.name + ' ' + gauge.help + '\n';
        out += "# TYPE " + gauge.name + " gauge\n";
        out += gauge.name + ' ' + QByteArray::number(gauge.read()) + '\n';
    }
    return out;
}

} // namespace Relaydesk::Relay
