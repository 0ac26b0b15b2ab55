#include "webhookposter.h"

#include "webhooksignature.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

namespace Relaydesk::Test {

WebhookPoster::WebhookPoster(QUrl webhookUrl, QByteArray appSecret)
    : m_url(std::move(webhookUrl)), m_secret(std::move(appSecret))
{
}

WebhookPoster::Answer WebhookPoster::post(const QByteArray &body)
{
    return postWithSignature(body, Messenger::WebhookSignature::sign(body, m_secret));
}

WebhookPoster::Answer WebhookPoster::postWithSignature(const QByteArray &body, const QByteArray &signatureHeader)
{
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!signatureHeader.isEmpty())
        request.setRawHeader("X-Hub-Signature-256", signatureHeader);
    return wait(m_network.post(request, body));
}

WebhookPoster::Answer WebhookPoster::get(const QUrl &url)
{
    return wait(m_network.get(QNetworkRequest(url)));
}

WebhookPoster::Answer WebhookPoster::wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

} // namespace Relaydesk::Test
