#pragma once

#include "eventwriter.h"

#include <QJsonObject>
#include <QObject>

namespace Relaydesk::Relay {

class AgentHub;
class AgentSession;

// Agents' private notes in a conversation (docs/protocol.md): add one, read a
// conversation's. A note is for the agents who may see the conversation's Page
// and is never sent to Meta: it is no message, and nothing that sends messages
// reads the notes table. Mentions name colleagues who may see the Page.
class NoteActions : public QObject
{
    Q_OBJECT
public:
    NoteActions(AgentHub &hub, EventWriter &writer, QObject *parent = nullptr);

    void add(AgentSession &session, const QJsonObject &frame);
    void list(AgentSession &session, const QJsonObject &frame);

private:
    AgentHub &m_hub;
    EventWriter &m_writer;
};

} // namespace Relaydesk::Relay
