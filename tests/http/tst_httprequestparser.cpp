// The pure parser and the request/response value types: no sockets.
#include "httprequestparser.h"
#include "httpresponse.h"

#include <QRegularExpression>
#include <QTest>

using namespace Relaydesk::Http;
using Result = HttpRequestParser::Result;

class TestHttpRequestParser : public QObject
{
    Q_OBJECT
private slots:
    void accepts_data();
    void accepts();
    void transferEncoding_data();
    void transferEncoding();
    void headersAndQuery();
    void refuses_data();
    void refuses();
    void refusesEarly_data();
    void refusesEarly();
    void incompleteHeadNeedsMore_data();
    void incompleteHeadNeedsMore();
    void byteByBytePrefixes();
    void headLimitBoundary();
    void headerCountBoundary();
    void bodyLimitIsConfigurable();
    void keepAlive_data();
    void keepAlive();
    void bearerToken_data();
    void bearerToken();
    void webSocketUpgrade_data();
    void webSocketUpgrade();
    void responseSerialization();
    void responseDropsInjectedHeaders();
    void responseBodylessStatus();
};

static QByteArray getWith(const QByteArray &extra)
{
    return QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n") + extra + "\r\n";
}

static QByteArray postWith(const QByteArray &extra)
{
    return QByteArrayLiteral("POST /webhook HTTP/1.1\r\nHost: x\r\n") + extra + "\r\n";
}

void TestHttpRequestParser::accepts_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<qint64>("contentLength");
    QTest::addColumn<qsizetype>("headLength");

    const QByteArray simple = getWith({});
    QTest::newRow("simple GET") << simple << QByteArray("GET") << QByteArray("/") << qint64(0) << simple.size();
    const QByteArray post = postWith("Content-Length: 5\r\n");
    QTest::newRow("POST, body follows") << post + "hello" << QByteArray("POST") << QByteArray("/webhook")
                                        << qint64(5) << post.size();
    QTest::newRow("pipelined: head ends at the first CRLFCRLF")
        << simple + simple << QByteArray("GET") << QByteArray("/") << qint64(0) << simple.size();
    const QByteArray query = "GET /webhook?hub.mode=subscribe&hub.challenge=42 HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::newRow("query split off the path")
        << query << QByteArray("GET") << QByteArray("/webhook") << qint64(0) << query.size();
    const QByteArray http10 = "GET /a HTTP/1.0\r\n\r\n";
    QTest::newRow("HTTP/1.0 needs no Host")
        << http10 << QByteArray("GET") << QByteArray("/a") << qint64(0) << http10.size();
    const QByteArray ows = postWith("Content-Length: \t 7 \r\n");
    QTest::newRow("Content-Length with OWS")
        << ows << QByteArray("POST") << QByteArray("/webhook") << qint64(7) << ows.size();
    const QByteArray same = postWith("Content-Length: 3\r\ncontent-length: 3\r\n");
    QTest::newRow("identical Content-Length twice")
        << same << QByteArray("POST") << QByteArray("/webhook") << qint64(3) << same.size();
    const QByteArray zero = postWith("Content-Length: 0\r\n");
    QTest::newRow("POST with Content-Length 0")
        << zero << QByteArray("POST") << QByteArray("/webhook") << qint64(0) << zero.size();
    const QByteArray odd = "X-Y / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Latin: caf\xc3\xa9\r\n\r\n";
    QTest::newRow("token method, empty value, obs-text value")
        << odd << QByteArray("X-Y") << QByteArray("/") << qint64(0) << odd.size();
    const QByteArray atLimit = postWith("Content-Length: 1048576\r\n");
    QTest::newRow("body exactly at the default limit")
        << atLimit << QByteArray("POST") << QByteArray("/webhook") << qint64(1048576) << atLimit.size();
}

