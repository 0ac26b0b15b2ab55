#pragma once

#include "httprequest.h"

#include <QByteArrayView>

namespace Relaydesk::Http {

// Parses an HTTP/1.1 request head with strict limits. Pure: no sockets, no Qt
// event loop, so it can be unit-tested and fuzzed (tests/fuzz/).
// Defined outside the class so that "Limits limits = {}" can be a default argument:
// a nested struct with member initializers cannot be (CWG 1397; GCC and Clang refuse).
struct HttpRequestParserLimits
{
    qsizetype maxHeadBytes = 16 * 1024; // request line + headers + CRLFCRLF
    int maxHeaderCount = 100;
    qint64 maxBodyBytes = 1024 * 1024;  // from Content-Length, before reading the body
};

class HttpRequestParser
{
public:
    using Limits = HttpRequestParserLimits;
    enum class Result { NeedMore, Complete, Error };

    explicit HttpRequestParser(Limits limits = {});

    // Looks at the bytes received so far (which start at a request's first byte).
    // NeedMore: the head is incomplete and within limits. Complete: head parsed;
    // headLength() bytes belong to it, then contentLength() body bytes follow, or
    // a chunked body when isChunked() (decode it with HttpChunkedDecoder).
    // Error: errorStatus() says what to answer (400, 411, 413, 431, 501, 505).
    Result parseHead(QByteArrayView data);

    qsizetype headLength() const { return m_headLength; }
    qint64 contentLength() const { return m_contentLength; }
    bool isChunked() const { return m_chunked; }
    const HttpRequest &request() const { return m_request; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorDetail() const { return m_errorDetail; }
    const Limits &limits() const { return m_limits; }
    void setMaxBodyBytes(qint64 bytes) { m_limits.maxBodyBytes = bytes; }

private:
    Result fail(int status, const QByteArray &detail);
    Result parseLines(QByteArrayView head, bool complete);
    Result parseRequestLine(QByteArrayView line);
    Result parseHeaderLine(QByteArrayView line);
    Result checkFraming();

    Limits m_limits;
    HttpRequest m_request;
    qsizetype m_headLength = 0;
    qint64 m_contentLength = 0;
    bool m_chunked = false;
    int m_errorStatus = 0;
    QByteArray m_errorDetail;
    int m_headerCount = 0;
};

} // namespace Relaydesk::Http
