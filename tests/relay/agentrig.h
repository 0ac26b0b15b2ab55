#pragma once

// What the agent-protocol and send tests share: a relay with two Pages, a signed
// poster, and a few small waits. Header-only; each test file includes it.

#include "agentclient.h"
#include "agenthub.h"
#include "graphstandin.h"
#include "protocol.h"
#include "relayserver.h"
#include "store.h"
#include "testrelay.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

#include <memory>

namespace Relaydesk::Test {

inline QString pageOne() { return QStringLiteral("104216672283716"); }
inline QString pageTwo() { return QStringLiteral("204216672283799"); }

inline QString key(const char *k) { return QString::fromLatin1(k); }

struct AgentRig
{
    TestRelay relay;
    std::unique_ptr<WebhookPoster> poster;
    int nextMid = 1;

    bool start()
    {
        if (!relay.start() || !relay.addPage(pageOne(), QStringLiteral("Shop One"))
            || !relay.addPage(pageTwo(), QStringLiteral("Shop Two"), "page-token-two"))
            return false;
        poster = std::make_unique<WebhookPoster>(relay.httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
        return true;
    }

    // A customer's text on a Page; returns the HTTP status of the POST.
    int postText(const QString &pageId, const QString &psid, qint64 timestamp = 0, const QString &text = {})
    {
        const QString mid = QStringLiteral("m_rig_%1").arg(nextMid++);
        return poster->post(textWebhook({pageId, psid, mid, text.isEmpty() ? QStringLiteral("hello ") + mid : text,
                                         timestamp})).status;
    }

    // `count` customer texts, `perBody` to a POST; true if every POST got 200.
    bool postMany(int count, int perBody, const QString &pageId = pageOne(), int customers = 20, int padding = 0)
    {
        const qint64 base = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
        for (int done = 0; done < count;) {
            QList<CustomerText> batch;
            for (int i = 0; i < perBody && done < count; ++i, ++done) {
                const QString mid = QStringLiteral("m_many_%1").arg(nextMid++);
                batch.append({pageId, QStringLiteral("psid-%1").arg(done % customers), mid, QStringLiteral("text ") + mid + QString(padding, QLatin1Char('.')),
                              base + nextMid});
            }
            if (poster->post(textWebhook(batch)).status != 200)
                return false;
        }
        return true;
    }

    qint64 agentId(const QString &name) { return relay.store().agentByName(name)->id; }

    QByteArray metrics() { return poster->get(relay.httpUrl(QStringLiteral("/metrics"))).body; }
    qint64 metric(const QByteArray &name)
    {
        const QList<QByteArray> lines = metrics().split('\n');
        for (const QByteArray &line : lines)
            if (line.startsWith(name + ' '))
                return line.mid(name.size() + 1).toLongLong();
        return -1;
    }
    int connectedAgents()
    {
        return int(relay.server()->hub()->sessionCount());
    }
};

// Connects and waits until the client is live (replay_done or resync_required).
inline bool connectLive(AgentClient &client, const TestRelay &relay, const QByteArray &token, qint64 since)
{
    client.connectTo(relay.wsUrl(), token, since);
    return QTest::qWaitFor([&] {
        return client.hasFrame(QStringLiteral("replay_done")) || client.hasFrame(QStringLiteral("resync_required"))
            || client.wasClosed();
    }, 10'000) && !client.wasClosed();
}

// Sends a command and waits for its answer (ack or error); empty if none came.
inline QJsonObject roundTrip(AgentClient &client, const QString &type, const QJsonObject &fields = {})
{
    const QString id = client.command(type, fields);
    if (!QTest::qWaitFor([&] { return !client.answerTo(id).isEmpty() || client.wasClosed(); }, 10'000))
        return {};
    return client.answerTo(id);
}

inline QString answerType(const QJsonObject &answer) { return answer.value(QStringLiteral("type")).toString(); }
inline QString errorCode(const QJsonObject &answer) { return answer.value(QStringLiteral("code")).toString(); }

inline QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> list;
    for (qint64 s = from; s <= to; ++s)
        list.append(s);
    return list;
}

} // namespace Relaydesk::Test
