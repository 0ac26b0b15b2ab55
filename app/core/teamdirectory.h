#pragma once

#include "agentinfo.h"
#include "pageinfo.h"

#include <QJsonObject>
#include <QList>

namespace Relaydesk::App {

// Who the signed-in agent is, which Pages they see and who the colleagues are, as
// the last welcome said; kept in the cache so names show offline too.
struct TeamDirectory
{
    AgentInfo me;
    QList<PageInfo> pages;
    QList<AgentInfo> agents;

    bool isEmpty() const { return me.id == 0; }
    QString agentName(qint64 id) const;  // empty if unknown
    QString pageName(const QString &id) const; // the id if unknown

    QJsonObject toJson() const;
    static TeamDirectory fromJson(const QJsonObject &json);
    bool operator==(const TeamDirectory &o) const { return me == o.me && pages == o.pages && agents == o.agents; }
};

} // namespace Relaydesk::App
