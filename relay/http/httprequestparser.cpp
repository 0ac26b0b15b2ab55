#include "httprequestparser.h"

#include <limits>

namespace Relaydesk::Http {

namespace {

bool isTchar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

// field-value: VCHAR, obs-text, SP and HTAB inside. NUL and other controls are
// refused: some backends cut strings at NUL, which is a smuggling vector.
bool isFieldValue(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArrayView trimOws(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Content-Length is 1*DIGIT and nothing else: no sign, no exponent, no spaces
// inside. Values beyond qint64 saturate; they are over any limit anyway.
bool parseContentLength(QByteArrayView s, qint64 *value)
{
    if (s.isEmpty())
        return false;
    qint64 n = 0;
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    for (char c : s) {
        if (!isDigit(c))
            return false;
        const int d = c - '0';
        n = (n > (max - d) / 10) ? max : n * 10 + d;
    }
    *value = n;
    return true;
}

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

HttpRequestParser::HttpRequestParser(Limits limits)
    : m_limits(limits)
{
}

HttpRequestParser::Result HttpRequestParser::fail(int status, const QByteArray &detail)
{
    m_errorStatus = status;
    m_errorDetail = detail;
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::parseHead(QByteArrayView data)
{
    m_request = HttpRequest();
    m_headLength = 0;
    m_contentLength = 0;
    m_chunked = false;
    m_errorStatus = 0;
    m_errorDetail.clear();
    m_headerCount = 0;

    const qsizetype maxHead = qMax<qsizetype>(m_limits.maxHeadBytes, 4);
    const QByteArrayView window = data.first(qMin(data.size(), maxHead));
    const qsizetype end = window.indexOf(QByteArrayView("\r\n\r\n"));
    if (end < 0) {
        // Validate the lines we already have, so garbage is refused now rather
        // than at the head deadline.
        const Result early = parseLines(window, false);
        if (early == Result::Error)
            return early;
        if (data.size() >= maxHead)
            return fail(431, QByteArrayLiteral("request head too large"));
        return Result::NeedMore;
    }
    const Result result = parseLines(window.first(end + 4), true);
    if (result != Result::Complete)
        return result;
    m_headLength = end + 4;
    return checkFraming();
}

// Walks the CRLF-terminated lines of head. With complete == false the last,
// unterminated line is left for later.
HttpRequestParser::Result HttpRequestParser::parseLines(QByteArrayView head, bool complete)
{
    qsizetype pos = 0;
    bool first = true;
    while (pos < head.size()) {
        const qsizetype lf = head.indexOf('\n', pos);
        if (lf < 0)
            break;
        if (lf == 0 || head.at(lf - 1) != '\r')
            return fail(400, QByteArrayLiteral("bare LF in request head"));
        const QByteArrayView line = head.sliced(pos, lf - 1 - pos);
        if (line.contains('\r'))
            return fail(400, QByteArrayLiteral("bare CR in request head"));
        pos = lf + 1;
        if (first) {
            const Result r = parseRequestLine(line);
            if (r == Result::Error)
                return r;
            first = false;
            continue;
        }
        if (line.isEmpty())
            break; // end of head: only reached when complete
        const Result r = parseHeaderLine(line);
        if (r == Result::Error)
            return r;
    }
    return complete ? Result::Complete : Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    // request-line = method SP request-target SP HTTP-version, single spaces exactly.
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
        return fail(400, QByteArrayLiteral("malformed request line"));
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);

    if (version.size() != 8 || !version.startsWith(QByteArrayView("HTTP/")) || !isDigit(version.at(5))
        || version.at(6) != '.' || !isDigit(version.at(7)))
        return fail(400, QByteArrayLiteral("malformed HTTP version"));
    if (version != QByteArrayView("HTTP/1.1") && version != QByteArrayView("HTTP/1.0"))
        return fail(505, QByteArrayLiteral("only HTTP/1.0 and HTTP/1.1 are supported"));
    if (!isToken(method))
        return fail(400, QByteArrayLiteral("malformed method"));
    // origin-form only: the relay is no proxy, so absolute-form and '*' are refused.
    if (target.isEmpty() || target.front() != '/')
        return fail(400, QByteArrayLiteral("request target must start with '/'"));
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '#')
            return fail(400, QByteArrayLiteral("invalid character in request target"));
    }

    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    m_request.version = version.toByteArray();
    const qsizetype q = target.indexOf('?');
    m_request.path = (q < 0 ? target : target.first(q)).toByteArray();
    if (q >= 0)
        m_request.query = QUrlQuery(QString::fromLatin1(target.sliced(q + 1)));
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::parseHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QByteArrayLiteral("obsolete line folding"));
    if (++m_headerCount > m_limits.maxHeaderCount)
        return fail(431, QByteArrayLiteral("too many header fields"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return fail(400, QByteArrayLiteral("header field without colon"));
    // The name is a token; whitespace before the colon is refused (RFC 9112 5.1).
    const QByteArrayView name = line.first(colon);
    if (!isToken(name))
        return fail(400, QByteArrayLiteral("malformed header field name"));
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return fail(400, QByteArrayLiteral("invalid character in header field value"));
    m_request.headers.append({ name.toByteArray().toLower(), value.toByteArray() });
    return Result::NeedMore;
}

// Message framing (RFC 9112 6): exactly one way to know where the body ends.
HttpRequestParser::Result HttpRequestParser::checkFraming()
{
    int hosts = 0;
    bool haveLength = false;
    bool haveTransferEncoding = false;
    QByteArrayView lengthValue;
    QList<QByteArrayView> codings; // of every Transfer-Encoding field, in order
    for (const auto &field : std::as_const(m_request.headers)) {
        if (sameName(field.first, "host")) {
            ++hosts;
        } else if (sameName(field.first, "transfer-encoding")) {
            haveTransferEncoding = true;
            QByteArrayView rest(field.second);
            for (;;) {
                const qsizetype comma = rest.indexOf(',');
                const QByteArrayView coding = trimOws(comma < 0 ? rest : rest.first(comma));
                if (!coding.isEmpty())
                    codings.append(coding);
                if (comma < 0)
                    break;
                rest = rest.sliced(comma + 1);
            }
        } else if (sameName(field.first, "content-length")) {
            if (haveLength && QByteArrayView(field.second) != lengthValue)
                return fail(400, QByteArrayLiteral("conflicting Content-Length fields"));
            if (!parseContentLength(field.second, &m_contentLength))
                return fail(400, QByteArrayLiteral("malformed Content-Length"));
            haveLength = true;
            lengthValue = field.second;
        }
    }
    if (hosts > 1 || (hosts == 0 && m_request.version == QByteArrayView("HTTP/1.1")))
        return fail(400, QByteArrayLiteral("exactly one Host field is required"));
    if (haveTransferEncoding && haveLength)
        return fail(400, QByteArrayLiteral("both Content-Length and Transfer-Encoding"));
    if (haveTransferEncoding) {
        // RFC 9112 6.1 and 6.3: an HTTP/1.0 request's framing is not to be trusted
        // with it; without chunked last the body's end cannot be known; chunked twice
        // is forbidden. Other codings (gzip, ...) we do not decode.
        if (m_request.version == QByteArrayView("HTTP/1.0"))
            return fail(400, QByteArrayLiteral("Transfer-Encoding in an HTTP/1.0 request"));
        if (codings.isEmpty() || !sameName(codings.last(), "chunked"))
            return fail(400, QByteArrayLiteral("chunked must be the last transfer coding"));
        for (qsizetype i = 0; i + 1 < codings.size(); ++i) {
            if (sameName(codings.at(i), "chunked"))
                return fail(400, QByteArrayLiteral("chunked applied more than once"));
        }
        if (codings.size() > 1)
            return fail(501, QByteArrayLiteral("only the chunked transfer coding is supported"));
        m_chunked = true;
        return Result::Complete;
    }
    if (!haveLength) {
        const QByteArray &m = m_request.method;
        if (m == QByteArrayView("POST") || m == QByteArrayView("PUT") || m == QByteArrayView("PATCH"))
            return fail(411, QByteArrayLiteral("Content-Length required"));
    }
    if (m_contentLength > m_limits.maxBodyBytes)
        return fail(413, QByteArrayLiteral("body exceeds ") + QByteArray::number(m_limits.maxBodyBytes) + " bytes");
    return Result::Complete;
}

} // namespace Relaydesk::Http
