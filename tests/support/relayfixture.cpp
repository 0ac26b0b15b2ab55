#include "relayfixture.h"

#include "testwebhooks.h"

#include <QTest>

namespace Relaydesk::Test {

RelayFixture::RelayFixture()
    : m_relay(std::make_unique<TestRelay>())
{
}

RelayFixture::~RelayFixture() = default;

bool RelayFixture::start()
{
    if (!m_relay->start() || !m_relay->addPage(PageId, QStringLiteral("Shop")))
        return false;
    m_token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_poster = std::make_unique<WebhookPoster>(m_relay->httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
    return !m_token.isEmpty();
}

bool RelayFixture::postText(const QString &text, const QString &psid, qint64 timestamp)
{
    const QString mid = QStringLiteral("m_fixture_%1").arg(++m_mid);
    return m_poster->post(textWebhook(CustomerText{PageId, psid, mid, text, timestamp})).status == 200;
}

QStringList RelayFixture::texts(const QList<Message> &messages)
{
    QStringList list;
    for (const Message &m : messages)
        list.append(m.text);
    return list;
}

} // namespace Relaydesk::Test
