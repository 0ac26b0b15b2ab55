// HttpChunkedDecoder on its own: well-formed bodies in any split, the limits, and
// each kind of bad framing with the status the front answers.
#include "httpchunkeddecoder.h"

#include <QTest>

using namespace Relaydesk::Http;
using Result = HttpChunkedDecoder::Result;

namespace {

struct Outcome
{
    Result result = Result::NeedMore;
    QByteArray body;
    qsizetype consumed = 0;
    int status = 0;
    int trailers = 0;
    QByteArray detail;
};

// Feeds input as a socket would deliver it, in pieces of `step` bytes (0: all at
// once), offering again whatever the decoder left unconsumed.
Outcome decode(const QByteArray &input, qsizetype step = 0, qint64 limit = 1024 * 1024)
{
    HttpChunkedDecoder decoder(limit);
    Outcome outcome;
    qsizetype received = step == 0 ? input.size() : qMin(step, input.size());
    for (;;) {
        qsizetype used = 0;
        outcome.result = decoder.feed(QByteArrayView(input).sliced(outcome.consumed, received - outcome.consumed),
                                      &used, &outcome.body);
        outcome.consumed += used;
        if (outcome.result != Result::NeedMore || received == input.size())
            break;
        received = qMin(received + step, input.size());
    }
    outcome.status = decoder.errorStatus();
    outcome.trailers = decoder.trailerCount();
    outcome.detail = decoder.errorDetail();
    return outcome;
}

} // namespace

class TestHttpChunkedDecoder : public QObject
{
    Q_OBJECT
private slots:
    void wellFormed_data();
    void wellFormed();
    void stopsAtTheEndOfTheBody();
    void refused_data();
    void refused();
    void overTheLimitBeforeTheData();
    void repeatsItsVerdict();
};

void TestHttpChunkedDecoder::wellFormed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("trailers");
    QTest::newRow("one chunk") << QByteArray("3\r\nabc\r\n0\r\n\r\n") << QByteArray("abc") << 0;
    QTest::newRow("empty body") << QByteArray("0\r\n\r\n") << QByteArray() << 0;
    QTest::newRow("several, hex sizes") << QByteArray("1\r\na\r\nA\r\n0123456789\r\nb\r\nhello world\r\n0\r\n\r\n")
                                        << QByteArray("a0123456789hello world") << 0;
    QTest::newRow("leading zeros") << QByteArray("0003\r\nabc\r\n000\r\n\r\n") << QByteArray("abc") << 0;
    QTest::newRow("extensions") << QByteArray("3;name=value\r\nabc\r\n2 ; a=\"q;s\"\r\nde\r\n0;last\r\n\r\n")
                                << QByteArray("abcde") << 0;
    QTest::newRow("trailers") << QByteArray("3\r\nabc\r\n0\r\nX-Checksum: 1234\r\nExpires:  never \r\n\r\n")
                              << QByteArray("abc") << 2;
    QTest::newRow("CRLF inside data") << QByteArray("4\r\n\r\n\r\n\r\n0\r\n\r\n") << QByteArray("\r\n\r\n") << 0;
    QTest::newRow("binary data") << QByteArray("3\r\n\0\xff\n\r\n0\r\n\r\n", 13) << QByteArray("\0\xff\n", 3) << 0;
}

void TestHttpChunkedDecoder::wellFormed()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, body);
    QFETCH(int, trailers);
    // Whole, byte by byte, and in odd pieces: the same body.
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(5)}) {
        const Outcome o = decode(input, step);
        QVERIFY2(o.result == Result::Complete, qPrintable(QStringLiteral("step %1").arg(step)));
        QCOMPARE(o.body, body);
        QCOMPARE(o.consumed, input.size());
        QCOMPARE(o.trailers, trailers);
    }
}

void TestHttpChunkedDecoder::stopsAtTheEndOfTheBody()
{
    // A pipelined request after the body is not the body's.
    const QByteArray body = "5\r\nhello\r\n0\r\n\r\n";
    const QByteArray next = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        const Outcome o = decode(body + next, step);
        QVERIFY(o.result == Result::Complete);
        QCOMPARE(o.body, QByteArray("hello"));
        QCOMPARE(o.consumed, body.size());
    }
    // Not yet complete: the unfinished size line is left to be offered again.
    HttpChunkedDecoder decoder(100);
    QByteArray out;
    qsizetype used = 0;
    QVERIFY(decoder.feed("5\r\nhello\r\n1", &used, &out) == Result::NeedMore);
    QCOMPARE(used, 10);
    QCOMPARE(out, QByteArray("hello"));
}

