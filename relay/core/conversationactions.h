#pragma once

#include "records.h"
#include "writecontext.h"

#include <optional>

namespace Relaydesk::Relay {

// The changes to conversations and messages shared by webhooks and agents'
// commands. Each appends the events that announce it. All return false only
// when the store failed.
class ConversationActions
{
public:
    // Finds or creates the conversation (and customer record) of a page and customer.
    static std::optional<Conversation> ensureConversation(WriteContext &context, const QString &pageId,
                                                          const QString &psid);
    // Inserts a new message and moves the conversation's preview, times and unread count.
    static bool addMessage(WriteContext &context, Conversation &conversation, Message &message);
    // Saves a changed message and announces it (kind: message.updated or message.status).
    static bool updateMessage(WriteContext &context, const QString &pageId, Message &message,
                              QLatin1StringView kind);
    static bool saveConversation(WriteContext &context, Conversation &conversation, QLatin1StringView kind);
    static QString previewKind(const Message &message);
    // Moves a reply that just became "sent" on to delivered or read when the
    // customer's receipts already cover it (receipts can overtake the echo).
    static void applyKnownReceipts(Store::Store &store, const QString &pageId, const QString &psid, Message &message);
};

} // namespace Relaydesk::Relay
