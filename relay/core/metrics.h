#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>

#include <functional>

namespace Relaydesk::Relay {

// Counters and a latency histogram for GET /metrics (Prometheus text format).
class Metrics
{
public:
    void webhookAnswered(int status, qint64 micros);
    void eventsIngested(int n) { m_eventsIn += n; }
    void framesSent(int n) { m_eventsOut += n; }
    void sendSucceeded() { ++m_sendOk; }
    void sendFailed() { ++m_sendFailed; }
    void sendRetried() { ++m_sendRetries; }
    void slowConsumerDropped() { ++m_slowDrops; }
    // A connection refused at a cap; reason is one of RefusalReasons.
    void connectionRefused(const char *reason) { ++m_refused[QByteArray(reason)]; }
    static const QList<QByteArray> &refusalReasons();
    // Agents' uploads: stored, refused (reason one of uploadRefusalReasons()), and
    // swept by this relay (a sweep run is counted even when it found nothing).
    void uploadStored() { ++m_uploadsStored; }
    void uploadRefused(const char *reason) { ++m_uploadsRefused[QByteArray(reason)]; }
    static const QList<QByteArray> &uploadRefusalReasons();
    void uploadsSwept(int n) { ++m_uploadSweeps; m_uploadsSwept += n; }
    // A gauge read when rendered (e.g. request-body bytes held now).
    void addGauge(const QByteArray &name, const QByteArray &help, std::function<qint64()> read);

    // Gauges are read when rendered.
    QByteArray render(int agentConnections, int httpConnections, qint64 lastSeq) const;

private:
    static const QList<double> &bucketsSeconds();
    QMap<int, qint64> m_webhooksByStatus;
    QList<qint64> m_latencyBuckets = QList<qint64>(bucketsSeconds().size(), 0);
    double m_latencySum = 0;
    qint64 m_latencyCount = 0;
    qint64 m_eventsIn = 0;
    qint64 m_eventsOut = 0;
    qint64 m_sendOk = 0;
    qint64 m_sendFailed = 0;
    qint64 m_sendRetries = 0;
    qint64 m_slowDrops = 0;
    QMap<QByteArray, qint64> m_refused;
    qint64 m_uploadsStored = 0;
    QMap<QByteArray, qint64> m_uploadsRefused;
    qint64 m_uploadSweeps = 0;
    qint64 m_uploadsSwept = 0;
    struct Gauge { QByteArray name; QByteArray help; std::function<qint64()> read; };
    QList<Gauge> m_gauges;
};

} // namespace Relaydesk::Relay
