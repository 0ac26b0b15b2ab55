#pragma once

#include "event.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace Relaydesk::Relay {

// Pages of the event log as agents replay them, read once and serialized once for
// every session catching up over the same range (after a relay died, hundreds of
// agents resume at once from nearby seqs). A page is the log after a position
// aligned to the page size, so sessions at different seqs in one range share it.
//
// A full page never changes: seq is gap-free and in commit order, so once a read
// returns pageSize events nothing can appear between them. A short page (the
// log's tail) only stays true until more is committed, and a session that took it
// for the whole tail must still get the rest from live delivery: so a short page
// is used again only while the hub has delivered nothing past it (eventsDelivered).
// Memory is bounded by an estimate of the bytes held; least recently used first out.
class ReplayCache
{
public:
    struct Item
    {
        qint64 seq = 0;
        QString pageId; // who may see it (AgentRecord::mayAccess)
        QString frame;  // the event frame as sent on the socket
    };
    struct Page
    {
        qint64 after = 0;      // the page holds the log's events after this seq
        qint64 last = 0;       // ... up to and including this one (== after when empty)
        bool complete = false; // pageSize events: immutable
        QVector<Item> items;   // in seq order
        qint64 bytes = 0;      // estimate of the memory held
    };
    using PagePtr = std::shared_ptr<const Page>;
    // Reads up to `limit` events after `seq`; false when the read failed (database away).
    using Reader = std::function<bool(qint64 seq, int limit, QList<Relaydesk::Event> *events)>;

    ReplayCache(Reader reader, int pageSize, qint64 maxBytes);

    // The page holding the events right after `cursor` (it starts at or before
    // cursor + 1); null when the log could not be read.
    PagePtr pageAfter(qint64 cursor);
    // The hub delivered events up to `seq` live: short pages ending before it are no longer the tail.
    void eventsDelivered(qint64 seq);

    int pageSize() const { return m_pageSize; }
    qint64 maxBytes() const { return m_maxBytes; }
    qint64 bytes() const { return m_bytes; }
    int pageCount() const { return int(m_pages.size()); }
    qint64 reads() const { return m_reads; }   // pages read from the log
    qint64 hits() const { return m_hits; }     // pages served from memory
    qint64 evictions() const { return m_evictions; }

private:
    struct Entry
    {
        PagePtr page;
        quint64 used = 0; // last use, for least recently used
    };
    PagePtr read(qint64 after);
    void evict(qint64 keep);

    Reader m_reader;
    int m_pageSize;
    qint64 m_maxBytes;
    QHash<qint64, Entry> m_pages; // by `after`
    qint64 m_bytes = 0;
    qint64 m_deliveredThrough = 0;
    quint64 m_clock = 0;
    qint64 m_reads = 0;
    qint64 m_hits = 0;
    qint64 m_evictions = 0;
};

} // namespace Relaydesk::Relay