void TestHttpRequestParser::accepts()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(qint64, contentLength);
    QFETCH(qsizetype, headLength);

    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(raw), Result::Complete);
    QCOMPARE(parser.errorStatus(), 0);
    QCOMPARE(parser.request().method, method);
    QCOMPARE(parser.request().path, path);
    QCOMPARE(parser.contentLength(), contentLength);
    QCOMPARE(parser.headLength(), headLength);
    QVERIFY(parser.request().body.isEmpty()); // the parser never touches the body
}

// RFC 9112 6.1 and 6.3: chunked (last, once) is decoded; anything else cannot
// be framed or is not supported; never with Content-Length or in HTTP/1.0.
void TestHttpRequestParser::transferEncoding_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status"); // 0: accepted as chunked

    QTest::newRow("chunked") << postWith("Transfer-Encoding: chunked\r\n") << 0;
    QTest::newRow("Chunked, any case, OWS") << postWith("transfer-encoding:  CHUNKED \r\n") << 0;
    QTest::newRow("on a GET") << getWith("Transfer-Encoding: chunked\r\n") << 0;
    QTest::newRow("empty list elements") << postWith("Transfer-Encoding: , chunked\r\n") << 0;
    QTest::newRow("with Content-Length") << postWith("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") << 400;
    QTest::newRow("Content-Length after") << postWith("Transfer-Encoding: chunked\r\nContent-Length: 0\r\n") << 400;
    QTest::newRow("HTTP/1.0") << QByteArray("POST /webhook HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
    QTest::newRow("gzip alone") << postWith("Transfer-Encoding: gzip\r\n") << 400;
    QTest::newRow("chunked, then gzip") << postWith("Transfer-Encoding: chunked, gzip\r\n") << 400;
    QTest::newRow("chunked twice") << postWith("Transfer-Encoding: chunked, chunked\r\n") << 400;
    QTest::newRow("chunked twice, two fields")
        << postWith("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") << 400;
    QTest::newRow("gzip, chunked") << postWith("Transfer-Encoding: gzip, chunked\r\n") << 501;
    QTest::newRow("gzip then chunked, two fields")
        << postWith("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n") << 501;
    QTest::newRow("chunked with a parameter") << postWith("Transfer-Encoding: chunked;q=1\r\n") << 400;
    QTest::newRow("empty") << postWith("Transfer-Encoding: \r\n") << 400;
    QTest::newRow("xchunked") << postWith("Transfer-Encoding: xchunked\r\n") << 400;
}

void TestHttpRequestParser::transferEncoding()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    HttpRequestParser parser;
    if (status == 0) {
        QCOMPARE(parser.parseHead(raw), Result::Complete);
        QVERIFY(parser.isChunked());
        QCOMPARE(parser.contentLength(), 0);
        QCOMPARE(parser.headLength(), raw.size());
    } else {
        QCOMPARE(parser.parseHead(raw), Result::Error);
        QCOMPARE(parser.errorStatus(), status);
        QVERIFY(!parser.isChunked());
    }
}

void TestHttpRequestParser::headersAndQuery()
{
    HttpRequestParser parser;
    const QByteArray raw = "GET /webhook?hub.mode=subscribe&hub.verify_token=a%20b HTTP/1.1\r\n"
                           "Host: relay.example\r\n"
                           "X-Hub-Signature-256:   sha256=abc  \r\n"
                           "Accept: a\r\n"
                           "accept: b\r\n\r\n";
    QCOMPARE(parser.parseHead(raw), Result::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.target, QByteArray("/webhook?hub.mode=subscribe&hub.verify_token=a%20b"));
    QCOMPARE(r.version, QByteArray("HTTP/1.1"));
    QCOMPARE(r.header("x-hub-signature-256"), QByteArray("sha256=abc"));
    QCOMPARE(r.header("X-HUB-SIGNATURE-256"), QByteArray("sha256=abc"));
    QCOMPARE(r.header("accept"), QByteArray("a")); // first value
    QVERIFY(r.hasHeader("Host"));
    QVERIFY(!r.hasHeader("Hos"));
    QCOMPARE(r.header("missing"), QByteArray());
    QCOMPARE(r.headers.size(), 4);
    QCOMPARE(r.headers.at(0).first, QByteArray("host")); // names are stored lower-case
    QCOMPARE(r.query.queryItemValue(QStringLiteral("hub.mode")), QStringLiteral("subscribe"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("hub.verify_token"), QUrl::FullyDecoded), QStringLiteral("a b"));
}

