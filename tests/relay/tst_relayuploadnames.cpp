#include "agentrig.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTimer>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

struct Reply { int status = 0; QJsonObject json; };

// POST /uploads with the file name header exactly as given (already percent-encoded).
Reply upload(const TestRelay &relay, const QByteArray &token, const QByteArray &data, const QByteArray &mime,
             const QByteArray &encodedName)
{
    QNetworkAccessManager network;
    QNetworkRequest request(relay.httpUrl(QStringLiteral("/uploads")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, mime);
    request.setRawHeader("X-Relaydesk-Filename", encodedName);
    request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = network.post(request, data);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
    delete reply;
    return r;
}

const QByteArray kPng = QByteArray("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16) + QByteArray(600, '\x02');
const QByteArray kHtml = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";

} // namespace

// Agents' file names and types as stored, shown to other agents and sent to Meta
// (issue 12.4): names made safe, the declared type checked against the content.
class TestRelayUploadNames : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void hostileNameIsCleanEverywhere();
    void mediaTypeMustMatchTheContent_data();
    void mediaTypeMustMatchTheContent();

private:
    GraphStandIn m_graph;
    AgentRig m_rig;
    QByteArray m_alice;
    QByteArray m_bob;
};

void TestRelayUploadNames::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_graph.listen());
    m_rig.relay.config().graphUrl = m_graph.baseUrl();
    QVERIFY(m_rig.start());
    m_alice = m_rig.relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_bob = m_rig.relay.addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
}

void TestRelayUploadNames::hostileNameIsCleanEverywhere()
{
    // The review's example: "../../evil\r\n\e[31mx.html", an HTML page said to be a PNG.
    const Reply uploaded = upload(m_rig.relay, m_alice, kHtml, "image/png", "..%2F..%2Fevil%0D%0A%1B[31mx.html");
    QCOMPARE(uploaded.status, 201);
    const QString id = uploaded.json.value(key("upload_id")).toString();
    QCOMPARE(uploaded.json.value(key("name")).toString(), QStringLiteral("evil x.html"));
    QCOMPARE(uploaded.json.value(key("mime_type")).toString(), QStringLiteral("application/octet-stream"));
    QCOMPARE(uploaded.json.value(key("type")).toString(), QStringLiteral("file"));

    // As stored: the upload's row holds the clean name, and nothing was written outside uploads/.
    const auto stored = m_rig.relay.store().upload(id);
    QVERIFY(stored);
    QCOMPARE(stored->name, QStringLiteral("evil x.html"));
    QCOMPARE(stored->mimeType, QStringLiteral("application/octet-stream"));
    QVERIFY(!QFile::exists(m_rig.relay.dataDir() + QStringLiteral("/evil x.html")));

    // As shown to another agent: bob sees alice's reply with the clean name.
    QVERIFY(m_rig.postText(pageOne(), QStringLiteral("psid-names")) == 200);
    const auto conversation = m_rig.relay.store().conversationFor(pageOne(), QStringLiteral("psid-names"));
    QVERIFY(conversation);
    AgentClient alice;
    AgentClient bob;
    QVERIFY(connectLive(alice, m_rig.relay, m_alice, -1));
    QVERIFY(connectLive(bob, m_rig.relay, m_bob, -1));
    const QJsonObject ack = roundTrip(alice, QStringLiteral("send_message"),
                                      {{key("conversation_id"), conversation->id}, {key("client_id"), QStringLiteral("names-1")},
                                       {key("attachment"), QJsonObject{{key("upload_id"), id}}}});
    QCOMPARE(answerType(ack), QStringLiteral("ack"));
    auto shownToBob = [&bob]() -> Attachment {
        for (const Event &e : bob.events())
            if (e.kind == QLatin1String("message.created") && !e.message().attachments.isEmpty())
                return e.message().attachments.first();
        return {};
    };
    QTRY_COMPARE(shownToBob().name, QStringLiteral("evil x.html"));
    QCOMPARE(shownToBob().type, QStringLiteral("file"));

    // As sent to Meta: a file, with the clean name.
    QTRY_VERIFY(!m_graph.sends().isEmpty());
    const QByteArray sent = m_graph.sends().last().body;
    QVERIFY(sent.contains("\"type\":\"file\""));
    QVERIFY(sent.contains("filename=\"evil x.html\""));
    QVERIFY(!sent.contains('\x1b'));
    QVERIFY(!sent.contains("../"));
}

void TestRelayUploadNames::mediaTypeMustMatchTheContent_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("declared");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("mime");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("storedName");
    QTest::newRow("true PNG, dishonest extension") << kPng << QByteArray("image/png") << QByteArray("cat.html")
                                                   << "image/png" << "image" << "cat.png";
    QTest::newRow("HTML said to be a PNG") << kHtml << QByteArray("image/png") << QByteArray("cat.png")
                                           << "application/octet-stream" << "file" << "cat.bin";
    QTest::newRow("HTML said to be a video") << kHtml << QByteArray("video/mp4") << QByteArray("clip.mp4")
                                             << "application/octet-stream" << "file" << "clip.bin";
    QTest::newRow("PNG said to be audio") << kPng << QByteArray("audio/mpeg") << QByteArray("song.mp3")
                                          << "application/octet-stream" << "file" << "song.bin";
    QTest::newRow("SVG image") << QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>")
                               << QByteArray("image/svg+xml") << QByteArray("logo.svg")
                               << "application/octet-stream" << "file" << "logo.svg";
    QTest::newRow("MP3 under an alias") << QByteArray("ID3\x04\0\0\0\0\0\0", 10) + QByteArray(300, '\x03')
                                        << QByteArray("audio/mp3") << QByteArray("voice") << "audio/mpeg" << "audio"
                                        << "voice.mp3";
    QTest::newRow("PDF stays a PDF") << QByteArray("%PDF-1.7\n") + QByteArray(100, 'x') << QByteArray("application/pdf")
                                     << QByteArray("invoice.exe") << "application/pdf" << "file" << "invoice.pdf";
}

void TestRelayUploadNames::mediaTypeMustMatchTheContent()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, declared);
    QFETCH(QByteArray, name);
    QFETCH(QString, mime);
    QFETCH(QString, type);
    QFETCH(QString, storedName);
    const Reply uploaded = upload(m_rig.relay, m_alice, data, declared, name);
    QCOMPARE(uploaded.status, 201);
    QCOMPARE(uploaded.json.value(key("mime_type")).toString(), mime);
    QCOMPARE(uploaded.json.value(key("type")).toString(), type);
    QCOMPARE(uploaded.json.value(key("name")).toString(), storedName);
}

QTEST_GUILESS_MAIN(TestRelayUploadNames)
#include "tst_relayuploadnames.moc"
