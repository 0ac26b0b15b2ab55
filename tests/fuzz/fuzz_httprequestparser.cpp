// libFuzzer target for HttpRequestParser::parseHead, the first code that sees bytes
// from the Internet, and for HttpChunkedDecoder on what follows a chunked head.
// Besides crashes and sanitizer reports it checks the invariants HttpConnection
// relies on, and that feeding the same bytes in growing prefixes or in pieces (as
// a socket delivers them) reaches the same verdict as parsing them at once.
#include "httpchunkeddecoder.h"
#include "httprequestparser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Relaydesk::Http;
using Result = HttpRequestParser::Result;

#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, __LINE__);                      \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace {

struct Verdict
{
    Result result;
    int status;
    qsizetype headLength;
    qint64 contentLength;
    bool operator==(const Verdict &o) const
    {
        return result == o.result && status == o.status && headLength == o.headLength
            && contentLength == o.contentLength;
    }
};

Verdict parseChecked(HttpRequestParser &parser, QByteArrayView data)
{
    const HttpRequestParser::Limits &limits = parser.limits();
    const Result result = parser.parseHead(data);
    switch (result) {
    case Result::NeedMore:
        FUZZ_CHECK(data.size() < limits.maxHeadBytes);
        FUZZ_CHECK(parser.errorStatus() == 0);
        FUZZ_CHECK(parser.headLength() == 0);
        break;
    case Result::Complete: {
        const HttpRequest &r = parser.request();
        FUZZ_CHECK(parser.errorStatus() == 0);
        FUZZ_CHECK(parser.headLength() >= 4 && parser.headLength() <= data.size());
        FUZZ_CHECK(parser.headLength() <= limits.maxHeadBytes);
        FUZZ_CHECK(data.sliced(parser.headLength() - 4, 4) == QByteArrayView("\r\n\r\n"));
        FUZZ_CHECK(parser.contentLength() >= 0 && parser.contentLength() <= limits.maxBodyBytes);
        FUZZ_CHECK(!r.method.isEmpty());
        FUZZ_CHECK(r.path.startsWith('/') && r.target.startsWith(r.path));
        FUZZ_CHECK(r.version == "HTTP/1.1" || r.version == "HTTP/1.0");
        FUZZ_CHECK(r.headers.size() <= limits.maxHeaderCount);
        for (const auto &h : r.headers) {
            FUZZ_CHECK(!h.first.isEmpty() && h.first == h.first.toLower());
            FUZZ_CHECK(!h.second.contains('\r') && !h.second.contains('\n') && !h.second.contains('\0'));
        }
        FUZZ_CHECK(parser.isChunked() == r.hasHeader("transfer-encoding"));
        FUZZ_CHECK(!parser.isChunked() || (parser.contentLength() == 0 && r.version == "HTTP/1.1"
                                           && !r.hasHeader("content-length")));
        (void)r.keepAlive();
        (void)r.isWebSocketUpgrade();
        break;
    }
    case Result::Error: {
        const int s = parser.errorStatus();
        FUZZ_CHECK(s == 400 || s == 411 || s == 413 || s == 431 || s == 501 || s == 505);
        FUZZ_CHECK(!parser.errorDetail().isEmpty());
        break;
    }
    }
    return { result, parser.errorStatus(), parser.headLength(), parser.contentLength() };
}

struct Decoded
{
    HttpChunkedDecoder::Result result;
    int status;
    qsizetype consumed;
    QByteArray body;
    bool operator==(const Decoded &o) const
    {
        return result == o.result && status == o.status && consumed == o.consumed && body == o.body;
    }
};

