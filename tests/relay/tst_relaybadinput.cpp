#include "ingestrig.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

// One request written by hand on a raw socket; returns the status of the answer
// (0 if none came). The body, if any, is part of `request`.
int rawRequest(quint16 port, const QByteArray &request)
{
    // The relay runs in this thread: wait with the event loop running, never block.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return 0;
    socket.write(request);
    QByteArray answer;
    QTest::qWaitFor([&socket, &answer] {
        answer += socket.readAll();
        return answer.contains("\r\n\r\n") || socket.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    // "HTTP/1.1 413 Content Too Large"
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray head(const QByteArray &extra)
{
    return QByteArrayLiteral("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n") + extra
        + "\r\n";
}

} // namespace

// What Meta (or anyone else) can send that must not be stored: each is refused
// with the right status, nothing reaches the store or the agents. And the
// subscription handshake.
class TestRelayBadInput : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void verification_data();
    void verification();
    void refused_data();
    void refused();
    void sha1OnlyRefused();
    void oversizedRefusedBeforeBody();
    void chunkedWebhookAccepted();
};

void TestRelayBadInput::verification_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("right token") << "hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444"
                                 << 200 << QByteArray("1158201444");
    QTest::newRow("wrong token") << "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444" << 403
                                 << QByteArray();
    QTest::newRow("token prefix") << "hub.mode=subscribe&hub.verify_token=test-verify&hub.challenge=1158201444"
                                  << 403 << QByteArray();
    QTest::newRow("no token") << "hub.mode=subscribe&hub.challenge=1158201444" << 403 << QByteArray();
    QTest::newRow("missing mode") << "hub.verify_token=test-verify-token&hub.challenge=1158201444" << 403
                                  << QByteArray();
    QTest::newRow("other mode") << "hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1" << 403
                                << QByteArray();
}

void TestRelayBadInput::verification()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    IngestRig rig;
    QVERIFY(rig.start());
    QUrl url = rig.relay.httpUrl(QStringLiteral("/webhook"));
    url.setQuery(query);
    const auto answer = rig.poster->get(url);
    QCOMPARE(answer.status, status);
    if (status == 200)
        QCOMPARE(answer.body, body); // exactly the challenge, nothing around it
    else
        QVERIFY(!answer.body.contains("1158201444"));
}

void TestRelayBadInput::refused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("signature"); // empty: no header
    QTest::addColumn<int>("status");

    const QByteArray secret(TestRelay::AppSecret);
    const QByteArray text = webhookFixture(QStringLiteral("text.json"));
    QVERIFY(!text.isEmpty());
    QTest::newRow("wrong signature") << text << Messenger::WebhookSignature::sign(text, "another-secret") << 403;
    QTest::newRow("missing signature") << text << QByteArray() << 403;
    QByteArray flipped = Messenger::WebhookSignature::sign(text, secret);
    flipped[flipped.size() - 1] = flipped.endsWith('0') ? '1' : '0';
    QTest::newRow("one digit off") << text << flipped << 403;
    QTest::newRow("bare hex, no sha256=") << text << Messenger::WebhookSignature::sign(text, secret).mid(7) << 403;

    // Signed over the JSON as a parser would write it again, not over the bytes sent.
    const QByteArray unicode = webhookFixture(QStringLiteral("unicode.json"));
    const QByteArray reserialised = QJsonDocument::fromJson(unicode).toJson(QJsonDocument::Compact);
    QVERIFY(reserialised != unicode);
    QTest::newRow("signature over re-serialised JSON")
        << unicode << Messenger::WebhookSignature::sign(reserialised, secret) << 403;

    const QByteArray malformed = text.left(text.size() / 2);
    QTest::newRow("malformed JSON") << malformed << Messenger::WebhookSignature::sign(malformed, secret) << 400;
    const QByteArray wrongShape = R"({"object":"page","entry":{"id":"104216672283716"}})";
    QTest::newRow("entry not an array") << wrongShape << Messenger::WebhookSignature::sign(wrongShape, secret) << 400;
    const QByteArray noSender =
        R"({"object":"page","entry":[{"id":"104216672283716","messaging":[{"recipient":{"id":"104216672283716"},)"
        R"("timestamp":1732521600000,"message":{"mid":"m_x","text":"x"}}]}]})";
    QTest::newRow("message without sender") << noSender << Messenger::WebhookSignature::sign(noSender, secret) << 400;
    const QByteArray array = "[1,2,3]";
    QTest::newRow("top level array") << array << Messenger::WebhookSignature::sign(array, secret) << 400;
    // One bad event among good ones: the whole body is refused, the good ones are not kept.
    const QByteArray mixed =
        R"({"object":"page","entry":[{"id":"104216672283716","messaging":[{"sender":{"id":"6920154378193526"},)"
        R"("recipient":{"id":"104216672283716"},"timestamp":1732521600000,"message":{"mid":"m_ok","text":"ok"}},)"
        R"({"sender":{"id":"6920154378193526"},"recipient":{"id":"104216672283716"},"message":{"mid":"m_no_ts"}}]}]})";
    QTest::newRow("good event beside a bad one") << mixed << Messenger::WebhookSignature::sign(mixed, secret) << 400;
}

