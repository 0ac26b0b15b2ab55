// GraphClient against FakeGraphServer on 127.0.0.1: what goes on the wire (method,
// path, query, Authorization, JSON and multipart bodies) and how every answer
// from tests/fixtures/messenger/graph, and every kind of failure, is read.
#include "fakegraphserver.h"
#include "fixtures.h"
#include "graphclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <optional>

using namespace Relaydesk::Messenger;

namespace {

const QString kPage = QStringLiteral("104216672283716");
const QString kPsid = QStringLiteral("6920154378193526");
const QByteArray kToken = "EAAGm0PX4ZCpsBAPageTokenForTests123";

QJsonObject jsonBody(const FakeGraphServer::Request &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QString::fromLatin1(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QString::fromLatin1(key)).toObject();
}

struct Part
{
    QByteArray name;
    QByteArray fileName;
    QByteArray contentType;
    QByteArray body;
};

// Just enough of RFC 7578 to read what QHttpMultiPart writes.
QList<Part> parseMultipart(const QByteArray &contentType, const QByteArray &body)
{
    QList<Part> parts;
    const qsizetype at = contentType.indexOf("boundary=");
    if (!contentType.startsWith("multipart/form-data") || at < 0)
        return parts;
    QByteArray boundary = contentType.mid(at + 9).trimmed();
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // closing delimiter
        const qsizetype next = body.indexOf("\r\n" + delimiter, pos);
        if (next < 0)
            break;
        const QByteArray chunk = body.mid(pos + 2, next - pos - 2); // skip the CRLF after the delimiter
        const qsizetype headEnd = chunk.indexOf("\r\n\r\n");
        Part part;
        const QList<QByteArray> headers = chunk.left(headEnd).split('\n');
        for (const QByteArray &h : headers) {
            const QByteArray line = h.trimmed();
            if (line.toLower().startsWith("content-type:")) {
                part.contentType = line.mid(13).trimmed();
            } else if (line.toLower().startsWith("content-disposition:")) {
                const QList<QByteArray> params = line.mid(20).split(';');
                for (const QByteArray &p : params) {
                    const QByteArray param = p.trimmed();
                    if (param.startsWith("name="))
                        part.name = param.mid(5).replace('"', QByteArray());
                    else if (param.startsWith("filename="))
                        part.fileName = param.mid(9).replace('"', QByteArray());
                }
            }
        }
        part.body = chunk.mid(headEnd + 4);
        parts.append(part);
        pos = next + 2;
    }
    return parts;
}