void TestHttpChunkedDecoder::refused_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::newRow("not hex") << QByteArray("g\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("no size") << QByteArray("\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("negative") << QByteArray("-1\r\na\r\n0\r\n\r\n") << 400;
    QTest::newRow("0x prefix") << QByteArray("0x3\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("blank after size") << QByteArray("3 \r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("blank before size") << QByteArray(" 3\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("control in extension") << QByteArray("3;a\x01\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("bare LF after size") << QByteArray("3\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("bare CR in size line") << QByteArray("3\rx\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("data longer than its size") << QByteArray("3\r\nabcd\r\n0\r\n\r\n") << 400;
    QTest::newRow("data shorter than its size") << QByteArray("3\r\nab\r\n0\r\n\r\n") << 400;
    QTest::newRow("bare LF after data") << QByteArray("3\r\nabc\n0\r\n\r\n") << 400;
    QTest::newRow("size line too long") << QByteArray(5000, '0') << 400;
    QTest::newRow("size over 64 bits") << QByteArray("fffffffffffffffffffff\r\n") << 413;
    QTest::newRow("trailer without colon") << QByteArray("0\r\nX-Checksum\r\n\r\n") << 400;
    QTest::newRow("trailer folded") << QByteArray("0\r\nX-A: 1\r\n  more\r\n\r\n") << 400;
    QTest::newRow("trailer name with space") << QByteArray("0\r\nX A: 1\r\n\r\n") << 400;
    QTest::newRow("trailer with NUL") << QByteArray("0\r\nX-A: 1\0\r\n\r\n", 14) << 400;
    QTest::newRow("trailer bare LF") << QByteArray("0\r\nX-A: 1\n\r\n") << 400;
    QTest::newRow("trailers too large") << "0\r\n" + QByteArray("X-Pad: " + QByteArray(1000, 'p') + "\r\n").repeated(20)
                                               + "\r\n"
                                        << 431;
}

void TestHttpChunkedDecoder::refused()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(3)}) {
        const Outcome o = decode(input, step);
        QVERIFY2(o.result == Result::Error, qPrintable(QStringLiteral("step %1").arg(step)));
        QCOMPARE(o.status, status);
        QVERIFY(!o.detail.isEmpty());
    }
}

void TestHttpChunkedDecoder::overTheLimitBeforeTheData()
{
    // 1 MiB decoded at most: a chunk that would pass it is refused from its size
    // line, before a byte of its data is read.
    const QByteArray head = "80000\r\n" + QByteArray(0x80000, 'a') + "\r\n";
    Outcome o = decode(head + head + "0\r\n\r\n");
    QVERIFY(o.result == Result::Complete);
    QCOMPARE(o.body.size(), 1024 * 1024);

    const QByteArray over = head + head + "1\r\n";
    o = decode(over + "x\r\n0\r\n\r\n");
    QVERIFY(o.result == Result::Error);
    QCOMPARE(o.status, 413);
    QCOMPARE(o.consumed, over.size()); // stopped at the size line
    QCOMPARE(o.body.size(), 1024 * 1024);

    o = decode("100001\r\n");
    QVERIFY(o.result == Result::Error);
    QCOMPARE(o.status, 413);
    QVERIFY(o.body.isEmpty());
}

void TestHttpChunkedDecoder::repeatsItsVerdict()
{
    HttpChunkedDecoder done(100);
    QByteArray out;
    qsizetype used = 0;
    QVERIFY(done.feed("1\r\na\r\n0\r\n\r\n", &used, &out) == Result::Complete);
    QVERIFY(done.feed("1\r\nb\r\n", &used, &out) == Result::Complete);
    QCOMPARE(used, 0);
    QCOMPARE(out, QByteArray("a"));

    HttpChunkedDecoder bad(100);
    QVERIFY(bad.feed("z\r\n", &used, &out) == Result::Error);
    QVERIFY(bad.feed("1\r\nb\r\n0\r\n\r\n", &used, &out) == Result::Error);
    QCOMPARE(used, 0);
    QCOMPARE(bad.errorStatus(), 400);
}

QTEST_GUILESS_MAIN(TestHttpChunkedDecoder)
#include "tst_httpchunkeddecoder.moc"
