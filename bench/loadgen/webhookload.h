#pragma once

#include "latencyhistogram.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVector>

namespace Relaydesk::Bench {

class HttpPipe;

struct LoadOptions
{
    QUrl url;                 // http://HOST:PORT/webhook
    QByteArray appSecret;
    QStringList pageIds;
    int customers = 200;      // distinct PSIDs, spread over the pages
    double rate = 0;          // events per second; 0 = as fast as the connections allow
    qint64 count = 1000;      // events to post
    double maxSeconds = 0;    // stop posting after this long even if count is not reached (0: no limit)
    int connections = 16;     // keep-alive connections, one request in flight on each
    QByteArray runId = "r";   // makes message ids unique across runs on one database
};

// Posts signed Messenger webhooks (one customer message per POST, as Meta does
// at low volume), open loop at a fixed rate: a request is stamped with the time
// it actually leaves, and falling behind the schedule is reported as lag.
class WebhookLoad : public QObject
{
    Q_OBJECT
public:
    explicit WebhookLoad(LoadOptions options, QObject *parent = nullptr);

    void start();
    QJsonObject report() const;

    QByteArray requestFor(qint64 sequence, qint64 sentNs) const;

signals:
    void finished();

private:
    void pump();
    bool outOfTime() const;
    void onAnswered(HttpPipe *pipe, int status, qint64 sentNs, qint64 answeredNs);

    LoadOptions m_options;
    QVector<HttpPipe *> m_pipes;
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_sent = 0;
    qint64 m_answered = 0;
    qint64 m_ok = 0;
    qint64 m_firstSendNs = 0;
    qint64 m_lastSendNs = 0;
    qint64 m_lastAnswerNs = 0;
    qint64 m_maxLagMs = 0;
    QMap<QString, qint64> m_statuses;
    LatencyHistogram m_answerLatency;
};

} // namespace Relaydesk::Bench
