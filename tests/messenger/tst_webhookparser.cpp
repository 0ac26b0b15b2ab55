// WebhookParser over every webhook fixture (exact values from the files), then
// table-driven malformed and tolerated bodies.
#include "fixtures.h"
#include "webhookparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Messenger;
using Kind = InboundEvent::Kind;

namespace {

const QString kPage = QStringLiteral("104216672283716");
const QString kCustomer = QStringLiteral("6920154378193526");

WebhookParser::Result parseFixture(const char *name)
{
    const QByteArray body = readFixture(QStringLiteral("webhooks/%1.json").arg(QLatin1String(name)));
    if (body.isEmpty())
        qWarning("fixture %s missing", name);
    return WebhookParser::parse(body);
}

Attachment attachment(const char *type, const char *url, const char *title = "", const char *stickerId = "")
{
    Attachment a;
    a.type = QString::fromUtf8(type);
    a.url = QString::fromUtf8(url);
    a.title = QString::fromUtf8(title);
    a.stickerId = QString::fromUtf8(stickerId);
    return a;
}

// The single event of a one-event fixture, after the checks every such fixture shares.
#define SINGLE_EVENT(fixture, expectedKind, expectedTimestamp)                  \
    const WebhookParser::Result result = parseFixture(fixture);                 \
    QVERIFY2(result.ok, qPrintable(result.error));                              \
    QVERIFY(result.isPage);                                                     \
    QCOMPARE(result.events.size(), 1);                                          \
    const InboundEvent &e = result.events.first();                              \
    QCOMPARE(e.kind, expectedKind);                                             \
    QCOMPARE(e.pageId, kPage);                                                  \
    QCOMPARE(e.timestamp, Q_INT64_C(expectedTimestamp));                        \
    QVERIFY(!e.standby);                                                        \
    QVERIFY(!e.raw.isEmpty())

} // namespace

class TestWebhookParser : public QObject
{
    Q_OBJECT

private slots:
    void text()
    {
        SINGLE_EVENT("text", Kind::Message, 1732521600000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_text_0001"));
        QCOMPARE(e.text, QStringLiteral("Hi! Where is my order #4512?"));
        QVERIFY(e.attachments.isEmpty());
        QVERIFY(e.quickReplyPayload.isEmpty());
        QVERIFY(e.replyToMid.isEmpty());
        QVERIFY(e.metadata.isEmpty());
        QVERIFY(e.unknownKind.isEmpty());
        // raw is the compact JSON of the messaging item itself.
        const QJsonObject raw = QJsonDocument::fromJson(e.raw).object();
        QCOMPARE(raw.value(QStringLiteral("timestamp")).toInteger(), Q_INT64_C(1732521600000));
        QCOMPARE(raw.value(QStringLiteral("message")).toObject().value(QStringLiteral("mid")).toString(),
                 QStringLiteral("m_AbC1xYz_text_0001"));
        QVERIFY(!e.raw.contains('\n'));
        QVERIFY(!e.raw.contains("\"entry\""));
    }

    void quickReply()
    {
        SINGLE_EVENT("text-quick-reply", Kind::Message, 1732521601000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_qr_0002"));
        QCOMPARE(e.text, QStringLiteral("Track my order"));
        QCOMPARE(e.quickReplyPayload, QStringLiteral("TRACK_ORDER"));
        QVERIFY(e.replyToMid.isEmpty());
    }

    void replyTo()
    {
        SINGLE_EVENT("text-reply-to", Kind::Message, 1732521602000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_reply_0003"));
        QCOMPARE(e.text, QStringLiteral("Yes, that one"));
        QCOMPARE(e.replyToMid, QStringLiteral("m_AbC1xYz_text_0001"));
        QVERIFY(e.quickReplyPayload.isEmpty());
    }

    void image()
    {
        SINGLE_EVENT("image", Kind::Message, 1732521603000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_img_0004"));
        QCOMPARE(e.text, QString()); // attachments only
        QCOMPARE(e.attachments.size(), 1);
        QCOMPARE(e.attachments.at(0),
                 attachment("image", "https://scontent.example-cdn.invalid/v/t1.15752-9/photo_4512.jpg?stp=dst-jpg&oh=00_AYD"));
    }

    void attachmentsMixed()
    {
        SINGLE_EVENT("attachments-mixed", Kind::Message, 1732521604000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_att_0005"));
        QCOMPARE(e.text, QStringLiteral("Here are the files"));
        const QList<Attachment> expected{
            attachment("file", "https://cdn.example-cdn.invalid/invoice_4512.pdf"),
            attachment("audio", "https://cdn.example-cdn.invalid/voice_note.mp4"),
            attachment("video", "https://cdn.example-cdn.invalid/unboxing.mp4"),
            attachment("fallback", "https://shop.example.invalid/p/4512", "Order 4512"),
        };
        QCOMPARE(e.attachments, expected);
    }

    void sticker()
    {
        SINGLE_EVENT("sticker", Kind::Message, 1732521605000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_stk_0006"));
        QCOMPARE(e.text, QString());
        QCOMPARE(e.attachments.size(), 1);
        // sticker_id is a JSON number in the body; every digit must survive.
        QCOMPARE(e.attachments.at(0),
                 attachment("image", "https://cdn.example-cdn.invalid/thumbs_up.png", "", "369239263222822"));
    }

    void stickerIdFromMessageOnly()
    {
        const QByteArray body = R"({"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":5,
            "message":{"mid":"m","sticker_id":369239263222822,"attachments":[{"type":"image","payload":{"url":"u"}}]}}]}]})";
        const WebhookParser::Result result = WebhookParser::parse(body);
        QVERIFY(result.ok);
        QCOMPARE(result.events.size(), 1);
        QCOMPARE(result.events.at(0).attachments.size(), 1);
        QCOMPARE(result.events.at(0).attachments.at(0).stickerId, QStringLiteral("369239263222822"));
    }