void TestHttpRequestParser::refuses_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");

    QTest::newRow("obs-fold") << getWith("X-A: a\r\n  continued\r\n") << 400;
    QTest::newRow("obs-fold with tab") << getWith("X-A: a\r\n\tcontinued\r\n") << 400;
    QTest::newRow("missing colon") << getWith("X-A a\r\n") << 400;
    QTest::newRow("empty field name") << getWith(": a\r\n") << 400;
    QTest::newRow("space before colon") << getWith("X-A : a\r\n") << 400;
    QTest::newRow("NUL in value") << getWith(QByteArray("X-A: a\0b\r\n", 10)) << 400;
    QTest::newRow("control char in value") << getWith("X-A: a\x01\r\n") << 400;
    QTest::newRow("bare LF line ending") << QByteArray("GET / HTTP/1.1\nHost: x\n\r\n\r\n") << 400;
    QTest::newRow("bare CR in header") << getWith("X-A: a\rb\r\n") << 400;
    QTest::newRow("Content-Length -1") << postWith("Content-Length: -1\r\n") << 400;
    QTest::newRow("Content-Length 1e3") << postWith("Content-Length: 1e3\r\n") << 400;
    QTest::newRow("Content-Length +5") << postWith("Content-Length: +5\r\n") << 400;
    QTest::newRow("Content-Length hex") << postWith("Content-Length: 0x10\r\n") << 400;
    QTest::newRow("Content-Length empty") << postWith("Content-Length:\r\n") << 400;
    QTest::newRow("Content-Length list") << postWith("Content-Length: 5, 5\r\n") << 400;
    QTest::newRow("Content-Length inner space") << postWith("Content-Length: 1 2\r\n") << 400;
    QTest::newRow("two differing Content-Length")
        << postWith("Content-Length: 5\r\nContent-Length: 6\r\n") << 400;
    QTest::newRow("Content-Length and Transfer-Encoding")
        << postWith("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") << 400;
    QTest::newRow("POST without Content-Length") << postWith({}) << 411;
    QTest::newRow("PUT without Content-Length")
        << QByteArray("PUT /x HTTP/1.1\r\nHost: x\r\n\r\n") << 411;
    QTest::newRow("body over default limit") << postWith("Content-Length: 1048577\r\n") << 413;
    QTest::newRow("Content-Length beyond qint64")
        << postWith("Content-Length: 99999999999999999999999999\r\n") << 413;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("version with suffix") << QByteArray("GET / HTTP/1.1x\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("trailing space") << QByteArray("GET / HTTP/1.1 \r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("method not a token") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("absolute-form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("asterisk-form") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("fragment in target") << QByteArray("GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("non-ASCII in target") << QByteArray("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("empty request line") << QByteArray("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("only CRLFCRLF") << QByteArray("\r\n\r\n") << 400;
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Host fields") << getWith("Host: y\r\n") << 400;
    QTest::newRow("101 header fields") << getWith(QByteArray("X-A: a\r\n").repeated(100)) << 431;
    QTest::newRow("head over 16 KiB")
        << getWith("X-Big: " + QByteArray(16 * 1024, 'a') + "\r\n") << 431;
}

void TestHttpRequestParser::refuses()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(raw), Result::Error);
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY(!parser.errorDetail().isEmpty());
}

void TestHttpRequestParser::refusesEarly_data()
{
    // Refused as soon as the offending line is complete, without waiting for the
    // end of the head (or for the head deadline).
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage request line") << QByteArray("HELLO THERE\r\nHost") << 400;
    QTest::newRow("TLS to a plain port")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n", 12) << 400;
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n b\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n") << 505;
    QTest::newRow("too many fields") << QByteArray("GET / HTTP/1.1\r\n") + QByteArray("X: a\r\n").repeated(101)
                                     << 431;
    QTest::newRow("16 KiB without end of head") << QByteArray("GET /") + QByteArray(16 * 1024, 'a') << 431;
}

