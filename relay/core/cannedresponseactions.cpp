#include "cannedresponseactions.h"

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

// What a write unit found; the answer is chosen after the commit.
struct Outcome
{
    enum class Kind { Done, NotFound, Taken, Full } kind = Kind::Done;
    CannedResponse response;
};

QString takenMessage(const QString &shortcode)
{
    return QStringLiteral("the shortcode /%1 is already used by another canned response").arg(shortcode);
}

QString fullMessage()
{
    return QStringLiteral("the team already keeps %1 canned responses, the most it may").arg(CannedResponse::MaxCount);
}

} // namespace

CannedResponseActions::CannedResponseActions(AgentHub &hub, EventWriter &writer, QObject *parent)
    : QObject(parent), m_hub(hub), m_writer(writer)
{
}

void CannedResponseActions::save(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    const qint64 id = frame.value(key("canned_response_id")).toInteger();
    const QString clientId = frame.value(key("client_id")).toString();
    const QString shortcode = CannedResponse::normalizedShortcode(frame.value(key("shortcode")).toString());
    const QString title = frame.value(key("title")).toString().trimmed();
    const QString text = frame.value(key("text")).toString();
    Store::Store &store = m_hub.store();

    if (id < 0 || (id == 0 && (clientId.isEmpty() || clientId.size() > kMaxClientIdLength))) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest,
                                  QStringLiteral("a new canned response needs a client_id (at most %1 characters)")
                                      .arg(kMaxClientIdLength)));
        return;
    }
    bool tooLong = false;
    const QString invalid = CannedResponse::validationError(shortcode, title, text, &tooLong);
    if (!invalid.isEmpty()) {
        session.sendFrame(refusal(requestId, tooLong ? P::ErrorCode::TextTooLong : P::ErrorCode::BadRequest, invalid));
        return;
    }
    if (id == 0) {
        // Idempotent: the same client id again (a retry after a lost ack) answers with what was made.
        if (const auto made = store.cannedResponseByClientId(clientId)) {
            session.sendFrame(ack(requestId, {{key("canned_response"), made->toJson()}}));
            return;
        }
    } else if (!store.cannedResponse(id)) {
        session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such canned response")));
        return;
    }
    if (const auto holder = store.cannedResponseByShortcode(shortcode); holder && holder->id != id) {
        session.sendFrame(refusal(requestId, P::ErrorCode::Conflict, takenMessage(shortcode)));
        return;
    }
    if (id == 0 && store.cannedResponseCount() >= CannedResponse::MaxCount) {
        session.sendFrame(refusal(requestId, P::ErrorCode::BadRequest, fullMessage()));
        return;
    }

    const qint64 agentId = session.agent().id;
    auto outcome = std::make_shared<Outcome>();
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [id, clientId, shortcode, title, text, agentId, outcome](WriteContext &context) {
            Store::Store &s = context.store();
            // Checked again inside the write: the log's order decides between two agents.
            CannedResponse r;
            if (id == 0) {
                if (const auto made = s.cannedResponseByClientId(clientId)) {
                    outcome->response = *made;
                    return true;
                }
                if (s.cannedResponseCount() >= CannedResponse::MaxCount) {
                    outcome->kind = Outcome::Kind::Full;
                    return true;
                }
                r.createdBy = agentId;
                r.createdAt = context.now();
            } else if (const auto existing = s.cannedResponse(id)) {
                r = *existing;
            } else {
                outcome->kind = Outcome::Kind::NotFound; // deleted meanwhile: a delete wins
                return true;
            }
            if (const auto holder = s.cannedResponseByShortcode(shortcode); holder && holder->id != id) {
                outcome->kind = Outcome::Kind::Taken;
                return true;
            }
            r.shortcode = shortcode;
            r.title = title;
            r.text = text;
            r.updatedBy = agentId;
            r.updatedAt = context.now();
            if (!s.saveCannedResponse(&r, id == 0 ? clientId : QString())
                || !context.append(Event::forCannedResponse(QString(P::EventKind::CannedResponseSaved), r)))
                return false;
            outcome->response = r;
            return true;
        },
        [this, target, requestId, outcome, shortcode](bool ok, const QList<Event> &) {
            if (!target)
                return;
            if (!ok) {
                const bool away = m_hub.store().isUnreachable();
                target->sendFrame(refusal(requestId, away ? P::ErrorCode::Unavailable : P::ErrorCode::Internal,
                                          away ? QStringLiteral("the relay's database cannot be reached just now; "
                                                                "nothing was stored, try again shortly")
                                               : QStringLiteral("could not store the canned response")));
                return;
            }
            switch (outcome->kind) {
            case Outcome::Kind::Done:
                qCInfo(lcCanned) << "canned response" << outcome->response.id << "saved by agent" << target->agent().id;
                target->sendFrame(ack(requestId, {{key("canned_response"), outcome->response.toJson()}}));
                return;
            case Outcome::Kind::NotFound:
                target->sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such canned response")));
                return;
            case Outcome::Kind::Taken:
                target->sendFrame(refusal(requestId, P::ErrorCode::Conflict, takenMessage(shortcode)));
                return;
            case Outcome::Kind::Full:
                target->sendFrame(refusal(requestId, P::ErrorCode::BadRequest, fullMessage()));
                return;
            }
        },
        agentId);
}

void CannedResponseActions::remove(AgentSession &session, const QJsonObject &frame)
{
    const QJsonValue requestId = frame.value(key("id"));
    const qint64 id = frame.value(key("canned_response_id")).toInteger();
    if (id <= 0 || !m_hub.store().cannedResponse(id)) {
        session.sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such canned response")));
        return;
    }
    const qint64 agentId = session.agent().id;
    auto found = std::make_shared<bool>(false);
    QPointer<AgentSession> target(&session);
    m_writer.submit(
        [id, agentId, found](WriteContext &context) {
            auto r = context.store().cannedResponse(id);
            if (!r)
                return true; // deleted meanwhile by someone else
            *found = true;
            // The event carries the last state, stamped with who deleted it and when.
            r->updatedBy = agentId;
            r->updatedAt = context.now();
            return context.store().removeCannedResponse(id)
                && context.append(Event::forCannedResponse(QString(P::EventKind::CannedResponseDeleted), *r));
        },
        [this, target, requestId, found, id](bool ok, const QList<Event> &) {
            if (!target)
                return;
            if (!ok)
                target->sendFrame(refusal(requestId,
                                          m_hub.store().isUnreachable() ? P::ErrorCode::Unavailable : P::ErrorCode::Internal,
                                          QStringLiteral("could not delete the canned response")));
            else if (!*found)
                target->sendFrame(refusal(requestId, P::ErrorCode::NotFound, QStringLiteral("no such canned response")));
            else {
                qCInfo(lcCanned) << "canned response" << id << "deleted by agent" << target->agent().id;
                target->sendFrame(ack(requestId));
            }
        },
        agentId);
}

void CannedResponseActions::list(AgentSession &session, const QJsonObject &frame)
{
    // head first: an event committed after it is also sent live, and applying it again is harmless.
    const qint64 head = m_hub.store().lastSeq();
    QJsonArray array;
    const QList<CannedResponse> all = m_hub.store().cannedResponses();
    for (const CannedResponse &r : all)
        array.append(r.toJson());
    session.sendFrame(ack(frame.value(key("id")), {{key("canned_responses"), array}, {key("head"), head}}));
}

} // namespace Relaydesk::Relay