    void echo()
    {
        SINGLE_EVENT("echo", Kind::Echo, 1732521606000);
        // Sender is the Page; the conversation is the recipient's.
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_echo_0007"));
        QCOMPARE(e.text, QStringLiteral("Your order ships tomorrow."));
        QCOMPARE(e.metadata, QStringLiteral("relaydesk:client:3f1b2c"));
        QCOMPARE(e.appId, QStringLiteral("263902037430900"));
    }

    void echoPageInbox()
    {
        SINGLE_EVENT("echo-page-inbox", Kind::Echo, 1732521607000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_echo_0008"));
        QCOMPARE(e.text, QStringLiteral("(sent from the Page's own inbox)"));
        QCOMPARE(e.metadata, QString());
        QCOMPARE(e.appId, QStringLiteral("263902037430900"));
    }

    void delivery()
    {
        SINGLE_EVENT("delivery", Kind::Delivery, 1732521608000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mids, QStringList{ QStringLiteral("m_AbC1xYz_echo_0007") });
        QCOMPARE(e.watermark, Q_INT64_C(1732521606500));
        QVERIFY(e.mid.isEmpty());
    }

    void deliveryWatermarkOnly()
    {
        SINGLE_EVENT("delivery-watermark-only", Kind::Delivery, 1732521608100);
        QCOMPARE(e.customerPsid, kCustomer);
        QVERIFY(e.mids.isEmpty());
        QCOMPARE(e.watermark, Q_INT64_C(1732521607500));
    }

    void read()
    {
        SINGLE_EVENT("read", Kind::Read, 1732521609000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.watermark, Q_INT64_C(1732521607500));
        QVERIFY(e.mids.isEmpty());
    }

    void postback()
    {
        SINGLE_EVENT("postback", Kind::Postback, 1732521610000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_pb_0009"));
        QCOMPARE(e.postbackTitle, QStringLiteral("Talk to a person"));
        QCOMPARE(e.postbackPayload, QStringLiteral("HUMAN_HANDOFF"));
    }

    void reaction()
    {
        SINGLE_EVENT("reaction", Kind::Reaction, 1732521611000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.targetMid, QStringLiteral("m_AbC1xYz_echo_0007"));
        QCOMPARE(e.reaction, QStringLiteral("love"));
        QCOMPARE(e.emoji, QString(QChar(0x2764)) + QChar(0xfe0f));
        QVERIFY(e.mid.isEmpty());
    }

    void unreaction()
    {
        SINGLE_EVENT("unreaction", Kind::Unreaction, 1732521612000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.targetMid, QStringLiteral("m_AbC1xYz_echo_0007"));
        QCOMPARE(e.reaction, QStringLiteral("love"));
        QCOMPARE(e.emoji, QString());
    }

    void edit()
    {
        SINGLE_EVENT("edit", Kind::Edit, 1732521613000);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.targetMid, QStringLiteral("m_AbC1xYz_text_0001"));
        QCOMPARE(e.text, QStringLiteral("Hi! Where is my order #4521?"));
        QCOMPARE(e.editCount, 1);
        // The original message owns that mid; the edit must not dedupe against it.
        QVERIFY(e.mid.isEmpty());
    }

    void standby()
    {
        const WebhookParser::Result result = parseFixture("standby");
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.isPage);
        QCOMPARE(result.events.size(), 1);
        const InboundEvent &e = result.events.first();
        QCOMPARE(e.kind, Kind::Message);
        QVERIFY(e.standby);
        QCOMPARE(e.pageId, kPage);
        QCOMPARE(e.customerPsid, kCustomer);
        QCOMPARE(e.timestamp, Q_INT64_C(1732521614000));
        QCOMPARE(e.mid, QStringLiteral("m_AbC1xYz_sb_0010"));
        QCOMPARE(e.text, QStringLiteral("(arrives while another app owns the thread)"));
    }

