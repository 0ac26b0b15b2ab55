#pragma once

#include <QString>

namespace Relaydesk::App {

// A Facebook Page this agent may see, as the relay's welcome names it.
struct PageInfo
{
    QString id;
    QString name;
    bool operator==(const PageInfo &o) const { return id == o.id && name == o.name; }
};

} // namespace Relaydesk::App
