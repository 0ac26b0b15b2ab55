#pragma once

#include "conversation.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace Relaydesk::App {

class RelayConnection;

// The agent's commands on conversations (docs/protocol.md, "Commands"): read state,
// assignment, status, typing and presence, retrying a reply Meta refused. They need
// the relay: offline they are refused at once with a message for the agent. Their
// effects come back as events, like a colleague's would.
class AgentActions : public QObject
{
    Q_OBJECT
public:
    explicit AgentActions(RelayConnection *connection, QObject *parent = nullptr);

    bool markRead(qint64 conversationId);
    bool markUnread(qint64 conversationId);
    bool assign(qint64 conversationId, qint64 agentId); // 0: unassign
    bool setStatus(qint64 conversationId, Relaydesk::Conversation::Status status);
    // Typing and presence are hints: failures are not reported.
    bool setTyping(qint64 conversationId, bool on);
    bool setPresence(qint64 conversationId, const QString &state); // "viewing", "typing", "idle"
    // A reply the Send API refused (status failed, positive id), sent again by the relay.
    bool retryMessage(qint64 messageId);

signals:
    // What failed, ready to show: "Could not assign the conversation: …".
    void actionFailed(const QString &message);

private:
    bool send(const QString &type, const QJsonObject &fields, const QString &failureText);
    void onAnswer(const QString &id, bool ok, const QString &errorMessage);

    RelayConnection *m_connection;
    QHash<QString, QString> m_failureTexts; // command id -> what to say if it fails
};

} // namespace Relaydesk::App
