#include "cannedplaceholders.h"

#include <QRegularExpression>

namespace Relaydesk {

namespace {

const QRegularExpression &pattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*([^{}\s]+)\s*\}\})"));
    return re;
}

} // namespace

QStringList CannedPlaceholders::names()
{
    return {QStringLiteral("customer.first_name"), QStringLiteral("customer.name"), QStringLiteral("agent.first_name"),
            QStringLiteral("agent.name"), QStringLiteral("page.name")};
}

QString CannedPlaceholders::firstUnknown(const QString &text)
{
    const QStringList known = names();
    auto it = pattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!known.contains(name))
            return name;
    }
    return {};
}

QString CannedPlaceholders::firstName(const QString &name)
{
    return name.trimmed().section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
}

QString CannedPlaceholders::fill(const QString &text, const Values &values)
{
    const QHash<QString, QString> map{{QStringLiteral("customer.first_name"), firstName(values.customerName)},
                                      {QStringLiteral("customer.name"), values.customerName.trimmed()},
                                      {QStringLiteral("agent.first_name"), firstName(values.agentName)},
                                      {QStringLiteral("agent.name"), values.agentName.trimmed()},
                                      {QStringLiteral("page.name"), values.pageName.trimmed()}};
    QString out;
    qsizetype from = 0;
    auto it = pattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString value = map.value(m.captured(1));
        out += QStringView(text).mid(from, m.capturedStart() - from);
        out += value.isEmpty() ? m.captured(0) : value; // unknown value: left for the agent to see
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

} // namespace Relaydesk
