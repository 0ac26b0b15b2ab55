#include "agentactions.h"

#include "appcorelogging.h"
#include "protocol.h"
#include "relayconnection.h"

#include <QJsonObject>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {

QString conversationKey()
{
    return QStringLiteral("conversation_id");
}

} // namespace

AgentActions::AgentActions(RelayConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    connect(m_connection, &RelayConnection::commandAnswered, this,
            [this](const QString &id, bool ok, const QJsonObject &, const QString &, const QString &message) {
                onAnswer(id, ok, message);
            });
}

bool AgentActions::markRead(qint64 conversationId)
{
    return send(QString(P::ClientFrame::MarkRead), {{conversationKey(), conversationId}},
                tr("Could not mark the conversation read"));
}

bool AgentActions::markUnread(qint64 conversationId)
{
    return send(QString(P::ClientFrame::MarkUnread), {{conversationKey(), conversationId}},
                tr("Could not mark the conversation unread"));
}

bool AgentActions::assign(qint64 conversationId, qint64 agentId)
{
    return send(QString(P::ClientFrame::Assign), {{conversationKey(), conversationId}, {QStringLiteral("agent_id"), agentId}},
                agentId ? tr("Could not assign the conversation") : tr("Could not unassign the conversation"));
}

bool AgentActions::setStatus(qint64 conversationId, Conversation::Status status)
{
    return send(QString(P::ClientFrame::SetStatus),
                {{conversationKey(), conversationId}, {QStringLiteral("status"), Conversation::statusName(status)}},
                tr("Could not change the conversation's status"));
}

bool AgentActions::setTyping(qint64 conversationId, bool on)
{
    return send(QString(P::ClientFrame::Typing), {{conversationKey(), conversationId}, {QStringLiteral("on"), on}}, {});
}

bool AgentActions::setPresence(qint64 conversationId, const QString &state)
{
    return send(QString(P::ClientFrame::Presence), {{conversationKey(), conversationId}, {QStringLiteral("state"), state}}, {});
}

bool AgentActions::retryMessage(qint64 messageId)
{
    return send(QString(P::ClientFrame::RetryMessage), {{QStringLiteral("message_id"), messageId}},
                tr("Could not send the reply again"));
}

bool AgentActions::send(const QString &type, const QJsonObject &fields, const QString &failureText)
{
    const QString id = m_connection->sendCommand(type, fields);
    if (id.isEmpty()) {
        if (!failureText.isEmpty())
            emit actionFailed(tr("%1: not connected to the relay.").arg(failureText));
        return false;
    }
    if (!failureText.isEmpty())
        m_failureTexts.insert(id, failureText);
    return true;
}

void AgentActions::onAnswer(const QString &id, bool ok, const QString &errorMessage)
{
    const auto it = m_failureTexts.constFind(id);
    if (it == m_failureTexts.cend())
        return; // another component's command, or a hint whose failure does not matter
    const QString text = it.value();
    m_failureTexts.erase(it);
    if (!ok) {
        qCInfo(lcSession).noquote() << text << errorMessage;
        emit actionFailed(tr("%1: %2").arg(text, errorMessage));
    }
}

} // namespace Relaydesk::App
