#pragma once

#include "inboundevent.h"
#include "writecontext.h"

namespace Relaydesk::Relay {

// Applies one Messenger webhook event to the store and appends the resulting
// events to the log: new messages (deduplicated by mid), echoes (matched to our
// own replies by metadata, so they never create a second message), receipts
// (deduplicated by customer + watermark), reactions, edits. Unknown kinds are
// kept raw. Returns false only when the store failed.
class InboundApplier
{
public:
    static QString metadataForClientId(const QString &clientId);

    bool apply(const Messenger::InboundEvent &event, WriteContext &context);

private:
    bool applyMessage(const Messenger::InboundEvent &event, WriteContext &context);
    bool applyEcho(const Messenger::InboundEvent &event, WriteContext &context);
    bool applyReceipt(const Messenger::InboundEvent &event, WriteContext &context);
    bool applyReaction(const Messenger::InboundEvent &event, WriteContext &context);
    bool applyEdit(const Messenger::InboundEvent &event, WriteContext &context);
    bool keepRaw(const Messenger::InboundEvent &event, const QString &kind, WriteContext &context);
    // Reactions and edits that came before their message: kept until it arrives, then applied.
    bool waitForTarget(const Messenger::InboundEvent &event, const QString &kind, WriteContext &context);
    bool applyWaiting(const QString &pageId, const QString &mid, WriteContext &context);
};

} // namespace Relaydesk::Relay
