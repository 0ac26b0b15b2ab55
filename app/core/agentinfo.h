#pragma once

#include <QString>

namespace Relaydesk::App {

// An agent as the relay's welcome names it (for "assigned to" and presence).
struct AgentInfo
{
    qint64 id = 0;
    QString name;
    bool operator==(const AgentInfo &o) const { return id == o.id && name == o.name; }
};

} // namespace Relaydesk::App
