#pragma once

#include "cannedresponseactions.h"
#include "clock.h"
#include "eventwriter.h"
#include "noteactions.h"

#include <QJsonObject>
#include <QObject>

namespace Relaydesk::Relay {

class AgentHub;
class AgentSession;
class SendService;
class UploadStore;

// Agents' commands. Each is answered with an "ack" (carrying its result) or an
// "error" frame with a code and a reason; changes go through the event log, so
// every agent allowed on the page sees them.
class CommandHandler : public QObject
{
    Q_OBJECT
public:
    CommandHandler(AgentHub &hub, EventWriter &writer, SendService &sender, UploadStore &uploads,
                   const Clock &clock, QObject *parent = nullptr);

    void handle(AgentSession &session, const QJsonObject &frame);

private:
    void sendMessage(AgentSession &session, const QJsonObject &frame);
    void retryMessage(AgentSession &session, const QJsonObject &frame);
    void changeConversation(AgentSession &session, const QJsonObject &frame, const QString &type);
    void typing(AgentSession &session, const QJsonObject &frame, bool presenceOnly);
    void history(AgentSession &session, const QJsonObject &frame);
    void snapshot(AgentSession &session, const QJsonObject &frame);
    // The conversation the frame names, if this agent may act on it; else answers the error itself.
    std::optional<Conversation> accessibleConversation(AgentSession &session, const QJsonObject &frame);

    AgentHub &m_hub;
    EventWriter &m_writer;
    SendService &m_sender;
    UploadStore &m_uploads;
    const Clock &m_clock;
    CannedResponseActions m_canned;
    NoteActions m_notes;
};

} // namespace Relaydesk::Relay
