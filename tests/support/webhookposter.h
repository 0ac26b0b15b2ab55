#pragma once

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QUrl>

namespace Relaydesk::Test {

// Posts webhook bodies the way Meta does (signed with X-Hub-Signature-256) and
// waits for the answer.
class WebhookPoster
{
public:
    struct Answer { int status = 0; QByteArray body; };

    WebhookPoster(QUrl webhookUrl, QByteArray appSecret);

    Answer post(const QByteArray &body);                         // correctly signed
    Answer postWithSignature(const QByteArray &body, const QByteArray &signatureHeader); // empty: no header
    Answer get(const QUrl &url);

private:
    Answer wait(class QNetworkReply *reply);

    QNetworkAccessManager m_network;
    QUrl m_url;
    QByteArray m_secret;
};

} // namespace Relaydesk::Test
