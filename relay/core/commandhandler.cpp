#include "commandhandler.h"

#include "agenthub.h"
#include "agentsession.h"
#include "conversationactions.h"
#include "protocol.h"
#include "relaylogging.h"
#include "replywindow.h"
#include "sendservice.h"
#include "uploadstore.h"

#include <QJsonArray>
#include <QPointer>

namespace Relaydesk::Relay {

namespace P = Protocol;

namespace {

QString key(const char *k) { return QString::fromLatin1(k); }

QJsonObject ack(const QJsonValue &id, const QJsonObject &result = {})
{
    return {{key("type"), QString(P::RelayFrame::Ack)}, {key("id"), id}, {key("result"), result}};
}

QJsonObject refusal(const QJsonValue &id, QLatin1StringView code, const QString &message)
{
    return {{key("type"), QString(P::RelayFrame::Error)}, {key("id"), id}, {key("code"), QString(code)},
            {key("message"), message}};
}

constexpr int kMaxClientIdLength = 64;
constexpr int kMaxHistoryPage = 200;
constexpr int kMaxSnapshotPage = 500;

} // namespace

CommandHandler::CommandHandler(AgentHub &hub, EventWriter &writer, SendService &sender, UploadStore &uploads,
                               const Clock &clock, QObject *parent)
    : QObject(parent), m_hub(hub), m_writer(writer), m_sender(sender), m_uploads(uploads), m_clock(clock)
    , m_canned(hub, writer)
    , m_notes(hub, writer)
{
}

void CommandHandler::handle(AgentSession &session, const QJsonObject &frame)
{
    const QString type = frame.value(key("type")).toString();
    if (m_hub.store().isUnreachable() && type != P::ClientFrame::Typing && type != P::ClientFrame::Presence) {
        // Said plainly rather than as "not found" from a read that failed.
        session.sendFrame(refusal(frame.value(key("id")), P::ErrorCode::Unavailable,
                                  QStringLiteral("the relay's database cannot be reached just now; nothing was "
                                                 "stored, try again shortly")));
        return;
    }
    if (type == P::ClientFrame::SendMessage)
        sendMessage(session, frame);
    else if (type == P::ClientFrame::RetryMessage)
        retryMessage(session, frame);
    else if (type == P::ClientFrame::MarkRead || type == P::ClientFrame::MarkUnread
             || type == P::ClientFrame::Assign || type == P::ClientFrame::SetStatus)
        changeConversation(session, frame, type);
    else if (type == P::ClientFrame::Typing)
        typing(session, frame, false);
    else if (type == P::ClientFrame::Presence)
        typing(session, frame, true);
    else if (type == P::ClientFrame::History)
        history(session, frame);
    else if (type == P::ClientFrame::Snapshot)
        snapshot(session, frame);
    else if (type == P::ClientFrame::SaveCannedResponse)
        m_canned.save(session, frame);
    else if (type == P::ClientFrame::DeleteCannedResponse)
        m_canned.remove(session, frame);
    else if (type == P::ClientFrame::CannedResponses)
        m_canned.list(session, frame);
    else if (type == P::ClientFrame::AddNote)
        m_notes.add(session, frame);
    else if (type == P::ClientFrame::Notes)
        m_notes.list(session, frame);
    else
        session.sendFrame(refusal(frame.value(key("id")), P::ErrorCode::UnknownCommand,
                                  QStringLiteral("unknown command \"%1\"").arg(type.left(64))));
}

std::optional<Conversation> CommandHandler::accessibleConversation(AgentSession &session, const QJsonObject &frame)
{
    const qint64 id = frame.value(key("conversation_id")).toInteger();
    auto conversation = id > 0 ? m_hub.store().conversation(id) : std::nullopt;
    // Same answer for "missing" and "not yours": do not reveal other pages' conversations.
    if (!conversation || !session.mayAccess(conversation->pageId)) {
        session.sendFrame(refusal(frame.value(key("id")), P::ErrorCode::NotFound, QStringLiteral("no such conversation")));
        return std::nullopt;
    }
    return conversation;
}

void CommandHandler::sendMessage(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    const auto conversation = accessibleConversation(session, frame);
    if (!conversation)
        return;
    const QString clientId = frame.value(key("client_id")).toString();
    const QString text = frame.value(key("text")).toString();
    if (clientId.isEmpty() || clientId.size() > kMaxClientIdLength) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                  QStringLiteral("client_id is required (at most %1 characters)").arg(kMaxClientIdLength)));
        return;
    }
    // An attachment goes as its own message (the Send API takes text or an attachment, not both).
    const QString uploadId = frame.value(key("attachment")).toObject().value(key("upload_id")).toString();
    Attachment attachment;
    if (!uploadId.isEmpty()) {
        const auto upload = m_uploads.find(uploadId); // who and what, not the bytes
        if (!upload || upload->agentId != session.agent().id) {
            session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such upload")));
            return;
        }
        if (!text.isEmpty()) {
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                      QStringLiteral("send text and an attachment as separate messages")));
            return;
        }
        attachment = {UploadStore::attachmentType(upload->mimeType), UploadStore::urlFor(uploadId), {}, {}, upload->name};
    } else if (text.trimmed().isEmpty()) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("text is empty")));
        return;
    }
    if (text.size() > P::MaxTextLength) {
        session.sendFrame(refusal(requestId, P::ErrorCode::TextTooLong,
                                  QStringLiteral("text is %1 characters; Messenger allows %2").arg(text.size()).arg(P::MaxTextLength)));
        return;
    }
    // Idempotent: the same client id again (a retry after a lost ack) returns the message already made.
    if (auto existing = m_hub.store().messageByClientId(clientId)) {
        if (existing->conversationId != conversation->id) {
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("client_id already used")));
            return;
        }
        session.sendFrame(ack(requestId, {{key("message"), existing->toJson()}}));
        return;
    }
    if (ReplyWindow::state(conversation->lastCustomerMessageAt, m_clock.nowMs()) == ReplyWindow::State::Closed) {
        session.sendFrame(refusal(requestId, P::ErrorCode::WindowClosed,
                                  QStringLiteral("more than 7 days since the customer's last message: "
                                                 "the Page cannot write until the customer writes again")));
        return;
    }
    const qint64 agentId = session.agent().id;
    const qint64 conversationId = conversation->id;
    auto created = std::make_shared<Message>();
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [conversationId, clientId, text, attachment, agentId, created](WriteContext &context) {
            auto c = context.store().conversation(conversationId);
            if (!c)
                return false;
            if (auto existing = context.store().messageByClientId(clientId)) {
                *created = *existing; // the same command raced itself within one batch
                return true;
            }
            Message m;
            m.direction = Message::Direction::Outgoing;
            m.text = text;
            if (!attachment.url.isEmpty()) {
                m.attachments = {attachment};
                m.kind = QStringLiteral("attachments");
            }
            m.timestamp = context.now();
            m.status = Message::Status::Pending;
            m.clientId = clientId;
            m.agentId = agentId;
            m.source = QStringLiteral("relaydesk");
            if (!ConversationActions::addMessage(context, *c, m))
                return false;
            *created = m;
            return true;
        },
        [this, target, requestId, created](bool ok, const QList<Event> &) {
            if (ok && created->id != 0)
                m_sender.enqueue(created->id);
            if (!target)
                return;
            target->sendFrame(ok ? ack(requestId, {{key("message"), created->toJson()}})
                                 : m_hub.store().isUnreachable()
                                     ? refusal(requestId, P::ErrorCode::Unavailable,
                                               QStringLiteral("the relay's database cannot be reached just now; "
                                                              "the reply was not stored, try again shortly"))
                                     : refusal(requestId, P::ErrorCode::Internal, QStringLiteral("could not store the reply")));
        },
        agentId);
}

