#include "cannedresponsefilter.h"

#include "cannedresponsemodel.h"

namespace Relaydesk::App {

CannedResponseFilter::CannedResponseFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    sort(0);
}

void CannedResponseFilter::setQuery(const QString &query)
{
    const QString q = query.trimmed().toLower();
    if (q == m_query)
        return;
    m_query = q;
    invalidate(); // filter and order both depend on it
}

bool CannedResponseFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_query.isEmpty())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    return i.data(CannedResponseModel::ShortcodeRole).toString().contains(m_query)
        || i.data(CannedResponseModel::TitleRole).toString().contains(m_query, Qt::CaseInsensitive);
}

bool CannedResponseFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QString a = left.data(CannedResponseModel::ShortcodeRole).toString();
    const QString b = right.data(CannedResponseModel::ShortcodeRole).toString();
    const bool aPrefix = a.startsWith(m_query);
    const bool bPrefix = b.startsWith(m_query);
    if (aPrefix != bPrefix)
        return aPrefix;
    return a < b;
}

} // namespace Relaydesk::App
