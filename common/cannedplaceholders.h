#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Relaydesk {

// The placeholders a canned response's text may hold, written {{name}} (spaces
// inside the braces allowed): customer.name, customer.first_name, agent.name,
// agent.first_name, page.name. Filling leaves a placeholder whose value is not
// known (a customer whose profile has not come yet) as it was, so the agent sees
// what is missing before sending.
class CannedPlaceholders
{
public:
    struct Values
    {
        QString customerName;
        QString agentName;
        QString pageName;
    };

    static QStringList names();
    // The first {{…}} whose name is not a placeholder (empty: none).
    static QString firstUnknown(const QString &text);
    static QString fill(const QString &text, const Values &values);
    // The first word of a name ("Linh Nguyen" -> "Linh").
    static QString firstName(const QString &name);
};

} // namespace Relaydesk