void TestHttpRequestParser::refusesEarly()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(raw), Result::Error);
    QCOMPARE(parser.errorStatus(), status);
}

void TestHttpRequestParser::incompleteHeadNeedsMore_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("half a method") << QByteArray("GE");
    QTest::newRow("request line without CRLF") << QByteArray("GET / HTTP/1.1");
    QTest::newRow("CR awaiting LF") << QByteArray("GET / HTTP/1.1\r");
    QTest::newRow("one header") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n");
    QTest::newRow("three of four terminator bytes") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r");
}

void TestHttpRequestParser::incompleteHeadNeedsMore()
{
    QFETCH(QByteArray, raw);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(raw), Result::NeedMore);
    QCOMPARE(parser.errorStatus(), 0);
    QCOMPARE(parser.headLength(), 0);
}

void TestHttpRequestParser::byteByBytePrefixes()
{
    const QByteArray raw = postWith("Content-Length: 2\r\nX-A: b\r\n") + "hi";
    const qsizetype headSize = raw.size() - 2;
    HttpRequestParser parser;
    for (qsizetype n = 0; n < headSize; ++n)
        QVERIFY2(parser.parseHead(QByteArrayView(raw).first(n)) == Result::NeedMore, QByteArray::number(n).constData());
    QCOMPARE(parser.parseHead(QByteArrayView(raw).first(headSize)), Result::Complete);
    QCOMPARE(parser.headLength(), headSize);
    QCOMPARE(parser.contentLength(), qint64(2));
    QCOMPARE(parser.request().header("x-a"), QByteArray("b"));
}

void TestHttpRequestParser::headLimitBoundary()
{
    HttpRequestParser::Limits limits;
    limits.maxHeadBytes = 64;
    const QByteArray base = "GET / HTTP/1.1\r\nHost: x\r\nX: ";
    const QByteArray exact = base + QByteArray(64 - base.size() - 4, 'a') + "\r\n\r\n";
    QCOMPARE(exact.size(), 64);
    HttpRequestParser parser(limits);
    QCOMPARE(parser.parseHead(exact), Result::Complete);
    const QByteArray over = base + QByteArray(64 - base.size() - 3, 'a') + "\r\n\r\n";
    QCOMPARE(parser.parseHead(over), Result::Error);
    QCOMPARE(parser.errorStatus(), 431);
}

void TestHttpRequestParser::headerCountBoundary()
{
    HttpRequestParser parser;
    // Host + 99 = 100 fields: allowed.
    QCOMPARE(parser.parseHead(getWith(QByteArray("X-A: a\r\n").repeated(99))), Result::Complete);
    QCOMPARE(parser.request().headers.size(), 100);
}

void TestHttpRequestParser::bodyLimitIsConfigurable()
{
    HttpRequestParser::Limits limits;
    limits.maxBodyBytes = 10;
    HttpRequestParser parser(limits);
    QCOMPARE(parser.parseHead(postWith("Content-Length: 10\r\n")), Result::Complete);
    QCOMPARE(parser.parseHead(postWith("Content-Length: 11\r\n")), Result::Error);
    QCOMPARE(parser.errorStatus(), 413);
    parser.setMaxBodyBytes(25 * 1024 * 1024);
    QCOMPARE(parser.parseHead(postWith("Content-Length: 26214400\r\n")), Result::Complete);
    QCOMPARE(parser.contentLength(), qint64(26214400));
}

void TestHttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("1.1 Close in a list")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
}

void TestHttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(raw), Result::Complete);
    QCOMPARE(parser.request().keepAlive(), keepAlive);
}

