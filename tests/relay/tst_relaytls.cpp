#include "testcertificate.h"
#include "testfixtures.h"
#include "testrelay.h"
#include "webhooksignature.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// The relay terminating TLS itself (tls_certificate / tls_private_key), for
// operators without a reverse proxy: webhooks over HTTPS, agents over wss.
class TestRelayTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void webhookAndAgentOverTls();
    void unreadableCertificateStopsStartUp();

private:
    QTemporaryDir m_dir;
    QSslConfiguration m_client;
};

void TestRelayTls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error = makeLoopbackCertificate(m_dir.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_client = QSslConfiguration::defaultConfiguration();
    m_client.setCaCertificates(QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("cert.pem"))));
    QCOMPARE(m_client.caCertificates().size(), 1);
}

void TestRelayTls::webhookAndAgentOverTls()
{
    TestRelay relay;
    relay.config().tlsCertificate = m_dir.filePath(QStringLiteral("cert.pem"));
    relay.config().tlsPrivateKey = m_dir.filePath(QStringLiteral("key.pem"));
    QVERIFY(relay.start());
    QVERIFY(relay.addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});

    // An agent over wss, verifying the relay's certificate.
    QWebSocket agent;
    agent.setSslConfiguration(m_client);
    QList<QJsonObject> frames;
    connect(&agent, &QWebSocket::textMessageReceived, this, [&frames](const QString &text) {
        frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    connect(&agent, &QWebSocket::connected, this, [&agent] {
        agent.sendTextMessage(QStringLiteral(R"({"type":"hello","protocol":1,"since":0})"));
    });
    QNetworkRequest upgrade(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(relay.port())));
    upgrade.setRawHeader("Authorization", "Bearer " + token);
    agent.open(upgrade);
    QTRY_VERIFY(frames.size() >= 2);
    QCOMPARE(frames.first().value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));

    // A signed webhook over HTTPS.
    QNetworkAccessManager network;
    const QByteArray body = fixture(QStringLiteral("webhooks/text.json"));
    QNetworkRequest post(QUrl(QStringLiteral("https://127.0.0.1:%1/webhook").arg(relay.port())));
    post.setSslConfiguration(m_client);
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    post.setRawHeader("X-Hub-Signature-256", Messenger::WebhookSignature::sign(body, TestRelay::AppSecret));
    QNetworkReply *reply = network.post(post, body);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();

    auto created = [&frames] {
        for (const QJsonObject &f : std::as_const(frames))
            if (f.value(QStringLiteral("event")).toString() == QLatin1String("message.created"))
                return true;
        return false;
    };
    QTRY_VERIFY(created());

    // Plain HTTP to the TLS port gets no answer, and stores nothing.
    QNetworkReply *plain = network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(relay.port()))));
    QTRY_VERIFY_WITH_TIMEOUT(plain->isFinished(), 15'000);
    QVERIFY(plain->error() != QNetworkReply::NoError);
    plain->deleteLater();
    QCOMPARE(relay.store().messageCount(), 1);
}

void TestRelayTls::unreadableCertificateStopsStartUp()
{
    TestRelay relay;
    relay.config().tlsCertificate = m_dir.filePath(QStringLiteral("missing.pem"));
    relay.config().tlsPrivateKey = m_dir.filePath(QStringLiteral("key.pem"));
    QVERIFY(!relay.start());
    relay.config().tlsCertificate = m_dir.filePath(QStringLiteral("key.pem")); // not a certificate
    QVERIFY(!relay.start());
}

QTEST_GUILESS_MAIN(TestRelayTls)
#include "tst_relaytls.moc"