void CommandHandler::retryMessage(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    const auto message = m_hub.store().message(frame.value(key("message_id")).toInteger());
    const auto conversation = message ? m_hub.store().conversation(message->conversationId) : std::nullopt;
    if (!message || !conversation || !session.mayAccess(conversation->pageId)) {
        session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such message")));
        return;
    }
    if (message->status != Message::Status::Failed) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("only a failed reply can be retried")));
        return;
    }
    const qint64 messageId = message->id;
    const QString pageId = conversation->pageId;
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [messageId, pageId](WriteContext &context) {
            auto m = context.store().message(messageId);
            if (!m || m->status != Message::Status::Failed)
                return true;
            m->status = Message::Status::Pending;
            m->errorCode = 0;
            m->errorSubcode = 0;
            m->errorMessage.clear();
            return ConversationActions::updateMessage(context, pageId, *m, P::EventKind::MessageStatus);
        },
        [this, target, requestId, messageId](bool ok, const QList<Event> &) {
            if (ok)
                m_sender.enqueue(messageId);
            if (target)
                target->sendFrame(ok ? ack(requestId) : refusal(requestId, P::ErrorCode::Internal, QStringLiteral("store failed")));
        },
        session.agent().id);
}

void CommandHandler::changeConversation(AgentSession &session, const QJsonObject &frame, const QString &type)
{
    const QJsonValue requestId = frame.value(key("id"));
    const auto conversation = accessibleConversation(session, frame);
    if (!conversation)
        return;
    Conversation::Status status = conversation->status;
    qint64 assignee = conversation->assigneeId;
    QLatin1StringView kind = P::EventKind::ConversationUpdated;
    if (type == P::ClientFrame::SetStatus) {
        if (!Conversation::statusFromName(frame.value(key("status")).toString(), &status)) {
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                      QStringLiteral("status must be open, pending or resolved")));
            return;
        }
        kind = P::EventKind::ConversationStatus;
    } else if (type == P::ClientFrame::Assign) {
        assignee = frame.value(key("agent_id")).toInteger(); // 0 or absent: unassign
        if (assignee != 0) {
            const auto agent = m_hub.store().agent(assignee);
            if (!agent || agent->isRevoked() || !agent->mayAccess(conversation->pageId)) {
                session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                          QStringLiteral("that agent cannot take this conversation")));
                return;
            }
        }
        kind = P::EventKind::ConversationAssigned;
    } else {
        kind = P::EventKind::ConversationRead;
    }
    const bool markRead = type == P::ClientFrame::MarkRead;
    const bool markUnread = type == P::ClientFrame::MarkUnread;
    const qint64 conversationId = conversation->id;
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [conversationId, status, assignee, kind, markRead, markUnread, type](WriteContext &context) {
            auto c = context.store().conversation(conversationId);
            if (!c)
                return false;
            if (markRead)
                c->unreadCount = 0;
            else if (markUnread)
                c->unreadCount = qMax(1, c->unreadCount);
            else if (type == P::ClientFrame::SetStatus)
                c->status = status;
            else
                c->assigneeId = assignee;
            return ConversationActions::saveConversation(context, *c, kind);
        },
        [target, requestId](bool ok, const QList<Event> &) {
            if (target)
                target->sendFrame(ok ? ack(requestId) : refusal(requestId, P::ErrorCode::Internal, QStringLiteral("store failed")));
        },
        session.agent().id);
    if (markRead)
        m_sender.senderAction(conversationId, QStringLiteral("mark_seen"));
}