// Decodes body as HttpConnection does: offers what has arrived, keeps what was
// not consumed, offers it again with the next piece (every `step` bytes).
Decoded decodeChunked(QByteArrayView body, qint64 maxBody, qsizetype step)
{
    HttpChunkedDecoder decoder(maxBody, 512);
    Decoded d { HttpChunkedDecoder::Result::NeedMore, 0, 0, {} };
    qsizetype arrived = qMin(step, body.size());
    for (;;) {
        const QByteArrayView offered = body.sliced(d.consumed, arrived - d.consumed);
        qsizetype used = -1;
        const qsizetype before = d.body.size();
        d.result = decoder.feed(offered, &used, &d.body);
        FUZZ_CHECK(used >= 0 && used <= offered.size());
        FUZZ_CHECK(d.body.size() - before <= used); // never more out than in
        d.consumed += used;
        FUZZ_CHECK(decoder.decodedSize() == d.body.size() && d.body.size() <= maxBody);
        if (d.result == HttpChunkedDecoder::Result::NeedMore) {
            // An unconsumed rest is at most one unfinished line.
            FUZZ_CHECK(offered.size() - used <= HttpChunkedDecoder::MaxLineBytes + 1);
        }
        if (d.result != HttpChunkedDecoder::Result::NeedMore || arrived == body.size())
            break;
        arrived = qMin(arrived + step, body.size());
    }
    d.status = decoder.errorStatus();
    switch (d.result) {
    case HttpChunkedDecoder::Result::Complete:
        FUZZ_CHECK(d.status == 0);
        FUZZ_CHECK(d.consumed >= 5 && body.sliced(d.consumed - 4, 4) == QByteArrayView("\r\n\r\n"));
        break;
    case HttpChunkedDecoder::Result::Error:
        FUZZ_CHECK(d.status == 400 || d.status == 413 || d.status == 431);
        FUZZ_CHECK(!decoder.errorDetail().isEmpty());
        break;
    case HttpChunkedDecoder::Result::NeedMore:
        FUZZ_CHECK(d.status == 0);
        break;
    }
    // Decided is decided: more bytes change nothing.
    if (d.result != HttpChunkedDecoder::Result::NeedMore) {
        qsizetype used = -1;
        QByteArray more;
        FUZZ_CHECK(decoder.feed(body.sliced(d.consumed), &used, &more) == d.result && used == 0 && more.isEmpty());
    }
    return d;
}

// The body after a chunked head, decoded at once and in pieces: the same verdict,
// the same bytes, the same end.
void runChunked(QByteArrayView body, qint64 maxBody)
{
    const Decoded whole = decodeChunked(body, maxBody, qMax<qsizetype>(body.size(), 1));
    for (const qsizetype step : { qsizetype(1), qsizetype(3), qsizetype(64) }) {
        if (step == 1 && body.size() > 4096)
            continue; // quadratic; the larger steps cover big inputs
        const Decoded pieces = decodeChunked(body, maxBody, step);
        FUZZ_CHECK(pieces == whole);
    }
}

void run(const HttpRequestParser::Limits &limits, QByteArrayView input)
{
    HttpRequestParser parser(limits);
    const Verdict whole = parseChecked(parser, input);

    // Growing prefixes: nothing is decided before the deciding byte arrives, and the
    // first decision is final. Byte by byte for small inputs; in strides for big ones,
    // which would otherwise cost quadratic time per input.
    const qsizetype step = input.size() <= 2048 ? 1 : input.size() / 512;
    bool decided = false;
    Verdict first {};
    for (qsizetype n = 0; n <= input.size(); n += step) {
        const Verdict v = parseChecked(parser, input.first(n));
        if (!decided && v.result != Result::NeedMore) {
            decided = true;
            first = v;
        } else if (decided) {
            FUZZ_CHECK(v == first); // once decided, more bytes change nothing
        }
    }
    if (decided)
        FUZZ_CHECK(first == whole);
    else
        FUZZ_CHECK(whole.result == Result::NeedMore || step > 1);

    if (whole.result == Result::Complete) {
        parser.parseHead(input);
        if (parser.isChunked())
            runChunked(input.sliced(parser.headLength()), limits.maxBodyBytes);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    run(HttpRequestParser::Limits(), input);

    // Tight limits reach the head-size and header-count edges with short inputs.
    HttpRequestParser::Limits tight;
    tight.maxHeadBytes = 128;
    tight.maxHeaderCount = 4;
    tight.maxBodyBytes = 100;
    run(tight, input);
    return 0;
}
