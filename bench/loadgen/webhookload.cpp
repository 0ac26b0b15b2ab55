#include "webhookload.h"

#include "benchclock.h"
#include "httppipe.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Relaydesk::Bench {

WebhookLoad::WebhookLoad(LoadOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    for (int i = 0; i < m_options.connections; ++i) {
        auto *pipe = new HttpPipe(m_options.url.host(), quint16(m_options.url.port(80)), this);
        connect(pipe, &HttpPipe::answered, this, [this, pipe](int status, qint64 sent, qint64 answered) {
            onAnswered(pipe, status, sent, answered);
        });
        connect(pipe, &HttpPipe::failed, this, [this, pipe](const QString &reason, qint64 sent) {
            ++m_statuses[reason];
            onAnswered(pipe, 0, sent, monotonicNs());
        });
        m_pipes.append(pipe);
    }
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(1);
    connect(&m_tick, &QTimer::timeout, this, &WebhookLoad::pump);
}

QByteArray WebhookLoad::requestFor(qint64 sequence, qint64 sentNs) const
{
    const QString page = m_options.pageIds.at(int(sequence % m_options.pageIds.size()));
    const qint64 customer = sequence % m_options.customers;
    const QString psid = QStringLiteral("79%1").arg(customer, 14, 10, QLatin1Char('0'));
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString text = QStringLiteral("Hello, where is my order #%1? ").arg(100000 + sequence)
        + QString::fromLatin1(benchMarker(sentNs, sequence));
    const QJsonObject messaging{
        {QStringLiteral("sender"), QJsonObject{{QStringLiteral("id"), psid}}},
        {QStringLiteral("recipient"), QJsonObject{{QStringLiteral("id"), page}}},
        {QStringLiteral("timestamp"), double(nowMs)},
        {QStringLiteral("message"),
         QJsonObject{{QStringLiteral("mid"), QStringLiteral("m_bench_%1_%2").arg(QString::fromLatin1(m_options.runId)).arg(sequence)},
                     {QStringLiteral("text"), text}}}};
    const QJsonObject body{
        {QStringLiteral("object"), QStringLiteral("page")},
        {QStringLiteral("entry"), QJsonArray{QJsonObject{{QStringLiteral("id"), page},
                                                         {QStringLiteral("time"), double(nowMs)},
                                                         {QStringLiteral("messaging"), QJsonArray{messaging}}}}}};
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return "POST " + m_options.url.path(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: "
        + m_options.url.host().toLatin1() + "\r\nContent-Type: application/json\r\nX-Hub-Signature-256: "
        + Messenger::WebhookSignature::sign(json, m_options.appSecret)
        + "\r\nContent-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json;
}

void WebhookLoad::start()
{
    m_clock.start();
    m_tick.start();
    pump();
}

bool WebhookLoad::outOfTime() const
{
    return m_options.maxSeconds > 0 && double(m_clock.nsecsElapsed()) / 1e9 >= m_options.maxSeconds;
}

void WebhookLoad::pump()
{
    if (outOfTime()) {
        // An overloaded server answers slowly: the step ends on time with what was
        // posted, and the report says how far the rate fell short.
        m_options.count = m_sent;
        m_tick.stop();
        if (m_answered >= m_sent)
            emit finished();
        return;
    }
    const qint64 due = m_options.rate > 0
        ? std::min<qint64>(m_options.count, qint64(double(m_clock.nsecsElapsed()) * m_options.rate / 1e9) + 1)
        : m_options.count;
    for (HttpPipe *pipe : std::as_const(m_pipes)) {
        if (m_sent >= due)
            break;
        if (!pipe->isIdle())
            continue;
        const qint64 now = monotonicNs();
        if (m_firstSendNs == 0)
            m_firstSendNs = now;
        m_lastSendNs = now;
        pipe->send(requestFor(m_sent++, now));
    }
    if (m_options.rate > 0 && m_sent < due)
        m_maxLagMs = std::max(m_maxLagMs, qint64(double(due - m_sent) * 1000.0 / m_options.rate));
    if (m_sent >= m_options.count)
        m_tick.stop();
}

void WebhookLoad::onAnswered(HttpPipe *, int status, qint64 sentNs, qint64 answeredNs)
{
    ++m_answered;
    if (status == 200)
        ++m_ok;
    if (status != 0)
        ++m_statuses[QString::number(status)];
    m_answerLatency.record((answeredNs - sentNs) / 1000);
    m_lastAnswerNs = answeredNs;
    if (m_answered >= m_options.count) {
        emit finished();
        return;
    }
    if (m_options.rate <= 0 || m_tick.isActive() || outOfTime())
        pump(); // a freed connection takes the next due request at once
}

QJsonObject WebhookLoad::report() const
{
    QJsonObject statuses;
    for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it)
        statuses.insert(it.key(), double(it.value()));
    const double seconds = double(m_lastSendNs - m_firstSendNs) / 1e9;
    return {{QStringLiteral("sent"), double(m_sent)},
            {QStringLiteral("ok"), double(m_ok)},
            {QStringLiteral("statuses"), statuses},
            {QStringLiteral("first_send_ns"), double(m_firstSendNs)},
            {QStringLiteral("last_send_ns"), double(m_lastSendNs)},
            {QStringLiteral("last_answer_ns"), double(m_lastAnswerNs)},
            {QStringLiteral("send_rate"), seconds > 0 ? double(m_sent - 1) / seconds : 0.0},
            {QStringLiteral("max_lag_ms"), double(m_maxLagMs)},
            {QStringLiteral("answer_latency_us"), m_answerLatency.toJson()}};
}

} // namespace Relaydesk::Bench
