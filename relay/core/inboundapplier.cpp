#include "inboundapplier.h"

#include "conversationactions.h"
#include "protocol.h"
#include "relaylogging.h"
#include "webhookparser.h"

namespace Relaydesk::Relay {

using Messenger::InboundEvent;

namespace {
const QLatin1StringView kMetadataPrefix{"relaydesk:client:"};
}

QString InboundApplier::metadataForClientId(const QString &clientId)
{
    return kMetadataPrefix + clientId;
}

bool InboundApplier::apply(const InboundEvent &event, WriteContext &context)
{
    switch (event.kind) {
    case InboundEvent::Kind::Message:
    case InboundEvent::Kind::Postback:
        return applyMessage(event, context);
    case InboundEvent::Kind::Echo:
        return applyEcho(event, context);
    case InboundEvent::Kind::Delivery:
    case InboundEvent::Kind::Read:
        return applyReceipt(event, context);
    case InboundEvent::Kind::Reaction:
    case InboundEvent::Kind::Unreaction:
        return applyReaction(event, context);
    case InboundEvent::Kind::Edit:
        return applyEdit(event, context);
    case InboundEvent::Kind::Unknown:
        return keepRaw(event, event.unknownKind, context);
    }
    return true;
}

bool InboundApplier::applyMessage(const InboundEvent &event, WriteContext &context)
{
    const bool postback = event.kind == InboundEvent::Kind::Postback;
    // Postbacks may come without a mid; give them a stable one so redeliveries dedupe.
    const QString mid = !event.mid.isEmpty()
        ? event.mid
        : QStringLiteral("pb:%1:%2:%3").arg(event.pageId, event.customerPsid).arg(event.timestamp);
    if (context.store().messageByMid(mid))
        return true; // redelivery
    auto conversation = ConversationActions::ensureConversation(context, event.pageId, event.customerPsid);
    if (!conversation)
        return false;
    Message message;
    message.mid = mid;
    message.direction = Message::Direction::Incoming;
    message.kind = postback ? QStringLiteral("postback")
                            : (event.text.isEmpty() && !event.attachments.isEmpty() ? QStringLiteral("attachments")
                                                                                    : QStringLiteral("text"));
    message.text = postback ? event.postbackTitle : event.text;
    message.attachments = event.attachments;
    message.timestamp = event.timestamp;
    message.status = Message::Status::Received;
    message.replyToMid = event.replyToMid;
    message.quickReplyPayload = event.quickReplyPayload;
    message.postbackPayload = event.postbackPayload;
    return ConversationActions::addMessage(context, *conversation, message)
        && applyWaiting(event.pageId, message.mid, context);
}

bool InboundApplier::applyEcho(const InboundEvent &event, WriteContext &context)
{
    Store::Store &store = context.store();
    if (!event.mid.isEmpty() && store.messageByMid(event.mid))
        return true; // redelivery, or the Send API already told us this mid

    // Our own reply coming back: match it by the client id we put in metadata.
    if (event.metadata.startsWith(kMetadataPrefix)) {
        if (auto ours = store.messageByClientId(event.metadata.mid(kMetadataPrefix.size()))) {
            if (ours->mid.isEmpty())
                ours->mid = event.mid;
            // Meta's clock is what receipts' watermarks are measured against.
            ours->timestamp = event.timestamp;
            if (!event.attachments.isEmpty())
                ours->attachments = event.attachments; // Meta's URLs replace our upload's
            if (ours->status == Message::Status::Pending || ours->status == Message::Status::Failed)
                ours->status = Message::Status::Sent;
            ConversationActions::applyKnownReceipts(store, event.pageId, event.customerPsid, *ours);
            return ConversationActions::updateMessage(context, event.pageId, *ours, Protocol::EventKind::MessageStatus);
        }
    }

    // A message the Page sent from another tool (or the Page's own inbox).
    auto conversation = ConversationActions::ensureConversation(context, event.pageId, event.customerPsid);
    if (!conversation)
        return false;
    Message message;
    message.mid = event.mid;
    message.direction = Message::Direction::Outgoing;
    message.kind = event.text.isEmpty() && !event.attachments.isEmpty() ? QStringLiteral("attachments")
                                                                        : QStringLiteral("text");
    message.text = event.text;
    message.attachments = event.attachments;
    message.timestamp = event.timestamp;
    message.status = Message::Status::Sent;
    message.source = QStringLiteral("page");
    ConversationActions::applyKnownReceipts(store, event.pageId, event.customerPsid, message);
    return ConversationActions::addMessage(context, *conversation, message)
        && applyWaiting(event.pageId, message.mid, context);
}

bool InboundApplier::applyReceipt(const InboundEvent &event, WriteContext &context)
{
    Store::Store &store = context.store();
    const bool read = event.kind == InboundEvent::Kind::Read;
    const QString kind = read ? QStringLiteral("read") : QStringLiteral("delivery");
    if (!store.recordReceipt(event.pageId, event.customerPsid, kind, event.watermark))
        return true; // the same receipt again
    auto conversation = store.conversationFor(event.pageId, event.customerPsid);
    if (!conversation)
        return true; // receipts for a thread we never saw: nothing to mark
    const Message::Status target = read ? Message::Status::Read : Message::Status::Delivered;

    QList<Message> marked = store.outgoingUpTo(conversation->id, event.watermark, target);
    for (const QString &mid : event.mids) {
        auto m = store.messageByMid(mid);
        if (m && m->conversationId == conversation->id && m->direction == Message::Direction::Outgoing
            && m->status >= Message::Status::Sent && m->status < target && m->status != Message::Status::Failed) {
            bool already = false;
            for (const Message &x : std::as_const(marked))
                already = already || x.id == m->id;
            if (!already)
                marked.append(*m);
        }
    }
    for (Message &m : marked) {
        m.status = target;
        if (!ConversationActions::updateMessage(context, event.pageId, m, Protocol::EventKind::MessageStatus))
            return false;
    }
    return true;
}

bool InboundApplier::applyReaction(const InboundEvent &event, WriteContext &context)
{
    auto target = context.store().messageByMid(event.targetMid);
    if (!target)
        return waitForTarget(event, QStringLiteral("reaction"), context);
    const Reaction reaction{event.reaction, event.emoji};
    const bool react = event.kind == InboundEvent::Kind::Reaction;
    QList<Reaction> reactions;
    for (const Reaction &r : std::as_const(target->reactions))
        if (r.reaction != event.reaction)
            reactions.append(r);
    if (react)
        reactions.append(reaction);
    if (reactions == target->reactions)
        return true; // redelivery
    target->reactions = reactions;
    return ConversationActions::updateMessage(context, event.pageId, *target, Protocol::EventKind::MessageUpdated);
}

bool InboundApplier::applyEdit(const InboundEvent &event, WriteContext &context)
{
    auto target = context.store().messageByMid(event.targetMid);
    if (!target)
        return waitForTarget(event, QStringLiteral("message_edit"), context);
    if (event.editCount <= target->editCount && target->text == event.text)
        return true; // redelivery
    if (event.editCount < target->editCount)
        return true; // an older edit arriving late
    target->text = event.text;
    target->editCount = qMax(event.editCount, target->editCount + 1);
    if (!ConversationActions::updateMessage(context, event.pageId, *target, Protocol::EventKind::MessageUpdated))
        return false;
    auto conversation = context.store().conversation(target->conversationId);
    if (conversation && conversation->lastMessageAt == target->timestamp) {
        conversation->previewText = target->text;
        return ConversationActions::saveConversation(context, *conversation, Protocol::EventKind::ConversationUpdated);
    }
    return true;
}

bool InboundApplier::waitForTarget(const InboundEvent &event, const QString &kind, WriteContext &context)
{
    if (event.targetMid.isEmpty())
        return keepRaw(event, kind, context);
    return context.store().storeWaitingEvent(event.targetMid, event.pageId, kind, event.timestamp, event.raw);
}

bool InboundApplier::applyWaiting(const QString &pageId, const QString &mid, WriteContext &context)
{
    if (mid.isEmpty())
        return true;
    const QList<QByteArray> waiting = context.store().takeWaitingEvents(mid);
    for (const QByteArray &raw : waiting) {
        // Kept as the messaging item Meta sent; wrap it back into a webhook body to parse it again.
        const QByteArray body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + pageId.toUtf8()
                              + "\",\"time\":0,\"messaging\":[" + raw + "]}]}";
        const Messenger::WebhookParser::Result parsed = Messenger::WebhookParser::parse(body);
        for (const InboundEvent &event : parsed.events)
            if (!apply(event, context))
                return false;
    }
    return true;
}

bool InboundApplier::keepRaw(const InboundEvent &event, const QString &kind, WriteContext &context)
{
    qCInfo(lcIngest) << "kept an event of kind" << kind << "raw";
    return context.store().storeRawEvent(event.pageId, kind, event.timestamp, event.raw);
}

} // namespace Relaydesk::Relay
