#include "teamdirectory.h"

#include <QJsonArray>

namespace Relaydesk::App {

namespace {

QJsonObject agentJson(const AgentInfo &a)
{
    return {{QStringLiteral("id"), a.id}, {QStringLiteral("name"), a.name}};
}

AgentInfo agentFrom(const QJsonObject &o)
{
    return {o.value(QLatin1String("id")).toInteger(), o.value(QLatin1String("name")).toString()};
}

} // namespace

QString TeamDirectory::agentName(qint64 id) const
{
    for (const AgentInfo &a : agents)
        if (a.id == id)
            return a.name;
    return id == me.id ? me.name : QString();
}

QString TeamDirectory::pageName(const QString &id) const
{
    for (const PageInfo &p : pages)
        if (p.id == id)
            return p.name.isEmpty() ? id : p.name;
    return id;
}

QJsonObject TeamDirectory::toJson() const
{
    QJsonArray pageList;
    for (const PageInfo &p : pages)
        pageList.append(QJsonObject{{QStringLiteral("id"), p.id}, {QStringLiteral("name"), p.name}});
    QJsonArray agentList;
    for (const AgentInfo &a : agents)
        agentList.append(agentJson(a));
    return {{QStringLiteral("me"), agentJson(me)}, {QStringLiteral("pages"), pageList}, {QStringLiteral("agents"), agentList}};
}

TeamDirectory TeamDirectory::fromJson(const QJsonObject &json)
{
    TeamDirectory d;
    d.me = agentFrom(json.value(QLatin1String("me")).toObject());
    const QJsonArray pageList = json.value(QLatin1String("pages")).toArray();
    for (const QJsonValue &v : pageList) {
        const QJsonObject o = v.toObject();
        d.pages.append({o.value(QLatin1String("id")).toString(), o.value(QLatin1String("name")).toString()});
    }
    const QJsonArray agentList = json.value(QLatin1String("agents")).toArray();
    for (const QJsonValue &v : agentList)
        d.agents.append(agentFrom(v.toObject()));
    return d;
}

} // namespace Relaydesk::App
