#include "sendservice.h"

#include "conversationactions.h"
#include "inboundapplier.h"
#include "protocol.h"
#include "relaylogging.h"
#include "replywindow.h"
#include "uploadstore.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

namespace Relaydesk::Relay {

SendService::SendService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph, const Clock &clock,
                         Metrics &metrics, const RelayConfig &config, UploadStore &uploads, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_graph(graph), m_clock(clock), m_metrics(metrics),
      m_config(config), m_uploads(uploads)
{
}

void SendService::enqueue(qint64 messageId)
{
    if (m_inFlight.contains(messageId))
        return;
    // One relay of a cluster sends a reply: whoever holds its lease. A relay that dies
    // stops renewing it, and claimAbandoned() on another relay takes the send over.
    const qint64 now = m_clock.nowMs();
    if (!m_store.takeLease(QString::fromLatin1(kLeaseKind), QString::number(messageId), m_config.instanceId, now,
                           now + m_config.leaseMs))
        return;
    m_inFlight.insert(messageId);
    attempt(messageId, 1);
}

void SendService::claimAbandoned()
{
    const QList<qint64> ids = m_store.unclaimedPendingOutgoing(m_clock.nowMs(), 200);
    int claimed = 0;
    for (qint64 id : ids) {
        if (m_inFlight.contains(id))
            continue;
        enqueue(id);
        claimed += m_inFlight.contains(id) ? 1 : 0;
    }
    if (claimed > 0)
        qCInfo(lcSend) << "sending" << claimed << "replies left pending by a stopped relay";
}

void SendService::finish(qint64 messageId)
{
    m_inFlight.remove(messageId);
    m_store.releaseLease(QString::fromLatin1(kLeaseKind), QString::number(messageId), m_config.instanceId);
}

void SendService::record(qint64 messageId, EventWriter::Unit unit)
{
    // Meta has answered: until the outcome is committed the lease stays ours (a
    // relay taking over would send the reply a second time), and the write is tried
    // again while the database is away.
    QPointer<SendService> self(this);
    m_writer.submit(unit, [self, messageId, unit](bool ok, const QList<Event> &) {
        if (!self)
            return;
        if (ok) {
            self->finish(messageId);
            return;
        }
        qCWarning(lcSend) << "could not record the outcome of message" << messageId << "; trying again";
        QTimer::singleShot(1000, self, [self, messageId, unit] { self->record(messageId, unit); });
    });
}

void SendService::attempt(qint64 messageId, int attemptNumber)
{
    const auto message = m_store.message(messageId);
    if (!message || message->status != Message::Status::Pending) {
        finish(messageId); // already sent (an echo may have told us) or gone
        return;
    }
    const auto conversation = m_store.conversation(message->conversationId);
    const auto page = conversation ? m_store.page(conversation->pageId) : std::nullopt;
    if (!conversation || !page || page->accessToken.isEmpty()) {
        Messenger::GraphError error;
        error.message = QStringLiteral("the relay has no access token for this Page");
        fail(messageId, error);
        return;
    }
    QString messagingType = QStringLiteral("RESPONSE");
    QString tag;
    switch (ReplyWindow::state(conversation->lastCustomerMessageAt, m_clock.nowMs())) {
    case ReplyWindow::State::Standard:
        break;
    case ReplyWindow::State::HumanAgent:
        messagingType = QStringLiteral("MESSAGE_TAG");
        tag = QStringLiteral("HUMAN_AGENT");
        break;
    case ReplyWindow::State::Closed: {
        Messenger::GraphError error;
        error.code = 10;
        error.subcode = 2018278;
        error.message = QStringLiteral("More than 7 days since the customer's last message: "
                                       "the Page cannot write until the customer writes again");
        fail(messageId, error);
        return;
    }
    }

    QPointer<SendService> self(this);
    auto onResult = [self, messageId, attemptNumber](const Messenger::SendResult &result) {
        if (!self)
            return;
        if (result.ok) {
            self->succeed(messageId, result);
            return;
        }
        if (result.error.isRetryable() && attemptNumber < self->m_config.sendMaxAttempts) {
            // Exponential backoff with jitter, so many failed replies do not retry in lockstep.
            const qint64 base = qint64(self->m_config.sendRetryInitialMs) << (attemptNumber - 1);
            const qint64 delay = base + QRandomGenerator::global()->bounded(qMax<qint64>(1, base / 4));
            qCInfo(lcSend) << "send of message" << messageId << "failed (code" << result.error.code << "http"
                           << result.error.httpStatus << "); retry" << attemptNumber << "in" << delay << "ms";
            self->m_metrics.sendRetried();
            QTimer::singleShot(int(qMin<qint64>(delay, 600'000)), self,
                               [self, messageId, attemptNumber] { self->attempt(messageId, attemptNumber + 1); });
            return;
        }
        self->fail(messageId, result.error);
    };
    const QString metadata = InboundApplier::metadataForClientId(message->clientId);
    const QString uploadId = message->attachments.isEmpty() ? QString()
                                                            : UploadStore::idFromUrl(message->attachments.first().url);
    if (uploadId.isEmpty()) {
        m_graph.sendText(conversation->pageId, page->accessToken, conversation->customer.psid, message->text,
                         messagingType, tag, metadata, onResult);
        return;
    }
    // On a cluster the file is read from the database a chunk per turn of the event loop.
    m_uploads.loadLater(uploadId, [self, messageId, pageId = conversation->pageId, token = page->accessToken,
                                   psid = conversation->customer.psid, messagingType, tag, metadata,
                                   onResult](std::optional<UploadStore::Upload> upload) {
        if (!self)
            return;
        if (!upload) {
            Messenger::GraphError error;
            error.message = QStringLiteral("the uploaded file is no longer on the relay; attach it again");
            self->fail(messageId, error);
            return;
        }
        self->m_graph.sendAttachment(pageId, token, psid, UploadStore::attachmentType(upload->mimeType), upload->data,
                                     upload->name, upload->mimeType, messagingType, tag, metadata, onResult);
    });
}

void SendService::succeed(qint64 messageId, const Messenger::SendResult &result)
{
    m_metrics.sendSucceeded();
    if (const auto message = m_store.message(messageId); message && !message->attachments.isEmpty()) {
        const QString uploadId = UploadStore::idFromUrl(message->attachments.first().url);
        if (!uploadId.isEmpty())
            m_uploads.remove(uploadId); // Meta has it now; the echo brings its URL
    }
    record(messageId, [messageId, result](WriteContext &context) {
        auto message = context.store().message(messageId);
        if (!message)
            return true;
        auto conversation = context.store().conversation(message->conversationId);
        if (message->mid.isEmpty())
            message->mid = result.messageId;
        if (message->status != Message::Status::Pending && message->status != Message::Status::Failed
            && message->mid == result.messageId)
            return true; // the echo got here first: already sent (or further)
        message->status = Message::Status::Sent;
        if (conversation)
            ConversationActions::applyKnownReceipts(context.store(), conversation->pageId,
                                                    conversation->customer.psid, *message);
        message->errorCode = 0;
        message->errorSubcode = 0;
        message->errorMessage.clear();
        return ConversationActions::updateMessage(context, conversation ? conversation->pageId : QString(), *message,
                                                  Protocol::EventKind::MessageStatus);
    });
}

void SendService::fail(qint64 messageId, const Messenger::GraphError &error)
{
    m_metrics.sendFailed();
    qCWarning(lcSend) << "reply" << messageId << "failed: code" << error.code << "subcode" << error.subcode
                      << error.message;
    record(messageId, [messageId, error](WriteContext &context) {
        auto message = context.store().message(messageId);
        if (!message || message->status != Message::Status::Pending)
            return true;
        auto conversation = context.store().conversation(message->conversationId);
        message->status = Message::Status::Failed;
        message->errorCode = error.code;
        message->errorSubcode = error.subcode;
        message->errorMessage = error.message;
        return ConversationActions::updateMessage(context, conversation ? conversation->pageId : QString(), *message,
                                                  Protocol::EventKind::MessageStatus);
    });
}

void SendService::senderAction(qint64 conversationId, const QString &action)
{
    const auto conversation = m_store.conversation(conversationId);
    const auto page = conversation ? m_store.page(conversation->pageId) : std::nullopt;
    if (!conversation || !page || page->accessToken.isEmpty())
        return;
    m_graph.sendAction(conversation->pageId, page->accessToken, conversation->customer.psid, action,
                       [action](const Messenger::SendResult &result) {
        if (!result.ok)
            qCInfo(lcSend) << "sender action" << action << "failed: code" << result.error.code;
    });
}

} // namespace Relaydesk::Relay
