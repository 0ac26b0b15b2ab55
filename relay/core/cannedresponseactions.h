#pragma once

#include "eventwriter.h"

#include <QJsonObject>
#include <QObject>

namespace Relaydesk::Relay {

class AgentHub;
class AgentSession;

// The agents' commands on the team's canned responses (docs/protocol.md): save
// (create or edit), delete, and the whole list. Input is checked before anything
// is written, and again inside the write (another relay may have taken the
// shortcode meanwhile); a refused command stores nothing and logs nothing.
// Changes are team-wide events (no page), so every agent sees them.
class CannedResponseActions : public QObject
{
    Q_OBJECT
public:
    CannedResponseActions(AgentHub &hub, EventWriter &writer, QObject *parent = nullptr);

    void save(AgentSession &session, const QJsonObject &frame);
    void remove(AgentSession &session, const QJsonObject &frame);
    void list(AgentSession &session, const QJsonObject &frame);

private:
    AgentHub &m_hub;
    EventWriter &m_writer;
};

} // namespace Relaydesk::Relay