    void unicode()
    {
        const WebhookParser::Result result = parseFixture("unicode");
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.events.size(), 1);
        const InboundEvent &e = result.events.first();
        QCOMPARE(e.kind, Kind::Message);
        QCOMPARE(e.customerPsid, QStringLiteral("7341096612455830"));
        QCOMPARE(e.timestamp, Q_INT64_C(1732521615000));
        QCOMPARE(e.mid, QStringLiteral("m_ZzQ9_unicode_0011"));
        QCOMPARE(e.text, QString::fromUtf8("Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u00e7a va? \u4f60\u597d \U0001F44B <b>&amp;</b> \"quoted\""));
    }

    void batched()
    {
        const WebhookParser::Result result = parseFixture("batched");
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.isPage);
        QCOMPARE(result.events.size(), 3);
        struct Expected { const char *page; const char *psid; qint64 timestamp; const char *mid; const char *text; };
        const Expected expected[] = {
            { "104216672283716", "6920154378193526", 1732521619000, "m_batch_0001", "first" },
            { "104216672283716", "6920154378193526", 1732521619500, "m_batch_0002", "second" },
            { "104216672283999", "7341096612455830", 1732521619800, "m_batch_0003", "other page" },
        };
        for (int i = 0; i < 3; ++i) {
            const InboundEvent &e = result.events.at(i);
            QCOMPARE(e.kind, Kind::Message);
            QCOMPARE(e.pageId, QString::fromLatin1(expected[i].page));
            QCOMPARE(e.customerPsid, QString::fromLatin1(expected[i].psid));
            QCOMPARE(e.timestamp, expected[i].timestamp);
            QCOMPARE(e.mid, QString::fromLatin1(expected[i].mid));
            QCOMPARE(e.text, QString::fromLatin1(expected[i].text));
            QVERIFY(!e.standby);
        }
    }

    void unknownKind()
    {
        SINGLE_EVENT("unknown-kind", Kind::Unknown, 1732521616000);
        QCOMPARE(e.unknownKind, QStringLiteral("game_play"));
        QCOMPARE(e.customerPsid, kCustomer);
        const QJsonObject raw = QJsonDocument::fromJson(e.raw).object();
        const QJsonObject game = raw.value(QStringLiteral("game_play")).toObject();
        QCOMPARE(game.value(QStringLiteral("game_id")).toString(), QStringLiteral("123"));
        QCOMPARE(game.value(QStringLiteral("player_id")).toString(), QStringLiteral("456"));
        QCOMPARE(game.value(QStringLiteral("context_type")).toString(), QStringLiteral("SOLO"));
    }

    void notAPage()
    {
        const WebhookParser::Result result = parseFixture("not-a-page");
        QVERIFY(result.ok);
        QVERIFY(!result.isPage);
        QVERIFY(result.events.isEmpty());
        QVERIFY(result.error.isEmpty());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        // A known kind with everything it needs; the rows break one thing at a time.
        const QByteArray sender = R"("sender":{"id":"2"})";
        const QByteArray recipient = R"("recipient":{"id":"1"})";
        const QByteArray timestamp = R"("timestamp":5)";
        const QByteArray message = R"("message":{"mid":"m_secret_mid","text":"secret text"})";
        auto page = [](const QByteArray &item) {
            return R"({"object":"page","entry":[{"id":"1","messaging":[)" + item + "]}]}";
        };
        auto item = [](const QList<QByteArray> &fields) { return '{' + fields.join(',') + '}'; };

        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << QByteArray("secret text");
        QTest::newRow("truncated") << page(item({ sender, recipient, timestamp, message })).chopped(3);
        QTest::newRow("top-level array") << QByteArray(R"([{"object":"page"}])");
        QTest::newRow("top-level string") << QByteArray(R"("page")");
        QTest::newRow("no object field") << QByteArray(R"({"entry":[]})");
        QTest::newRow("entry missing") << QByteArray(R"({"object":"page"})");
        QTest::newRow("entry an object") << QByteArray(R"({"object":"page","entry":{"id":"1"}})");
        QTest::newRow("entry a string") << QByteArray(R"({"object":"page","entry":"secret text"})");
        QTest::newRow("entry item a number") << QByteArray(R"({"object":"page","entry":[7]})");
        QTest::newRow("entry without id") << QByteArray(R"({"object":"page","entry":[{"messaging":[]}]})");
        QTest::newRow("messaging an object")
            << QByteArray(R"({"object":"page","entry":[{"id":"1","messaging":{"secret":"text"}}]})");
        QTest::newRow("standby a string") << QByteArray(R"({"object":"page","entry":[{"id":"1","standby":"x"}]})");
        QTest::newRow("messaging item a string") << page(R"("secret text")");
        QTest::newRow("messaging item an array") << page("[1,2]");
        QTest::newRow("no sender") << page(item({ recipient, timestamp, message }));
        QTest::newRow("sender without id") << page(item({ R"("sender":{})", recipient, timestamp, message }));
        QTest::newRow("sender id empty") << page(item({ R"("sender":{"id":""})", recipient, timestamp, message }));
        QTest::newRow("sender id an object") << page(item({ R"("sender":{"id":{}})", recipient, timestamp, message }));
        QTest::newRow("no recipient") << page(item({ sender, timestamp, message }));
        QTest::newRow("no timestamp") << page(item({ sender, recipient, message }));
        QTest::newRow("timestamp not a number") << page(item({ sender, recipient, R"("timestamp":"soon")", message }));
        QTest::newRow("message a string") << page(item({ sender, recipient, timestamp, R"("message":"secret text")" }));
        QTest::newRow("delivery without sender")
            << page(item({ recipient, timestamp, R"("delivery":{"watermark":1})" }));
        QTest::newRow("read without timestamp") << page(item({ sender, recipient, R"("read":{"watermark":1})" }));
        QTest::newRow("postback without recipient")
            << page(item({ sender, timestamp, R"("postback":{"mid":"m","payload":"P"})" }));
        QTest::newRow("reaction without sender")
            << page(item({ recipient, timestamp, R"("reaction":{"mid":"m","action":"react"})" }));
        QTest::newRow("edit without timestamp")
            << page(item({ sender, recipient, R"("message_edit":{"mid":"m","text":"t","num_edit":1})" }));
        QTest::newRow("bad second item") << page(item({ sender, recipient, timestamp, message }) + ',' + item({ message }));
    }

    void malformed()
    {
        QFETCH(QByteArray, body);
        const WebhookParser::Result result = WebhookParser::parse(body);
        QVERIFY(!result.ok);
        QVERIFY(!result.error.isEmpty());
        QVERIFY(result.error.size() < 120);
        // The error goes into a log and a 400 body: it never quotes the request.
        QVERIFY2(!result.error.contains(QLatin1String("secret")), qPrintable(result.error));
        QVERIFY2(!result.error.contains(QLatin1String("m_secret_mid")), qPrintable(result.error));
    }

    void tolerated_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("events");
        QTest::newRow("numeric ids")
            << QByteArray(R"({"object":"page","entry":[{"id":104216672283716,"messaging":[{"sender":{"id":6920154378193526},"recipient":{"id":104216672283716},"timestamp":5,"message":{"mid":"m","text":"t"}}]}]})")
            << 1;
        QTest::newRow("string timestamp")
            << QByteArray(R"({"object":"page","entry":[{"id":"104216672283716","messaging":[{"sender":{"id":"6920154378193526"},"recipient":{"id":"104216672283716"},"timestamp":"5","message":{"mid":"m","text":"t"}}]}]})")
            << 1;
        QTest::newRow("unknown extra fields")
            << QByteArray(R"({"object":"page","future":[1],"entry":[{"id":"104216672283716","time":1,"changes":[],"messaging":[{"sender":{"id":"6920154378193526","user_ref":"x"},"recipient":{"id":"104216672283716"},"timestamp":5,"message":{"mid":"m","text":"t","nlp":{"a":1},"commands":[]},"extra":true}]}]})")
            << 1;
        QTest::newRow("entry without messaging")
            << QByteArray(R"({"object":"page","entry":[{"id":"104216672283716","time":1}]})") << 0;
        QTest::newRow("empty entry list") << QByteArray(R"({"object":"page","entry":[]})") << 0;
        QTest::newRow("unknown kind without sender")
            << QByteArray(R"({"object":"page","entry":[{"id":"104216672283716","messaging":[{"optin":{"ref":"x"},"timestamp":5}]}]})")
            << 1;
    }

    void tolerated()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, events);
        const WebhookParser::Result result = WebhookParser::parse(body);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.isPage);
        QCOMPARE(result.events.size(), events);
        if (events == 1) {
            const InboundEvent &e = result.events.first();
            QCOMPARE(e.pageId, kPage);
            QCOMPARE(e.timestamp, Q_INT64_C(5));
            if (e.kind == Kind::Message) {
                QCOMPARE(e.customerPsid, kCustomer);
                QCOMPARE(e.mid, QStringLiteral("m"));
                QCOMPARE(e.text, QStringLiteral("t"));
            } else {
                QCOMPARE(e.kind, Kind::Unknown);
                QCOMPARE(e.unknownKind, QStringLiteral("optin"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhookParser)
#include "tst_webhookparser.moc"
