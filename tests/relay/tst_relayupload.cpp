#include "agentclient.h"
#include "graphstandin.h"
#include "testrelay.h"
#include "webhookposter.h"
#include "webhooksignature.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <limits>

using namespace Relaydesk;
using namespace Relaydesk::Test;

// Agents upload a file to the relay (POST /uploads) and send it as an attachment.
class TestRelayUpload : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void refusesWithoutAValidToken();
    void uploadedImageGoesOutAsAnAttachment();
    void refusesOthersUploadsAndTextWithAttachment();

private:
    struct Reply { int status = 0; QJsonObject json; };
    Reply upload(const QByteArray &token, const QByteArray &data, const QByteArray &mime, const QByteArray &name);
    qint64 customerConversation();

    GraphStandIn m_graph;
    TestRelay m_relay;
    QByteArray m_alice;
    QByteArray m_bob;
    QNetworkAccessManager m_network;
};

void TestRelayUpload::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_graph.listen());
    m_relay.config().graphUrl = m_graph.baseUrl();
    QVERIFY(m_relay.start());
    QVERIFY(m_relay.addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    m_alice = m_relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_bob = m_relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
}

TestRelayUpload::Reply TestRelayUpload::upload(const QByteArray &token, const QByteArray &data, const QByteArray &mime,
                                               const QByteArray &name)
{
    QNetworkRequest request(m_relay.httpUrl(QStringLiteral("/uploads")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, mime);
    request.setRawHeader("X-Relaydesk-Filename", QUrl::toPercentEncoding(QString::fromUtf8(name)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = m_network.post(request, data);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return r;
}

qint64 TestRelayUpload::customerConversation()
{
    WebhookPoster poster(m_relay.httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
    const QByteArray body = QStringLiteral(
        R"({"object":"page","entry":[{"id":"104216672283716","time":1,"messaging":[{"sender":{"id":"6920154378193526"},)"
        R"("recipient":{"id":"104216672283716"},"timestamp":%1,"message":{"mid":"m_up_%1","text":"photo please"}}]}]})")
        .arg(QDateTime::currentMSecsSinceEpoch()).toUtf8();
    if (poster.post(body).status != 200)
        return 0;
    const auto c = m_relay.store().conversationFor(QStringLiteral("104216672283716"), QStringLiteral("6920154378193526"));
    return c ? c->id : 0;
}

void TestRelayUpload::refusesWithoutAValidToken()
{
    QCOMPARE(upload({}, "abc", "image/png", "a.png").status, 401);
    QCOMPARE(upload("rdk_not-a-token", "abc", "image/png", "a.png").status, 401);
    QCOMPARE(upload(m_alice, {}, "image/png", "a.png").status, 400);
    QVERIFY(!QDir(m_relay.config().dataDir + QStringLiteral("/uploads")).exists()
            || QDir(m_relay.config().dataDir + QStringLiteral("/uploads")).isEmpty());
    QVERIFY(m_relay.store().uploadsCreatedBefore(std::numeric_limits<qint64>::max(), 10).isEmpty());
}

void TestRelayUpload::uploadedImageGoesOutAsAnAttachment()
{
    const qint64 conversationId = customerConversation();
    QVERIFY(conversationId > 0);
    const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(5000, 'x');
    const Reply uploaded = upload(m_alice, png, "image/png", "label ä.png");
    QCOMPARE(uploaded.status, 201);
    const QString uploadId = uploaded.json.value(QStringLiteral("upload_id")).toString();
    QVERIFY(!uploadId.isEmpty());
    QCOMPARE(uploaded.json.value(QStringLiteral("type")).toString(), QStringLiteral("image"));
    QCOMPARE(uploaded.json.value(QStringLiteral("name")).toString(), QStringLiteral("label \u00e4.png"));
    // SQLite: a file of the relay's own (owner-only); PostgreSQL: in the database, for every relay.
    const QString file = m_relay.config().dataDir + QStringLiteral("/uploads/") + uploadId;
    QVERIFY(m_relay.store().upload(uploadId));
    if (TestRelay::onPostgres()) {
        QCOMPARE(*m_relay.store().uploadBytes(uploadId, png.size()), png);
        QVERIFY(!QFile::exists(file));
    } else {
        QVERIFY(QFile::exists(file));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                                              | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(file) & QFileDevice::ReadOwner);
    }

    AgentClient alice;
    alice.connectTo(m_relay.wsUrl(), m_alice, -1);
    QTRY_VERIFY(alice.hasFrame(QStringLiteral("resync_required")));
    const QString id = alice.command(QStringLiteral("send_message"),
                                     {{QStringLiteral("conversation_id"), conversationId},
                                      {QStringLiteral("client_id"), QStringLiteral("att-1")},
                                      {QStringLiteral("attachment"), QJsonObject{{QStringLiteral("upload_id"), uploadId}}}});
    QTRY_VERIFY(!alice.answerTo(id).isEmpty());
    QCOMPARE(alice.answerTo(id).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    const Message pending = Message::fromJson(alice.answerTo(id).value(QStringLiteral("result")).toObject()
                                                  .value(QStringLiteral("message")).toObject());
    QCOMPARE(pending.kind, QStringLiteral("attachments"));
    QCOMPARE(pending.attachments.size(), 1);
    QCOMPARE(pending.attachments.first().type, QStringLiteral("image"));

    QTRY_COMPARE(m_graph.sends().size(), 1);
    const GraphStandIn::Request sent = m_graph.sends().first();
    QVERIFY(sent.body.contains(png));                      // the file's bytes, as uploaded
    QVERIFY(sent.body.contains("\"type\":\"image\""));
    QVERIFY(sent.body.contains("relaydesk:client:att-1")); // so the echo matches
    auto sentStatus = [&alice, &pending] {
        for (const Event &e : alice.events())
            if (e.kind == QLatin1String("message.status") && e.message().id == pending.id)
                return e.message().status;
        return Message::Status::Received;
    };
    QTRY_COMPARE(sentStatus(), Message::Status::Sent);
    QTRY_VERIFY(!m_relay.store().upload(uploadId)); // Meta has it now
    QVERIFY(!QFile::exists(file));
}

void TestRelayUpload::refusesOthersUploadsAndTextWithAttachment()
{
    const qint64 conversationId = customerConversation();
    const Reply bobs = upload(m_bob, "PDF", "application/pdf", "invoice.pdf");
    QCOMPARE(bobs.status, 201);
    QCOMPARE(bobs.json.value(QStringLiteral("type")).toString(), QStringLiteral("file"));
    const int sendsBefore = int(m_graph.sends().size());
    const qint64 messagesBefore = m_relay.store().messageCount();

    AgentClient alice;
    alice.connectTo(m_relay.wsUrl(), m_alice, -1);
    QTRY_VERIFY(alice.hasFrame(QStringLiteral("resync_required")));
    const QJsonObject attachment{{QStringLiteral("upload_id"), bobs.json.value(QStringLiteral("upload_id"))}};
    const QString stolen = alice.command(QStringLiteral("send_message"),
                                         {{QStringLiteral("conversation_id"), conversationId},
                                          {QStringLiteral("client_id"), QStringLiteral("att-2")},
                                          {QStringLiteral("attachment"), attachment}});
    QTRY_VERIFY(!alice.answerTo(stolen).isEmpty());
    QCOMPARE(alice.answerTo(stolen).value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));

    AgentClient bob;
    bob.connectTo(m_relay.wsUrl(), m_bob, -1);
    QTRY_VERIFY(bob.hasFrame(QStringLiteral("resync_required")));
    const QString both = bob.command(QStringLiteral("send_message"),
                                     {{QStringLiteral("conversation_id"), conversationId},
                                      {QStringLiteral("client_id"), QStringLiteral("att-3")},
                                      {QStringLiteral("text"), QStringLiteral("see attached")},
                                      {QStringLiteral("attachment"), attachment}});
    QTRY_VERIFY(!bob.answerTo(both).isEmpty());
    QCOMPARE(bob.answerTo(both).value(QStringLiteral("code")).toString(), QStringLiteral("bad_request"));
    QCOMPARE(m_relay.store().messageCount(), messagesBefore);
    QCOMPARE(int(m_graph.sends().size()), sendsBefore);
}

QTEST_GUILESS_MAIN(TestRelayUpload)
#include "tst_relayupload.moc"