const Part *findPart(const QList<Part> &parts, const char *name)
{
    for (const Part &p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QByteArray readTestData(const QString &name)
{
    QFile file(QStringLiteral(RELAYDESK_MESSENGER_TEST_DATA "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestGraphClient : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FakeGraphServer>();
        QVERIFY(m_server->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<GraphClient>(m_network.get(), m_server->baseUrl());
    }

    void cleanup()
    {
        m_client.reset();
        m_network.reset();
        m_server.reset();
    }

    void sendTextResponse()
    {
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("Your order ships tomorrow."),
                           QStringLiteral("RESPONSE"), QString(), QStringLiteral("relaydesk:client:3f1b2c"),
                           [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());

        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.target, QByteArray("/v21.0/104216672283716/messages"));
        QCOMPARE(request.header("authorization"), "Bearer " + kToken);
        QVERIFY(request.header("content-type").startsWith("application/json"));
        const QJsonObject body = jsonBody(request);
        QCOMPARE(str(obj(body, "recipient"), "id"), kPsid);
        QCOMPARE(str(body, "messaging_type"), QStringLiteral("RESPONSE"));
        QVERIFY(!body.contains(QStringLiteral("tag")));
        QCOMPARE(str(obj(body, "message"), "text"), QStringLiteral("Your order ships tomorrow."));
        QCOMPARE(str(obj(body, "message"), "metadata"), QStringLiteral("relaydesk:client:3f1b2c"));
        QVERIFY(!request.body.contains(kToken));

        QVERIFY(result->ok);
        QCOMPARE(result->recipientId, kPsid);
        QCOMPARE(result->messageId, QStringLiteral("m_AbC1xYz_sent_0100"));
        QCOMPARE(result->error.httpStatus, 0);
        QVERIFY(!result->error.isRetryable());
    }

    void sendTextHumanAgentTag()
    {
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        m_client->setApiVersion(QStringLiteral("v19.0"));
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("Sorry for the wait"),
                           QStringLiteral("MESSAGE_TAG"), QStringLiteral("HUMAN_AGENT"), QString(),
                           [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.target, QByteArray("/v19.0/104216672283716/messages"));
        const QJsonObject body = jsonBody(request);
        QCOMPARE(str(body, "messaging_type"), QStringLiteral("MESSAGE_TAG"));
        QCOMPARE(str(body, "tag"), QStringLiteral("HUMAN_AGENT"));
        QCOMPARE(str(obj(body, "message"), "text"), QStringLiteral("Sorry for the wait"));
        QVERIFY(!obj(body, "message").contains(QStringLiteral("metadata")));
    }

    void baseUrlWithPath()
    {
        // The local stand-in may live under a prefix; the version goes after it.
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        QUrl base = m_server->baseUrl();
        base.setPath(QStringLiteral("/graph/"));
        GraphClient client(m_network.get(), base);
        QCOMPARE(client.baseUrl(), base);
        std::optional<SendResult> result;
        client.sendAction(kPage, kToken, kPsid, QStringLiteral("mark_seen"), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(m_server->requests.size(), 1);
        QCOMPARE(m_server->requests.first().target, QByteArray("/graph/v21.0/104216672283716/messages"));
    }

    void sendErrors_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("subcode");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("retryable");

        QTest::newRow("outside window") << "send-error-outside-window" << 400 << 10 << 2018278
            << "(#10) This message is sent outside of allowed window. Learn more about the new policy here: "
               "https://developers.facebook.com/docs/messenger-platform/policy-overview"
            << false;
        QTest::newRow("rate limit") << "send-error-rate-limit" << 400 << 613 << 0
                                    << "(#613) Calls to this api have exceeded the rate limit." << true;
        QTest::newRow("user unavailable") << "send-error-user-unavailable" << 400 << 551 << 1545041
                                          << "(#551) This person isn't available right now." << false;
        QTest::newRow("invalid token") << "send-error-invalid-token" << 400 << 190 << 463
                                       << "Error validating access token: Session has expired." << false;
        QTest::newRow("invalid token 401") << "send-error-invalid-token" << 401 << 190 << 463
                                           << "Error validating access token: Session has expired." << false;
        // Retryable because of the code, whatever the status.
        QTest::newRow("temporary 400") << "send-error-temporary" << 400 << 1200 << 0
                                       << "(#1200) Temporary send message failure. Please try again later" << true;
        QTest::newRow("temporary 500") << "send-error-temporary" << 500 << 1200 << 0
                                       << "(#1200) Temporary send message failure. Please try again later" << true;
    }

    void sendErrors()
    {
        QFETCH(QString, fixture);
        QFETCH(int, status);
        QFETCH(int, code);
        QFETCH(int, subcode);
        QFETCH(QString, message);
        QFETCH(bool, retryable);

        const QByteArray body = readFixture(QStringLiteral("graph/%1.json").arg(fixture));
        QVERIFY(!body.isEmpty());
        m_server->answer(status, body);
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("hello"), QStringLiteral("RESPONSE"), QString(),
                           QString(), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QVERIFY(result->messageId.isEmpty());
        QCOMPARE(result->error.httpStatus, status);
        QCOMPARE(result->error.code, code);
        QCOMPARE(result->error.subcode, subcode);
        QCOMPARE(result->error.type, QStringLiteral("OAuthException"));
        QCOMPARE(result->error.message, message);
        QVERIFY(!result->error.network);
        QCOMPARE(result->error.isRetryable(), retryable);
    }

    void httpErrorWithoutJson_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retryable");
        QTest::newRow("502 from a proxy") << 502 << true;
        QTest::newRow("404 page") << 404 << false;
    }

    void httpErrorWithoutJson()
    {
        QFETCH(int, status);
        QFETCH(bool, retryable);
        m_server->answer(status, "<html><body><h1>Bad Gateway</h1>secret-html</body></html>",
                         "text/html; charset=utf-8");
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("hello"), QStringLiteral("RESPONSE"), QString(),
                           QString(), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QCOMPARE(result->error.httpStatus, status);
        QCOMPARE(result->error.code, 0);
        QCOMPARE(result->error.subcode, 0);
        QVERIFY(!result->error.network);
        QVERIFY(result->error.message.contains(QString::number(status)));
        QVERIFY(!result->error.message.contains(QLatin1String("secret-html")));
        QCOMPARE(result->error.isRetryable(), retryable);
    }

    void connectionClosedWithoutAnswer()
    {
        m_server->closeWithoutAnswer();
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("hello"), QStringLiteral("RESPONSE"), QString(),
                           QString(), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!m_server->requests.isEmpty()); // it was received, then dropped
        QVERIFY(!result->ok);
        QVERIFY(result->error.network);
        QCOMPARE(result->error.httpStatus, 0);
        QVERIFY(!result->error.message.isEmpty());
        QVERIFY(result->error.isRetryable());
    }

    void connectionRefused()
    {
        // A port that was just free and is closed again.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        QUrl base = m_server->baseUrl();
        base.setPort(probe.serverPort());
        probe.close();
        GraphClient client(m_network.get(), base);
        std::optional<ProfileResult> result;
        client.fetchProfile(kToken, kPsid, [&](const ProfileResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QVERIFY(result->error.network);
        QCOMPARE(result->error.httpStatus, 0);
        QVERIFY(result->error.isRetryable());
    }

    void slowAnswerTimesOut()
    {
        m_server->neverAnswer();
        m_client->setTimeoutMs(300);
        QElapsedTimer elapsed;
        elapsed.start();
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("hello"), QStringLiteral("RESPONSE"), QString(),
                           QString(), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY(elapsed.elapsed() >= 250);
        QCOMPARE(m_server->requests.size(), 1);
        QVERIFY(!result->ok);
        QVERIFY(result->error.network);
        QCOMPARE(result->error.httpStatus, 0);
        QVERIFY(!result->error.message.isEmpty());
        QVERIFY(result->error.isRetryable());
    }

    void sendAttachment()
    {
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        QByteArray file("\x89PNG\r\n\x1a\n", 8);
        file += QByteArray("\0\r\n--not-a-boundary\r\n", 21);
        file += QByteArray(4096, 'x');
        std::optional<SendResult> result;
        m_client->sendAttachment(kPage, kToken, kPsid, QStringLiteral("image"), file, QStringLiteral("label.png"),
                                 QStringLiteral("image/png"), QStringLiteral("MESSAGE_TAG"),
                                 QStringLiteral("HUMAN_AGENT"), QStringLiteral("relaydesk:client:9a"),
                                 [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QCOMPARE(result->messageId, QStringLiteral("m_AbC1xYz_sent_0100"));
        QCOMPARE(result->recipientId, kPsid);

        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.target, QByteArray("/v21.0/104216672283716/messages"));
        QCOMPARE(request.header("authorization"), "Bearer " + kToken);
        const QList<Part> parts = parseMultipart(request.header("content-type"), request.body);
        QCOMPARE(parts.size(), 5);

        const Part *recipient = findPart(parts, "recipient");
        QVERIFY(recipient);
        QCOMPARE(str(QJsonDocument::fromJson(recipient->body).object(), "id"), kPsid);

        const Part *message = findPart(parts, "message");
        QVERIFY(message);
        const QJsonObject messageJson = QJsonDocument::fromJson(message->body).object();
        const QJsonObject attachment = obj(messageJson, "attachment");
        QCOMPARE(str(attachment, "type"), QStringLiteral("image"));
        const QJsonValue reusable = obj(attachment, "payload").value(QStringLiteral("is_reusable"));
        QVERIFY(reusable.isBool());
        QCOMPARE(reusable.toBool(), false);
        QCOMPARE(str(messageJson, "metadata"), QStringLiteral("relaydesk:client:9a"));

        const Part *type = findPart(parts, "messaging_type");
        QVERIFY(type);
        QCOMPARE(type->body, QByteArray("MESSAGE_TAG"));
        const Part *tag = findPart(parts, "tag");
        QVERIFY(tag);
        QCOMPARE(tag->body, QByteArray("HUMAN_AGENT"));

        const Part *filedata = findPart(parts, "filedata");
        QVERIFY(filedata);
        QCOMPARE(filedata->fileName, QByteArray("label.png"));
        QCOMPARE(filedata->contentType, QByteArray("image/png"));
        QCOMPARE(filedata->body, file);
        QVERIFY(!request.target.contains(kToken));
    }

    void sendAttachmentWithoutTag()
    {
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        std::optional<SendResult> result;
        m_client->sendAttachment(kPage, kToken, kPsid, QStringLiteral("file"), "%PDF-1.4", QStringLiteral("a.pdf"),
                                 QStringLiteral("application/pdf"), QStringLiteral("RESPONSE"), QString(), QString(),
                                 [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        const QList<Part> parts = parseMultipart(request.header("content-type"), request.body);
        QCOMPARE(parts.size(), 4);
        QVERIFY(!findPart(parts, "tag"));
        QVERIFY(findPart(parts, "messaging_type"));
        QCOMPARE(findPart(parts, "messaging_type")->body, QByteArray("RESPONSE"));
        QVERIFY(findPart(parts, "filedata"));
        QCOMPARE(findPart(parts, "filedata")->body, QByteArray("%PDF-1.4"));
        QVERIFY(findPart(parts, "message"));
        const QJsonObject messageJson = QJsonDocument::fromJson(findPart(parts, "message")->body).object();
        QCOMPARE(str(obj(messageJson, "attachment"), "type"), QStringLiteral("file"));
        QVERIFY(!messageJson.contains(QStringLiteral("metadata")));
    }

    void sendAction()
    {
        m_server->answer(200, R"({"recipient_id":"6920154378193526"})");
        std::optional<SendResult> result;
        m_client->sendAction(kPage, kToken, kPsid, QStringLiteral("typing_on"), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QCOMPARE(result->recipientId, kPsid);
        QVERIFY(result->messageId.isEmpty());
        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.target, QByteArray("/v21.0/104216672283716/messages"));
        QCOMPARE(request.header("authorization"), "Bearer " + kToken);
        const QJsonObject body = jsonBody(request);
        QCOMPARE(str(obj(body, "recipient"), "id"), kPsid);
        QCOMPARE(str(body, "sender_action"), QStringLiteral("typing_on"));
        QVERIFY(!body.contains(QStringLiteral("message")));
    }

    void fetchProfile()
    {
        m_server->answer(200, readFixture(QStringLiteral("graph/profile.json")));
        std::optional<ProfileResult> result;
        m_client->fetchProfile(kToken, kPsid, [&](const ProfileResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path, QByteArray("/v21.0/6920154378193526"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded),
                 QStringLiteral("first_name,last_name,profile_pic"));
        QCOMPARE(request.query.queryItems().size(), 1); // no access_token parameter
        QCOMPARE(request.header("authorization"), "Bearer " + kToken);
        QVERIFY(!request.target.contains(kToken));
        QVERIFY(request.body.isEmpty());

        QVERIFY(result->ok);
        QCOMPARE(result->firstName, QStringLiteral("Linh"));
        QCOMPARE(result->lastName, QStringLiteral("Nguyen"));
        QCOMPARE(result->pictureUrl,
                 QStringLiteral("https://platform-lookaside.example-cdn.invalid/psid_pic?psid=6920154378193526&ext=1735113600"));
    }

    void fetchProfileUnavailable()
    {
        m_server->answer(400, readFixture(QStringLiteral("graph/profile-unavailable.json")));
        std::optional<ProfileResult> result;
        m_client->fetchProfile(kToken, kPsid, [&](const ProfileResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QVERIFY(result->firstName.isEmpty());
        QCOMPARE(result->error.httpStatus, 400);
        QCOMPARE(result->error.code, 100);
        QCOMPARE(result->error.subcode, 2018218);
        QCOMPARE(result->error.type, QStringLiteral("OAuthException"));
        QCOMPARE(result->error.message, QStringLiteral("(#100) No profile available for this user."));
        QVERIFY(!result->error.network);
        QVERIFY(!result->error.isRetryable());
    }

    void fetchConversations()
    {
        // The documented shape of GET /{page-id}/conversations with nested messages,
        // written by hand in tests/messenger (there is no captured fixture for it).
        const QByteArray answer = readTestData(QStringLiteral("graph-conversations.json"));
        QVERIFY(!answer.isEmpty());
        m_server->answer(200, answer);
        std::optional<ConversationsResult> result;
        m_client->fetchConversations(kPage, kToken, 10, 5, [&](const ConversationsResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());

        QCOMPARE(m_server->requests.size(), 1);
        const FakeGraphServer::Request &request = m_server->requests.first();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path, QByteArray("/v21.0/104216672283716/conversations"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("platform")), QStringLiteral("messenger"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded),
                 QStringLiteral("participants,messages.limit(5){id,message,from,created_time,attachments}"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("limit")), QStringLiteral("10"));
        QVERIFY(!request.query.hasQueryItem(QStringLiteral("access_token")));
        QCOMPARE(request.header("authorization"), "Bearer " + kToken);
        QVERIFY(!request.target.contains(kToken));

        QVERIFY(result->ok);
        QCOMPARE(result->threads.size(), 2);
        const ConversationsResult::Thread &first = result->threads.at(0);
        QCOMPARE(first.id, QStringLiteral("t_100001"));
        QCOMPARE(first.customerPsid, kPsid);
        QCOMPARE(first.messages.size(), 2);
        QCOMPARE(first.messages.at(0).mid, QStringLiteral("m_hist_0002"));
        QCOMPARE(first.messages.at(0).fromId, kPsid);
        QCOMPARE(first.messages.at(0).text, QStringLiteral("Thanks!"));
        QCOMPARE(first.messages.at(0).timestamp, Q_INT64_C(1732521600000));
        QVERIFY(first.messages.at(0).attachments.isEmpty());
        QCOMPARE(first.messages.at(1).mid, QStringLiteral("m_hist_0001"));
        QCOMPARE(first.messages.at(1).fromId, kPage);
        QCOMPARE(first.messages.at(1).text, QString());
        QCOMPARE(first.messages.at(1).timestamp, Q_INT64_C(1732521510000));
        QCOMPARE(first.messages.at(1).attachments.size(), 1);
        QCOMPARE(str(first.messages.at(1).attachments.at(0), "mime_type"), QStringLiteral("image/jpeg"));
        QCOMPARE(str(obj(first.messages.at(1).attachments.at(0), "image_data"), "url"),
                 QStringLiteral("https://cdn.example-cdn.invalid/label.jpg"));

        // The page is listed first here: the customer is whoever is not the page.
        const ConversationsResult::Thread &second = result->threads.at(1);
        QCOMPARE(second.id, QStringLiteral("t_100002"));
        QCOMPARE(second.customerPsid, QStringLiteral("7341096612455830"));
        QCOMPARE(second.messages.size(), 1);
        QCOMPARE(second.messages.at(0).mid, QStringLiteral("m_hist_0003"));
        QCOMPARE(second.messages.at(0).text, QStringLiteral("Hola"));
        QCOMPARE(second.messages.at(0).timestamp, Q_INT64_C(1732482905000));
    }

    void fetchConversationsError()
    {
        m_server->answer(400, readFixture(QStringLiteral("graph/send-error-invalid-token.json")));
        std::optional<ConversationsResult> result;
        m_client->fetchConversations(kPage, kToken, 10, 5, [&](const ConversationsResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QVERIFY(result->threads.isEmpty());
        QCOMPARE(result->error.code, 190);
        QCOMPARE(result->error.subcode, 463);
        QVERIFY(!result->error.isRetryable());
    }

    void successWithoutJson()
    {
        // A 200 that is not JSON (a captive portal, a misconfigured proxy) is no success.
        m_server->answer(200, "<html>hello</html>", "text/html");
        std::optional<SendResult> result;
        m_client->sendText(kPage, kToken, kPsid, QStringLiteral("hello"), QStringLiteral("RESPONSE"), QString(),
                           QString(), [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->ok);
        QCOMPARE(result->error.httpStatus, 200);
        QVERIFY(!result->error.message.isEmpty());
        QVERIFY(!result->error.isRetryable()); // it may have been sent: do not send twice
    }

    void logsNeitherTokenNorBody()
    {
        // Everything the client logs, at every level, while it succeeds and fails.
        static QStringList logged;
        logged.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.*=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { logged.append(message); });
        const QString secretText = QStringLiteral("my card number is 4111");
        int done = 0;
        auto send = [&] {
            m_client->sendText(kPage, kToken, kPsid, secretText, QStringLiteral("RESPONSE"), QString(),
                               QStringLiteral("relaydesk:client:secret-meta"), [&](const SendResult &) { ++done; });
        };
        m_server->answer(200, readFixture(QStringLiteral("graph/send-success.json")));
        send();
        QTRY_COMPARE(done, 1);
        m_server->answer(400, readFixture(QStringLiteral("graph/send-error-invalid-token.json")));
        send();
        QTRY_COMPARE(done, 2);
        m_server->answer(502, "<html>" + secretText.toUtf8() + "</html>", "text/html");
        send();
        QTRY_COMPARE(done, 3);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());

        QVERIFY(logged.size() >= 3);
        const QString all = logged.join(QLatin1Char('\n'));
        QVERIFY(!all.contains(QString::fromLatin1(kToken)));
        QVERIFY(!all.contains(secretText));
        QVERIFY(!all.contains(QLatin1String("secret-meta")));
    }

    void isRetryable_data()
    {
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("network");
        QTest::addColumn<bool>("retryable");
        QTest::newRow("network") << 0 << 0 << true << true;
        QTest::newRow("500") << 500 << 0 << false << true;
        QTest::newRow("503") << 503 << 0 << false << true;
        QTest::newRow("613 at 400") << 400 << 613 << false << true;
        QTest::newRow("1200 at 400") << 400 << 1200 << false << true;
        QTest::newRow("10") << 400 << 10 << false << false;
        QTest::newRow("190") << 400 << 190 << false << false;
        QTest::newRow("551") << 400 << 551 << false << false;
        QTest::newRow("100") << 400 << 100 << false << false;
        QTest::newRow("bare 400") << 400 << 0 << false << false;
        QTest::newRow("429 without code") << 429 << 0 << false << false;
        QTest::newRow("nothing") << 0 << 0 << false << false;
    }

    void isRetryable()
    {
        QFETCH(int, httpStatus);
        QFETCH(int, code);
        QFETCH(bool, network);
        QFETCH(bool, retryable);
        GraphError error;
        error.httpStatus = httpStatus;
        error.code = code;
        error.network = network;
        QCOMPARE(error.isRetryable(), retryable);
    }

private:
    std::unique_ptr<FakeGraphServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<GraphClient> m_client;
};

QTEST_GUILESS_MAIN(TestGraphClient)
#include "tst_graphclient.moc"
