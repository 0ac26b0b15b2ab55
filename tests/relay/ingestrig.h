#pragma once

// Shared by the ingest tests (tst_relayingest, tst_relaybadinput, tst_relayprofile):
// an in-process relay with an agent connected from seq 0 and a signed-webhook poster.

#include "agentclient.h"
#include "protocol.h"
#include "store.h"
#include "testfixtures.h"
#include "testrelay.h"
#include "webhookposter.h"

#include <QTest>

#include <memory>

namespace Relaydesk::Test {

inline const QString kPageId = QStringLiteral("104216672283716");
inline const QString kCustomerPsid = QStringLiteral("6920154378193526");

inline QByteArray webhookFixture(const QString &name)
{
    return fixture(QStringLiteral("webhooks/") + name);
}

inline QList<Event> eventsOfKind(const QList<Event> &events, QLatin1StringView kind)
{
    QList<Event> list;
    for (const Event &e : events)
        if (e.kind == kind)
            list.append(e);
    return list;
}

struct IngestRig
{
    TestRelay relay;
    AgentClient agent;
    std::unique_ptr<WebhookPoster> poster;

    // Starts the relay (with graphUrl, if given), adds an agent for every page and
    // connects it with since=0. False if any step failed.
    bool start(const QUrl &graphUrl = {})
    {
        if (graphUrl.isValid())
            relay.config().graphUrl = graphUrl;
        if (!relay.start())
            return false;
        const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
        if (token.isEmpty())
            return false;
        poster = std::make_unique<WebhookPoster>(relay.httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
        agent.connectTo(relay.wsUrl(), token, 0);
        return QTest::qWaitFor([this] { return agent.hasFrame(QStringLiteral("replay_done")); }, 5000);
    }

    int post(const QString &fixtureName) { return poster->post(webhookFixture(fixtureName)).status; }

    // A round trip on the agent's socket. The relay sends a commit's events before it
    // answers the webhook, on the same socket as this ack: once the ack is here, every
    // event of every webhook answered so far is here too.
    bool sync()
    {
        const QString id = agent.command(QString(Protocol::ClientFrame::Snapshot));
        return QTest::qWaitFor([this, id] { return !agent.answerTo(id).isEmpty(); }, 5000);
    }

    // The "result" of a command's ack (empty if it was refused or never answered).
    QJsonObject request(const QString &type, const QJsonObject &fields)
    {
        const QString id = agent.command(type, fields);
        if (!QTest::qWaitFor([this, id] { return !agent.answerTo(id).isEmpty(); }, 5000))
            return {};
        const QJsonObject answer = agent.answerTo(id);
        if (answer.value(QStringLiteral("type")).toString() != QLatin1String("ack"))
            return {};
        return answer.value(QStringLiteral("result")).toObject();
    }
};

} // namespace Relaydesk::Test
