// WebhookSignature against independently computed HMACs (openssl), over the exact
// bytes Meta sends: non-ASCII escaped as \uXXXX, trailing newline included.
#include "fixtures.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QTest>

using namespace Relaydesk::Messenger;

namespace {
const QByteArray kSecret = "S3cr3t-app-secret";
// openssl dgst -sha256 -hmac S3cr3t-app-secret tests/fixtures/messenger/webhooks/unicode.json
const QByteArray kUnicodeHex = "c46a571a3f51aecc03ef1781cf0cf87d3c434fb82aeb1bb7e85cda72291d21b7";
// openssl dgst -sha1 -hmac S3cr3t-app-secret ... (what very old apps also get)
const QByteArray kUnicodeSha1Hex = "ed5c4a635907a89c62da3ab6627b951306bee3d1";
} // namespace

class TestWebhookSignature : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_body = readFixture(QStringLiteral("webhooks/unicode.json"));
        QVERIFY(!m_body.isEmpty());
        // The point of this fixture: the signed bytes are the escaped form.
        QVERIFY(m_body.contains("Gr\\u00fc\\u00dfe"));
    }

    void signMatchesKnownVector()
    {
        // RFC 2104 example widely used for HMAC-SHA256.
        QCOMPARE(WebhookSignature::sign("The quick brown fox jumps over the lazy dog", "key"),
                 QByteArray("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
        QCOMPARE(WebhookSignature::sign(m_body, kSecret), "sha256=" + kUnicodeHex);
    }

    void rightSignatureVerifies()
    {
        QVERIFY(WebhookSignature::verify(m_body, "sha256=" + kUnicodeHex, kSecret));
    }

    void uppercaseHexVerifies()
    {
        QVERIFY(WebhookSignature::verify(m_body, "sha256=" + kUnicodeHex.toUpper(), kSecret));
    }

    void reserialisedJsonDoesNotVerify()
    {
        // Qt writes the text as UTF-8, not \uXXXX: same JSON, different bytes.
        const QByteArray reserialised = QJsonDocument::fromJson(m_body).toJson(QJsonDocument::Compact);
        QVERIFY(!reserialised.isEmpty());
        QVERIFY(reserialised != m_body);
        QVERIFY(!WebhookSignature::verify(reserialised, "sha256=" + kUnicodeHex, kSecret));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("secret");

        QByteArray flipped = kUnicodeHex;
        flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
        QTest::newRow("wrong secret") << WebhookSignature::sign(m_body, "other-secret") << kSecret;
        QTest::newRow("one digit changed") << ("sha256=" + flipped) << kSecret;
        QTest::newRow("truncated hex") << ("sha256=" + kUnicodeHex.left(63)) << kSecret;
        QTest::newRow("half the hex") << ("sha256=" + kUnicodeHex.left(32)) << kSecret;
        QTest::newRow("extra digit") << ("sha256=" + kUnicodeHex + '0') << kSecret;
        QTest::newRow("missing prefix") << kUnicodeHex << kSecret;
        QTest::newRow("uppercase prefix") << ("SHA256=" + kUnicodeHex) << kSecret;
        QTest::newRow("space after prefix") << ("sha256= " + kUnicodeHex.left(63)) << kSecret;
        QTest::newRow("sha1 header") << ("sha1=" + kUnicodeSha1Hex) << kSecret;
        QTest::newRow("prefix only") << QByteArray("sha256=") << kSecret;
        QTest::newRow("empty") << QByteArray() << kSecret;
        QTest::newRow("not hex") << ("sha256=" + QByteArray(64, 'g')) << kSecret;
        QTest::newRow("raw bytes, not hex") << ("sha256=" + QByteArray::fromHex(kUnicodeHex)) << kSecret;
        // An unconfigured secret must not verify anything, even a matching HMAC.
        QTest::newRow("empty secret") << WebhookSignature::sign(m_body, "") << QByteArray();
    }

    void rejects()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, secret);
        QVERIFY(!WebhookSignature::verify(m_body, header, secret));
    }

private:
    QByteArray m_body;
};

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "tst_webhooksignature.moc"
