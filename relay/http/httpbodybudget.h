#pragma once

#include <QtGlobal>

namespace Relaydesk::Http {

// The bytes of request bodies held at once across all connections, in memory and
// in temporary files, against the server's two caps. Taken as body bytes arrive,
// before they are read; given back when the request has been answered. Over a
// cap the server answers 503 instead of buffering.
class HttpBodyBudget
{
public:
    enum class Kind { Memory, File };

    HttpBodyBudget(qint64 maxMemoryBytes, qint64 maxFileBytes);

    // Takes bytes of kind; false, taking nothing, if that would pass the cap.
    bool take(Kind kind, qint64 bytes);
    void give(Kind kind, qint64 bytes);
    qint64 inUse(Kind kind) const { return kind == Kind::Memory ? m_memory : m_files; }
    qint64 limit(Kind kind) const { return kind == Kind::Memory ? m_maxMemory : m_maxFiles; }
    qint64 available(Kind kind) const { return qMax<qint64>(0, limit(kind) - inUse(kind)); }

private:
    qint64 m_maxMemory;
    qint64 m_maxFiles;
    qint64 m_memory = 0;
    qint64 m_files = 0;
};

} // namespace Relaydesk::Http
