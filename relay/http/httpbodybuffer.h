#pragma once

#include "httpbodybudget.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class QTemporaryFile;

namespace Relaydesk::Http {

struct HttpRequest;

// Where one request's body goes while it arrives: memory, or a 0600 temporary
// file for routes that take large bodies. Every byte is taken from the server's
// HttpBodyBudget before it is kept, and given back when the buffer goes (the
// connection drops it once the request is answered).
class HttpBodyBuffer
{
public:
    enum class Status { Ok, OverBudget, WriteFailed };

    explicit HttpBodyBuffer(HttpBodyBudget &budget);
    ~HttpBodyBuffer();
    HttpBodyBuffer(const HttpBodyBuffer &) = delete;
    HttpBodyBuffer &operator=(const HttpBodyBuffer &) = delete;

    // From now on the body goes to a new temporary file in directory (created 0600).
    bool openFile(const QString &directory, QString *error);
    bool isFile() const { return bool(m_file); }
    HttpBodyBudget::Kind kind() const { return m_file ? HttpBodyBudget::Kind::File : HttpBodyBudget::Kind::Memory; }
    // Whether bytes more would still fit the budget now.
    bool fits(qint64 bytes) const { return bytes <= m_budget.available(kind()); }
    // Takes data.size() bytes from the budget and keeps data; nothing is kept on failure.
    Status append(QByteArrayView data);
    qint64 size() const { return m_size; }
    // Hands the body to request: the bytes, or the file flushed and rewound.
    // The budget stays taken until this buffer goes.
    bool moveInto(HttpRequest &request);

private:
    HttpBodyBudget &m_budget;
    QByteArray m_bytes;
    std::shared_ptr<QTemporaryFile> m_file;
    qint64 m_size = 0;
    qint64 m_taken = 0;
};

} // namespace Relaydesk::Http