void CommandHandler::typing(AgentSession &session, const QJsonObject &frame, bool presenceOnly)
{
    const QJsonValue requestId = frame.value(key("id"));
    const auto conversation = accessibleConversation(session, frame);
    if (!conversation)
        return;
    QString state;
    if (presenceOnly) {
        state = frame.value(key("state")).toString();
        if (state != QLatin1String("viewing") && state != QLatin1String("typing") && state != QLatin1String("idle")) {
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("state must be viewing, typing or idle")));
            return;
        }
    } else {
        const bool on = frame.value(key("on")).toBool();
        state = on ? QStringLiteral("typing") : QStringLiteral("viewing");
        m_sender.senderAction(conversation->id, on ? QStringLiteral("typing_on") : QStringLiteral("typing_off"));
    }
    m_hub.broadcast({{key("type"), QString(P::RelayFrame::Presence)},
                     {key("conversation_id"), conversation->id},
                     {key("agent_id"), session.agent().id},
                     {key("agent_name"), session.agent().name},
                     {key("state"), state}},
                    conversation->pageId, &session);
    session.sendFrame(ack(requestId));
}

void CommandHandler::history(AgentSession &session, const QJsonObject &frame)
{
    const auto conversation = accessibleConversation(session, frame);
    if (!conversation)
        return;
    const int limit = qBound(1, frame.value(key("limit")).toInt(50), kMaxHistoryPage);
    const QList<Message> messages = m_hub.store().messagesBefore(
        conversation->id, frame.value(key("before_timestamp")).toInteger(), frame.value(key("before_id")).toInteger(),
        limit + 1);
    QJsonArray array;
    for (qsizetype i = 0; i < qMin<qsizetype>(messages.size(), limit); ++i)
        array.append(messages[i].toJson());
    session.sendFrame(ack(frame.value(key("id")), {{key("conversation_id"), conversation->id},
                                                   {key("messages"), array},
                                                   {key("has_more"), messages.size() > limit}}));
}

void CommandHandler::snapshot(AgentSession &session, const QJsonObject &frame)
{
    const int limit = qBound(1, frame.value(key("limit")).toInt(200), kMaxSnapshotPage);
    QStringList pages = session.agent().pages;
    const bool allPages = pages.contains(QStringLiteral("*"));
    if (allPages)
        pages.clear(); // the store reads an empty list as "every page"
    const qint64 head = m_hub.store().lastSeq();
    const QList<Conversation> conversations = !allPages && pages.isEmpty()
        ? QList<Conversation>()
        : m_hub.store().conversations(pages, frame.value(key("before_last_message_at")).toInteger(),
                                      frame.value(key("before_id")).toInteger(), limit + 1);
    QJsonArray array;
    for (qsizetype i = 0; i < qMin<qsizetype>(conversations.size(), limit); ++i)
        array.append(conversations[i].toJson());
    session.sendFrame(ack(frame.value(key("id")), {{key("conversations"), array},
                                                   {key("has_more"), conversations.size() > limit},
                                                   {key("head"), head}}));
}

} // namespace Relaydesk::Relay
