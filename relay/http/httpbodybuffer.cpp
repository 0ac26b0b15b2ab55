#include "httpbodybuffer.h"

#include "httprequest.h"

#include <QDir>
#include <QTemporaryFile>

namespace Relaydesk::Http {

HttpBodyBuffer::HttpBodyBuffer(HttpBodyBudget &budget)
    : m_budget(budget)
{
}

HttpBodyBuffer::~HttpBodyBuffer()
{
    m_budget.give(kind(), m_taken);
}

bool HttpBodyBuffer::openFile(const QString &directory, QString *error)
{
    Q_ASSERT(m_size == 0 && !m_file);
    // QTemporaryFile creates the file with mode 0600 and removes it when the last
    // request holding it goes, unless a handler renamed it to keep it.
    auto file = std::make_shared<QTemporaryFile>(QDir(directory).filePath(QStringLiteral("body-XXXXXX")));
    if (!file->open()) {
        *error = file->errorString();
        return false;
    }
    m_file = std::move(file);
    return true;
}

HttpBodyBuffer::Status HttpBodyBuffer::append(QByteArrayView data)
{
    if (data.isEmpty())
        return Status::Ok;
    if (!m_budget.take(kind(), data.size()))
        return Status::OverBudget;
    m_taken += data.size();
    if (m_file) {
        if (m_file->write(data.data(), data.size()) != data.size())
            return Status::WriteFailed;
    } else {
        m_bytes.append(data);
    }
    m_size += data.size();
    return Status::Ok;
}

bool HttpBodyBuffer::moveInto(HttpRequest &request)
{
    if (!m_file) {
        request.body = std::move(m_bytes);
        m_bytes = QByteArray();
        return true;
    }
    if (!m_file->flush() || !m_file->seek(0))
        return false;
    request.body.clear();
    request.bodyFile = m_file;
    return true;
}

} // namespace Relaydesk::Http
