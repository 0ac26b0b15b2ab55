#pragma once

#include "conversation.h"
#include "message.h"
#include "teamdirectory.h"

#include <QRandomGenerator>

namespace Relaydesk::Bench {

// Makes the conversations and messages of a busy support inbox: three Pages,
// five agents, customers writing in several languages, replies that go sent →
// delivered → read, some photos, files and stickers, quotes, reactions and edits.
// The cache generator and the events benchmark's relay stand-in both use it, so
// live events look like what the cache already holds. Deterministic by seed.
class InboxSampler
{
public:
    // Ids far above what a test relay hands out, so a generated cache and a real
    // relay's conversations can share one file (the catch-up benchmark).
    static constexpr qint64 FirstConversationId = 10'000'001;
    static constexpr qint64 FirstMessageId = 100'000'001;
    static constexpr qint64 MyAgentId = 3;

    explicit InboxSampler(quint32 seed);

    static Relaydesk::App::TeamDirectory directory();

    // A customer who has not written yet: the first message fills in the rest.
    Relaydesk::Conversation newConversation(qint64 id);
    // A message in the conversation at `timestamp`; quoteMid: an earlier message it may quote.
    Relaydesk::Message message(const Relaydesk::Conversation &conversation, qint64 id, qint64 timestamp, bool incoming,
                               const QString &quoteMid = {});
    // What the relay does to a conversation when a message is added (preview, times,
    // unread, a resolved conversation reopening), plus the agents' own work: an agent's
    // reply marks it read, and now and then someone assigns it or changes its status.
    void addToConversation(Relaydesk::Conversation &conversation, const Relaydesk::Message &message);
    // Status, assignee and unread count as a long-lived inbox has them.
    void settle(Relaydesk::Conversation &conversation);

    static int languageOf(const Relaydesk::Conversation &conversation);
    QRandomGenerator &random() { return m_random; }

private:
    QRandomGenerator m_random;
};

} // namespace Relaydesk::Bench
