#pragma once

#include "conversation.h"

#include <QSet>
#include <QString>

namespace Relaydesk::App {

// Which conversations the inbox shows: one box, optionally one Page, optionally
// the result of a search. Resolved conversations are done: only "All" and
// "Resolved" show them.
struct ConversationFilter
{
    enum class Box { All, Mine, Unassigned, Pending, Resolved };

    Box box = Box::All;
    QString pageId;          // empty: every page
    qint64 myAgentId = 0;    // who "Mine" means
    bool searching = false;  // true: only ids in matches
    QSet<qint64> matches;

    bool accepts(const Relaydesk::Conversation &c) const
    {
        if (!pageId.isEmpty() && c.pageId != pageId)
            return false;
        if (searching && !matches.contains(c.id))
            return false;
        using S = Relaydesk::Conversation::Status;
        switch (box) {
        case Box::All: return true;
        case Box::Mine: return c.assigneeId != 0 && c.assigneeId == myAgentId && c.status != S::Resolved;
        case Box::Unassigned: return c.assigneeId == 0 && c.status != S::Resolved;
        case Box::Pending: return c.status == S::Pending;
        case Box::Resolved: return c.status == S::Resolved;
        }
        return true;
    }
};

} // namespace Relaydesk::App
