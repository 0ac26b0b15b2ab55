#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Relaydesk::Http {

// Decodes a request body sent with "Transfer-Encoding: chunked" (RFC 9112 7.1),
// strictly and within limits: hex chunk sizes, chunk extensions (ignored), CRLF
// line ends only, and a trailer section whose fields are checked and dropped
// (they never reach the request's headers). Pure: no sockets, so it can be
// unit-tested and fuzzed together with HttpRequestParser (tests/fuzz/).
//
// Feed it the bytes received after the head, in any pieces; it says how many it
// used, so bytes after the body (a pipelined request) stay where they are.
class HttpChunkedDecoder
{
public:
    enum class Result { NeedMore, Complete, Error };

    static constexpr qsizetype MaxLineBytes = 4096; // a chunk-size line with its extensions, or a trailer line

    explicit HttpChunkedDecoder(qint64 maxBodyBytes, qsizetype maxTrailerBytes = 16 * 1024);

    // Decodes from the start of data, which continues where the previous call's
    // *consumed ended. Appends body bytes to *out and sets *consumed to the bytes of
    // data used. NeedMore: all of data that could be used was (an incomplete line is
    // left unconsumed, to be offered again with more). Complete: the body ended
    // *consumed bytes into data. Error: errorStatus() is 400 (bad framing) or 413
    // (decoded body over maxBodyBytes, found from a chunk's size before its data is read)
    // or 431 (trailer section too large). After Complete or Error it only repeats itself.
    Result feed(QByteArrayView data, qsizetype *consumed, QByteArray *out);

    qint64 decodedSize() const { return m_decoded; }
    int trailerCount() const { return m_trailers; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorDetail() const { return m_errorDetail; }

private:
    enum class State { Size, Data, DataEnd, Trailer, Complete, Error };

    Result fail(int status, const QByteArray &detail);
    // One complete line (without its CRLF) in state Size or Trailer.
    Result sizeLine(QByteArrayView line);
    Result trailerLine(QByteArrayView line);

    qint64 m_maxBody;
    qsizetype m_maxTrailer;
    State m_state = State::Size;
    qint64 m_chunkLeft = 0;
    qint64 m_decoded = 0;
    qsizetype m_trailerBytes = 0;
    int m_trailers = 0;
    int m_errorStatus = 0;
    QByteArray m_errorDetail;
};

} // namespace Relaydesk::Http
