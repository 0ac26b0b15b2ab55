#pragma once

#include <QSortFilterProxyModel>

namespace Relaydesk::App {

// The composer pop-up's view of the canned responses: what the agent typed after
// '/' found in the shortcode or the title (any case); shortcodes that start with
// it first, then by shortcode.
class CannedResponseFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CannedResponseFilter(QObject *parent = nullptr);

    void setQuery(const QString &query);
    QString query() const { return m_query; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_query;
};

} // namespace Relaydesk::App
