#include "noteactions.h"

#include "agenthub.h"
#include "agentsession.h"
#include "protocol.h"
#include "relaylogging.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

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
constexpr int kMaxNotesPage = 500;

} // namespace

NoteActions::NoteActions(AgentHub &hub, EventWriter &writer, QObject *parent)
    : QObject(parent), m_hub(hub), m_writer(writer)
{
}

void NoteActions::add(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    Store::Store &store = m_hub.store();
    const qint64 conversationId = frame.value(key("conversation_id")).toInteger();
    const auto conversation = conversationId > 0 ? store.conversation(conversationId) : std::nullopt;
    if (!conversation || !session.mayAccess(conversation->pageId)) {
        session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such conversation")));
        return;
    }
    const QString clientId = frame.value(key("client_id")).toString();
    const QString text = frame.value(key("text")).toString();
    if (clientId.isEmpty() || clientId.size() > kMaxClientIdLength) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                  QStringLiteral("client_id is required (at most %1 characters)").arg(kMaxClientIdLength)));
        return;
    }
    if (text.trimmed().isEmpty()) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("the note is empty")));
        return;
    }
    if (text.size() > Note::MaxTextLength) {
        session.sendFrame(refusal(requestId, P::ErrorCode::TextTooLong,
                                  QStringLiteral("the note is %1 characters; at most %2")
                                      .arg(text.size()).arg(Note::MaxTextLength)));
        return;
    }
    QList<qint64> mentions;
    const QJsonValue mentionsValue = frame.value(key("mentions"));
    if (!mentionsValue.isUndefined() && !mentionsValue.isArray()) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("mentions must be a list of agent ids")));
        return;
    }
    const QJsonArray mentionArray = mentionsValue.toArray();
    if (mentionArray.size() > Note::MaxMentions) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                  QStringLiteral("at most %1 mentions in a note").arg(Note::MaxMentions)));
        return;
    }
    for (const QJsonValue &v : mentionArray) {
        const qint64 id = v.toInteger();
        const auto agent = id > 0 ? store.agent(id) : std::nullopt;
        // Who may not see the Page cannot be told about the conversation.
        if (!agent || agent->isRevoked() || !agent->mayAccess(conversation->pageId)) {
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                      QStringLiteral("agent %1 cannot see this conversation").arg(id)));
            return;
        }
        if (!mentions.contains(id))
            mentions.append(id);
    }
    // Idempotent: the same client id again (a retry after a lost ack) answers with the note made.
    if (const auto existing = store.noteByClientId(clientId)) {
        if (existing->conversationId != conversation->id)
            session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, QStringLiteral("client_id already used")));
        else
            session.sendFrame(ack(requestId, {{key("note"), existing->toJson()}}));
        return;
    }

    const qint64 agentId = session.agent().id;
    const QString pageId = conversation->pageId;
    auto made = std::make_shared<Note>();
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [conversationId, pageId, clientId, text, mentions, agentId, made](WriteContext &context) {
            if (const auto existing = context.store().noteByClientId(clientId)) {
                *made = *existing; // the same command raced itself within one batch
                return true;
            }
            Note n;
            n.conversationId = conversationId;
            n.agentId = agentId;
            n.text = text;
            n.clientId = clientId;
            n.createdAt = context.now();
            n.mentions = mentions;
            if (!context.store().addNote(&n)
                || !context.append(Event::forNote(QString(P::EventKind::NoteCreated), pageId, n)))
                return false;
            *made = n;
            return true;
        },
        [this, target, requestId, made](bool ok, const QList<Event> &) {
            if (!target)
                return;
            if (ok) {
                qCInfo(lcAgents) << "note" << made->id << "in conversation" << made->conversationId << "by agent"
                                 << made->agentId << "mentioning" << made->mentions;
                target->sendFrame(ack(requestId, {{key("note"), made->toJson()}}));
                return;
            }
            const bool away = m_hub.store().isUnreachable();
            target->sendFrame(refusal(requestId, away ? P::ErrorCode::Unavailable : P::ErrorCode::Internal,
                                      away ? QStringLiteral("the relay's database cannot be reached just now; the "
                                                            "note was not stored, try again shortly")
                                           : QStringLiteral("could not store the note")));
        },
        agentId);
}

void NoteActions::list(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    const qint64 conversationId = frame.value(key("conversation_id")).toInteger();
    const auto conversation = conversationId > 0 ? m_hub.store().conversation(conversationId) : std::nullopt;
    if (!conversation || !session.mayAccess(conversation->pageId)) {
        session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such conversation")));
        return;
    }
    QJsonArray array;
    const QList<Note> notes = m_hub.store().notes(conversationId, kMaxNotesPage);
    for (const Note &n : notes)
        array.append(n.toJson());
    session.sendFrame(ack(requestId, {{key("conversation_id"), conversationId}, {key("notes"), array}}));
}

} // namespace Relaydesk::Relay
