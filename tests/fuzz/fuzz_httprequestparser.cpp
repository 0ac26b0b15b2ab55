// libFuzzer target for HttpRequestParser::parseHead, the first code that sees bytes
// from the Internet. Besides crashes and sanitizer reports it checks the invariants
// HttpConnection relies on, and that feeding the same bytes in growing prefixes
// (as a socket delivers them) reaches the same verdict as parsing them at once.
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
        FUZZ_CHECK(!r.hasHeader("transfer-encoding"));
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
