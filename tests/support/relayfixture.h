#pragma once

#include "message.h"
#include "testrelay.h"
#include "webhookposter.h"

#include <QStringList>

#include <memory>

namespace Relaydesk::Test {

// What the app's end-to-end tests start from: a real relay in the test's process
// with one Page ("Shop") and one agent ("alice", every page), and a poster that
// writes to it as customers would, through signed webhooks.
class RelayFixture
{
public:
    static inline const QString PageId = QStringLiteral("104216672283716");
    static inline const QString Psid = QStringLiteral("6920154378193526");

    RelayFixture();
    ~RelayFixture();

    // Starts the relay and adds the Page and alice; false (with a QTest failure) if not.
    bool start();
    TestRelay &relay() { return *m_relay; }
    QByteArray aliceToken() const { return m_token; }
    QByteArray addAgent(const QString &name) { return m_relay->addAgent(name, {QStringLiteral("*")}); }

    // A customer's text message; true if the relay answered 200 (stored). timestamp 0: now.
    bool postText(const QString &text, const QString &psid = Psid, qint64 timestamp = 0);

    static QStringList texts(const QList<Relaydesk::Message> &messages);

private:
    std::unique_ptr<TestRelay> m_relay;
    std::unique_ptr<WebhookPoster> m_poster;
    QByteArray m_token;
    int m_mid = 0;
};

} // namespace Relaydesk::Test
