#include "replaycache.h"

#include "agentsession.h"

#include <algorithm>

namespace Relaydesk::Relay {

namespace {
// What a QString holds beside its characters (header, allocation), roughly.
constexpr qint64 kStringOverhead = 32;
}

ReplayCache::ReplayCache(Reader reader, int pageSize, qint64 maxBytes)
    : m_reader(std::move(reader)), m_pageSize(std::max(1, pageSize)), m_maxBytes(std::max<qint64>(0, maxBytes))
{
}

ReplayCache::PagePtr ReplayCache::pageAfter(qint64 cursor)
{
    // Aligned, so sessions at different seqs of one range share the page.
    const qint64 after = cursor < 0 ? 0 : cursor - cursor % m_pageSize;
    const auto it = m_pages.find(after);
    if (it != m_pages.end()) {
        const Page &page = *it->page;
        // A short page is the tail as it was; once the hub delivered past it, more was
        // committed since and the session would take the tail for the whole log.
        if (page.complete || m_deliveredThrough <= page.last) {
            it->used = ++m_clock;
            ++m_hits;
            return it->page;
        }
        m_bytes -= page.bytes;
        m_pages.erase(it);
    }
    PagePtr page = read(after);
    if (!page)
        return page;
    // A read can only miss what was delivered if something is amiss; such a page is not kept.
    if (page->complete || m_deliveredThrough <= page->last) {
        m_pages.insert(after, Entry{page, ++m_clock});
        m_bytes += page->bytes;
        evict(after);
    }
    return page;
}

ReplayCache::PagePtr ReplayCache::read(qint64 after)
{
    QList<Event> events;
    if (!m_reader(after, m_pageSize, &events))
        return nullptr;
    ++m_reads;
    auto page = std::make_shared<Page>();
    page->after = after;
    page->last = events.isEmpty() ? after : events.last().seq;
    page->complete = events.size() >= m_pageSize;
    page->items.reserve(events.size());
    page->bytes = qint64(sizeof(Page));
    for (const Event &e : std::as_const(events)) {
        Item item{e.seq, e.pageId, AgentSession::frameText(e.toFrame())};
        page->bytes += qint64(sizeof(Item)) + 2 * kStringOverhead
            + 2 * qint64(item.frame.size() + item.pageId.size());
        page->items.append(std::move(item));
    }
    return page;
}

void ReplayCache::eventsDelivered(qint64 seq)
{
    if (seq <= m_deliveredThrough)
        return;
    m_deliveredThrough = seq;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (!it->page->complete && it->page->last < seq) {
            m_bytes -= it->page->bytes;
            it = m_pages.erase(it);
        } else {
            ++it;
        }
    }
}

void ReplayCache::evict(qint64 keep)
{
    // The page just read stays even if it alone is over the bound: its session needs it now.
    while (m_bytes > m_maxBytes && m_pages.size() > 1) {
        auto oldest = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it.key() != keep && (oldest == m_pages.end() || it->used < oldest->used))
                oldest = it;
        m_bytes -= oldest->page->bytes;
        m_pages.erase(oldest);
        ++m_evictions;
    }
}

} // namespace Relaydesk::Relay