void TestRelayBadInput::refused()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, signature);
    QFETCH(int, status);
    IngestRig rig;
    QVERIFY(rig.start());
    const qint64 seqBefore = rig.relay.store().lastSeq();

    QCOMPARE(rig.poster->postWithSignature(body, signature).status, status);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.relay.store().conversationCount(), 0);
    QCOMPARE(rig.relay.store().rawEventCount(), 0);
    QCOMPARE(rig.relay.store().lastSeq(), seqBefore);

    // The relay is still fine: the same fixture correctly signed goes through.
    if (status == 403) {
        QCOMPARE(rig.poster->post(body).status, 200);
        QTRY_COMPARE(rig.agent.events().size(), 2);
    }
}

void TestRelayBadInput::sha1OnlyRefused()
{
    IngestRig rig;
    QVERIFY(rig.start());
    const QByteArray body = webhookFixture(QStringLiteral("text.json"));
    QNetworkAccessManager network;
    QNetworkRequest request(rig.relay.httpUrl(QStringLiteral("/webhook")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Hub-Signature",
                         "sha1=" + QMessageAuthenticationCode::hash(body, TestRelay::AppSecret, QCryptographicHash::Sha1).toHex());
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
    reply->deleteLater();
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.relay.store().lastSeq(), 0);
}

void TestRelayBadInput::oversizedRefusedBeforeBody()
{
    IngestRig rig;
    QVERIFY(rig.start());
    // 2 MiB announced, not one byte of it sent: the answer must come from the head alone.
    const QByteArray signature = Messenger::WebhookSignature::sign(QByteArray(2 * 1024 * 1024, 'x'), TestRelay::AppSecret);
    QCOMPARE(rawRequest(rig.relay.port(), head("X-Hub-Signature-256: " + signature + "\r\nContent-Length: 2097152\r\n")),
             413);
    // Just over the limit too.
    QCOMPARE(rawRequest(rig.relay.port(), head("X-Hub-Signature-256: " + signature + "\r\nContent-Length: 1048577\r\n")),
             413);
    QVERIFY(rig.sync());
    QCOMPARE(rig.agent.events().size(), 0);
    QCOMPARE(rig.relay.store().messageCount(), 0);
    QCOMPARE(rig.relay.store().lastSeq(), 0);
}

// A balancer may pass Meta's body through chunked (RFC 9112 7.1: every recipient
// decodes it): the signature is checked over the decoded bytes and the events stored.
void TestRelayBadInput::chunkedWebhookAccepted()
{
    IngestRig rig;
    QVERIFY(rig.start());
    const QByteArray body = webhookFixture(QStringLiteral("text.json"));
    const QByteArray signature = Messenger::WebhookSignature::sign(body, TestRelay::AppSecret);
    QByteArray chunked;
    for (qsizetype at = 0; at < body.size(); at += 100) {
        const QByteArray piece = body.mid(at, 100);
        chunked += QByteArray::number(piece.size(), 16) + ";piece\r\n" + piece + "\r\n";
    }
    chunked += "0\r\nX-Trailer: ignored\r\n\r\n";
    const QByteArray head = QByteArrayLiteral("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                              "Transfer-Encoding: chunked\r\n");

    // Signed over other bytes: refused like any other bad signature.
    const QByteArray wrong = Messenger::WebhookSignature::sign(body + " ", TestRelay::AppSecret);
    QCOMPARE(rawRequest(rig.relay.port(), head + "X-Hub-Signature-256: " + wrong + "\r\n\r\n" + chunked), 403);
    QVERIFY(rig.sync());
    QCOMPARE(rig.relay.store().messageCount(), 0);

    QCOMPARE(rawRequest(rig.relay.port(), head + "X-Hub-Signature-256: " + signature + "\r\n\r\n" + chunked), 200);
    QVERIFY(rig.sync());
    QCOMPARE(rig.relay.store().messageCount(), 1);
    QVERIFY(rig.agent.events().size() >= 1);
}

QTEST_GUILESS_MAIN(TestRelayBadInput)
#include "tst_relaybadinput.moc"
