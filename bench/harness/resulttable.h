#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace Relaydesk::Bench {

// Figures of several runs, kept per (section, row, metric, system), summarised
// as the median with min–max, and side by side with the Relaydesk / peer ratio.
class ResultTable
{
public:
    void add(const QString &section, const QString &row, const QString &metric, const QString &system, double value);
    void note(const QString &section, const QString &text);

    QString markdown(const QStringList &systems) const; // one table per section
    QJsonObject toJson() const;

    static double median(QVector<double> values);

private:
    struct Key
    {
        QString section, row, metric;
        bool operator<(const Key &o) const
        {
            return std::tie(section, row, metric) < std::tie(o.section, o.row, o.metric);
        }
    };
    QStringList m_sections, m_rows, m_metrics; // first-seen order, for printing
    QMap<Key, QMap<QString, QVector<double>>> m_values;
    QMap<QString, QStringList> m_notes;
};

} // namespace Relaydesk::Bench