void TestHttpRequestParser::bearerToken_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("bearer") << QByteArray("Authorization: Bearer rdk_abc\r\n") << QByteArray("rdk_abc");
    QTest::newRow("scheme in any case") << QByteArray("Authorization: bEaReR rdk_abc\r\n") << QByteArray("rdk_abc");
    QTest::newRow("extra spaces") << QByteArray("Authorization: Bearer   rdk_abc  \r\n") << QByteArray("rdk_abc");
    QTest::newRow("basic") << QByteArray("Authorization: Basic dXNlcjpwdw==\r\n") << QByteArray();
    QTest::newRow("scheme only") << QByteArray("Authorization: Bearer\r\n") << QByteArray();
    QTest::newRow("prefix of scheme") << QByteArray("Authorization: Bearerrdk_abc\r\n") << QByteArray();
    QTest::newRow("none") << QByteArray() << QByteArray();
}

void TestHttpRequestParser::bearerToken()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, token);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead("GET /ws HTTP/1.1\r\nHost: x\r\n" + header + "\r\n"), Result::Complete);
    QCOMPARE(parser.request().bearerToken(), token);
}

void TestHttpRequestParser::webSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<bool>("upgrade");
    QTest::newRow("plain") << QByteArray("Upgrade: websocket\r\nConnection: Upgrade\r\n") << true;
    QTest::newRow("Firefox list") << QByteArray("Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n") << true;
    QTest::newRow("no Connection: upgrade") << QByteArray("Upgrade: websocket\r\n") << false;
    QTest::newRow("other protocol") << QByteArray("Upgrade: h2c\r\nConnection: Upgrade\r\n") << false;
    QTest::newRow("neither") << QByteArray() << false;
}

void TestHttpRequestParser::webSocketUpgrade()
{
    QFETCH(QByteArray, headers);
    QFETCH(bool, upgrade);
    HttpRequestParser parser;
    QCOMPARE(parser.parseHead(getWith(headers)), Result::Complete);
    QCOMPARE(parser.request().isWebSocketUpgrade(), upgrade);
}

void TestHttpRequestParser::responseSerialization()
{
    HttpResponse r = HttpResponse::json(201, "{}");
    r.headers.append({ QByteArrayLiteral("X-Request-Id"), QByteArrayLiteral("7") });
    QCOMPARE(r.serialize(true), QByteArray("HTTP/1.1 201 Created\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 2\r\n"
                                           "Connection: keep-alive\r\n"
                                           "X-Request-Id: 7\r\n\r\n{}"));
    const HttpResponse e = HttpResponse::error(413, "too big");
    QCOMPARE(e.body, QByteArray("Content Too Large: too big\n"));
    QVERIFY(e.serialize(false).startsWith("HTTP/1.1 413 Content Too Large\r\n"));
    QVERIFY(e.serialize(false).contains("\r\nConnection: close\r\n"));
    QCOMPARE(HttpResponse::text(200, "ok").contentType, QByteArray("text/plain; charset=utf-8"));
}

void TestHttpRequestParser::responseDropsInjectedHeaders()
{
    HttpResponse r = HttpResponse::text(200, "ok");
    r.headers.append({ QByteArrayLiteral("X-Evil"), QByteArrayLiteral("a\r\nSet-Cookie: x=y") });
    r.headers.append({ QByteArrayLiteral("Bad Name"), QByteArrayLiteral("v") });
    r.headers.append({ QByteArrayLiteral("Content-Length"), QByteArrayLiteral("99") });
    r.headers.append({ QByteArrayLiteral("X-Fine"), QByteArrayLiteral("yes") });
    for (int i = 0; i < 3; ++i)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^dropping invalid response header")));
    const QByteArray out = r.serialize(true);
    QVERIFY(!out.contains("Set-Cookie"));
    QVERIFY(!out.contains("Bad Name"));
    QVERIFY(!out.contains("99"));
    QVERIFY(out.contains("\r\nX-Fine: yes\r\n"));
    QCOMPARE(out.count("Content-Length"), 1);
}

void TestHttpRequestParser::responseBodylessStatus()
{
    const QByteArray out = HttpResponse::text(204, "ignored").serialize(true);
    QCOMPARE(out, QByteArray("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n"));
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
