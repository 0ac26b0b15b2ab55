#include "conversationactions.h"

#include "protocol.h"

namespace Relaydesk::Relay {

std::optional<Conversation> ConversationActions::ensureConversation(WriteContext &context, const QString &pageId,
                                                                    const QString &psid)
{
    Store::Store &store = context.store();
    if (auto existing = store.conversationFor(pageId, psid))
        return existing;
    if (!store.customer(pageId, psid)) {
        Store::CustomerRecord customer;
        customer.pageId = pageId;
        customer.customer.psid = psid;
        if (!store.saveCustomer(customer))
            return std::nullopt;
    }
    Conversation conversation;
    conversation.pageId = pageId;
    conversation.customer.psid = psid;
    if (!store.saveConversation(&conversation))
        return std::nullopt;
    return store.conversation(conversation.id);
}

QString ConversationActions::previewKind(const Message &message)
{
    if (!message.attachments.isEmpty() && message.text.isEmpty())
        return message.attachments.first().stickerId.isEmpty() ? message.attachments.first().type
                                                                : QStringLiteral("sticker");
    return message.kind;
}

bool ConversationActions::addMessage(WriteContext &context, Conversation &conversation, Message &message)
{
    message.conversationId = conversation.id;
    if (!context.store().saveMessage(&message))
        return false;
    if (!context.append(Event::forMessage(QString(Protocol::EventKind::MessageCreated), conversation.pageId, message)))
        return false;

    // Order by Meta's timestamp, not arrival: a late, older message does not become the preview.
    if (message.timestamp >= conversation.lastMessageAt) {
        conversation.lastMessageAt = message.timestamp;
        conversation.previewText = message.text;
        conversation.previewKind = previewKind(message);
        conversation.previewOutgoing = message.direction == Message::Direction::Outgoing;
    }
    if (message.direction == Message::Direction::Incoming) {
        conversation.lastCustomerMessageAt = qMax(conversation.lastCustomerMessageAt, message.timestamp);
        ++conversation.unreadCount;
        // A customer writing again reopens a resolved conversation.
        if (conversation.status == Conversation::Status::Resolved)
            conversation.status = Conversation::Status::Open;
    }
    return saveConversation(context, conversation, Protocol::EventKind::ConversationUpdated);
}

void ConversationActions::applyKnownReceipts(Store::Store &store, const QString &pageId, const QString &psid,
                                             Message &message)
{
    if (message.status != Message::Status::Sent)
        return;
    if (store.receiptWatermark(pageId, psid, QStringLiteral("read")) >= message.timestamp)
        message.status = Message::Status::Read;
    else if (store.receiptWatermark(pageId, psid, QStringLiteral("delivery")) >= message.timestamp)
        message.status = Message::Status::Delivered;
}

bool ConversationActions::updateMessage(WriteContext &context, const QString &pageId, Message &message,
                                        QLatin1StringView kind)
{
    return context.store().saveMessage(&message)
        && context.append(Event::forMessage(QString(kind), pageId, message));
}

bool ConversationActions::saveConversation(WriteContext &context, Conversation &conversation, QLatin1StringView kind)
{
    return context.store().saveConversation(&conversation)
        && context.append(Event::forConversation(QString(kind), conversation));
}

} // namespace Relaydesk::Relay
