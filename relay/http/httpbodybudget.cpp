#include "httpbodybudget.h"

namespace Relaydesk::Http {

HttpBodyBudget::HttpBodyBudget(qint64 maxMemoryBytes, qint64 maxFileBytes)
    : m_maxMemory(maxMemoryBytes)
    , m_maxFiles(maxFileBytes)
{
}

bool HttpBodyBudget::take(Kind kind, qint64 bytes)
{
    qint64 &used = kind == Kind::Memory ? m_memory : m_files;
    if (bytes > limit(kind) - used)
        return false;
    used += bytes;
    return true;
}

void HttpBodyBudget::give(Kind kind, qint64 bytes)
{
    qint64 &used = kind == Kind::Memory ? m_memory : m_files;
    used = qMax<qint64>(0, used - bytes);
}

} // namespace Relaydesk::Http
