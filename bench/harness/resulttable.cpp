#include "resulttable.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Relaydesk::Bench {

namespace {
QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("–");
    const double a = std::fabs(v);
    return QString::number(v, 'f', a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}
} // namespace

void ResultTable::add(const QString &section, const QString &row, const QString &metric, const QString &system,
                      double value)
{
    if (!m_sections.contains(section))
        m_sections << section;
    if (!m_rows.contains(row))
        m_rows << row;
    if (!m_metrics.contains(metric))
        m_metrics << metric;
    m_values[Key{section, row, metric}][system].append(value);
}

void ResultTable::note(const QString &section, const QString &text) { m_notes[section].append(text); }

double ResultTable::median(QVector<double> values)
{
    if (values.isEmpty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString ResultTable::markdown(const QStringList &systems) const
{
    QString out;
    for (const QString &section : m_sections) {
        out += QStringLiteral("\n### %1\n\n| | figure |").arg(section);
        for (const QString &s : systems)
            out += QStringLiteral(" %1 median [min–max] |").arg(s);
        if (systems.size() == 2)
            out += QStringLiteral(" ratio %1/%2 |").arg(systems[0], systems[1]);
        out += QStringLiteral("\n|---|---|");
        for (int i = 0; i < systems.size() + (systems.size() == 2 ? 1 : 0); ++i)
            out += QStringLiteral("---|");
        out += QLatin1Char('\n');
        for (const QString &row : m_rows) {
            for (const QString &metric : m_metrics) {
                const auto it = m_values.constFind(Key{section, row, metric});
                if (it == m_values.cend())
                    continue;
                out += QStringLiteral("| %1 | %2 |").arg(row, metric);
                QVector<double> medians;
                for (const QString &s : systems) {
                    const QVector<double> v = it->value(s);
                    const double m = median(v);
                    medians << m;
                    if (v.isEmpty())
                        out += QStringLiteral(" – |");
                    else if (v.size() == 1)
                        out += QStringLiteral(" %1 |").arg(number(m));
                    else
                        out += QStringLiteral(" %1 [%2–%3] |").arg(number(m), number(*std::min_element(v.begin(), v.end())),
                                                                    number(*std::max_element(v.begin(), v.end())));
                }
                if (systems.size() == 2) {
                    const bool ok = !std::isnan(medians[0]) && !std::isnan(medians[1]) && medians[1] != 0;
                    out += ok ? QStringLiteral(" %1 |").arg(number(medians[0] / medians[1])) : QStringLiteral(" – |");
                }
                out += QLatin1Char('\n');
            }
        }
        for (const QString &n : m_notes.value(section))
            out += QStringLiteral("\n%1\n").arg(n);
    }
    return out;
}

QJsonObject ResultTable::toJson() const
{
    QJsonArray rows;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        QJsonObject perSystem;
        for (auto s = it->cbegin(); s != it->cend(); ++s) {
            QJsonArray values;
            for (double v : s.value())
                values.append(v);
            perSystem.insert(s.key(), values);
        }
        rows.append(QJsonObject{{QStringLiteral("section"), it.key().section}, {QStringLiteral("row"), it.key().row},
                                {QStringLiteral("metric"), it.key().metric}, {QStringLiteral("values"), perSystem}});
    }
    QJsonObject notes;
    for (auto it = m_notes.cbegin(); it != m_notes.cend(); ++it)
        notes.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return {{QStringLiteral("figures"), rows}, {QStringLiteral("notes"), notes}};
}

} // namespace Relaydesk::Bench
