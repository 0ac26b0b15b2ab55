#include "httpchunkeddecoder.h"

#include <limits>

namespace Relaydesk::Http {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isTchar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// What may follow a chunk size: extensions, which we ignore but keep to their
// characters (tokens, quoted strings, '=', ';' and blanks; no controls).
bool isExtensionText(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace

HttpChunkedDecoder::HttpChunkedDecoder(qint64 maxBodyBytes, qsizetype maxTrailerBytes)
    : m_maxBody(maxBodyBytes)
    , m_maxTrailer(maxTrailerBytes)
{
}

HttpChunkedDecoder::Result HttpChunkedDecoder::fail(int status, const QByteArray &detail)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorDetail = detail;
    return Result::Error;
}

HttpChunkedDecoder::Result HttpChunkedDecoder::feed(QByteArrayView data, qsizetype *consumed, QByteArray *out)
{
    qsizetype pos = 0;
    *consumed = 0;
    for (;;) {
        switch (m_state) {
        case State::Complete:
            return Result::Complete;
        case State::Error:
            return Result::Error;
        case State::Data: {
            const qint64 take = qMin<qint64>(m_chunkLeft, data.size() - pos);
            out->append(data.sliced(pos, take));
            pos += take;
            m_chunkLeft -= take;
            m_decoded += take;
            *consumed = pos;
            if (m_chunkLeft > 0)
                return Result::NeedMore;
            m_state = State::DataEnd;
            break;
        }
        case State::DataEnd: {
            // chunk-data is followed by exactly CRLF.
            if (data.size() - pos < 2) {
                if (data.size() > pos && data.at(pos) != '\r')
                    return fail(400, QByteArrayLiteral("chunk data not followed by CRLF"));
                return Result::NeedMore;
            }
            if (data.at(pos) != '\r' || data.at(pos + 1) != '\n')
                return fail(400, QByteArrayLiteral("chunk data not followed by CRLF"));
            pos += 2;
            *consumed = pos;
            m_state = State::Size;
            break;
        }
        case State::Size:
        case State::Trailer: {
            const QByteArrayView rest = data.sliced(pos);
            const qsizetype lf = rest.first(qMin(rest.size(), MaxLineBytes + 2)).indexOf('\n');
            if (lf < 0) {
                // Refuse an endless line now rather than at the body deadline. A line is
                // judged only once whole, so the verdict does not depend on how it was split.
                if (rest.size() > MaxLineBytes + 1)
                    return fail(400, m_state == State::Size ? QByteArrayLiteral("chunk size line too long")
                                                            : QByteArrayLiteral("trailer line too long"));
                return Result::NeedMore;
            }
            if (lf == 0 || rest.at(lf - 1) != '\r')
                return fail(400, QByteArrayLiteral("bare LF in chunked framing"));
            const QByteArrayView line = rest.first(lf - 1);
            if (line.contains('\r'))
                return fail(400, QByteArrayLiteral("bare CR in chunked framing"));
            pos += lf + 1;
            *consumed = pos;
            const Result r = m_state == State::Size ? sizeLine(line) : trailerLine(line);
            if (r == Result::Error)
                return r;
            break;
        }
        }
    }
}

HttpChunkedDecoder::Result HttpChunkedDecoder::sizeLine(QByteArrayView line)
{
    // chunk-size = 1*HEXDIG, then optional extensions after BWS ";".
    qsizetype i = 0;
    qint64 size = 0;
    constexpr qint64 max = std::numeric_limits<qint64>::max() / 16;
    while (i < line.size() && hexValue(line.at(i)) >= 0) {
        // Saturates: a size that large is over any limit anyway.
        size = size > max ? std::numeric_limits<qint64>::max() : size * 16 + hexValue(line.at(i));
        ++i;
    }
    if (i == 0)
        return fail(400, QByteArrayLiteral("malformed chunk size"));
    // Blanks only before a ";": a bare "5 " is refused (lenient size lines are how
    // request smuggling between two parsers starts).
    QByteArrayView extensions = line.sliced(i);
    if (!extensions.isEmpty()) {
        while (!extensions.isEmpty() && (extensions.front() == ' ' || extensions.front() == '\t'))
            extensions = extensions.sliced(1);
        if (extensions.isEmpty() || extensions.front() != ';' || !isExtensionText(extensions))
            return fail(400, QByteArrayLiteral("malformed chunk extension"));
    }
    if (size > m_maxBody - m_decoded)
        return fail(413, QByteArrayLiteral("body exceeds ") + QByteArray::number(m_maxBody) + " bytes");
    if (size == 0) {
        m_state = State::Trailer;
        return Result::NeedMore;
    }
    m_chunkLeft = size;
    m_state = State::Data;
    return Result::NeedMore;
}

HttpChunkedDecoder::Result HttpChunkedDecoder::trailerLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        m_state = State::Complete;
        return Result::Complete;
    }
    m_trailerBytes += line.size() + 2;
    if (m_trailerBytes > m_maxTrailer)
        return fail(431, QByteArrayLiteral("trailer section too large"));
    // field-line = field-name ":" OWS field-value OWS, as in the head.
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QByteArrayLiteral("obsolete line folding in trailer"));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return fail(400, QByteArrayLiteral("malformed trailer field"));
    for (char c : line.first(colon)) {
        if (!isTchar(c))
            return fail(400, QByteArrayLiteral("malformed trailer field name"));
    }
    if (!isExtensionText(line.sliced(colon + 1)))
        return fail(400, QByteArrayLiteral("invalid character in trailer field value"));
    ++m_trailers;
    return Result::NeedMore;
}

} // namespace Relaydesk::Http
