#include "cannedresponsepopup.h"

#include "cannedresponsefilter.h"
#include "cannedresponsemodel.h"

namespace Relaydesk::App {

CannedResponsePopup::CannedResponsePopup(QWidget *parent)
    : QListView(parent), m_filter(new CannedResponseFilter(this))
{
    setObjectName(QStringLiteral("cannedResponsePopup"));
    setFocusPolicy(Qt::NoFocus); // the composer keeps the keyboard
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::StyledPanel);
    setModel(m_filter);
    setAccessibleName(tr("Canned responses"));
    connect(this, &QListView::clicked, this, [this](const QModelIndex &index) {
        setCurrentIndex(index);
        emit chosen();
    });
    hide();
}

void CannedResponsePopup::setResponses(QAbstractItemModel *model)
{
    m_filter->setSourceModel(model);
}

bool CannedResponsePopup::filter(const QString &query)
{
    if (!m_filter->sourceModel())
        return false;
    const bool changed = query.trimmed().toLower() != m_filter->query();
    m_filter->setQuery(query);
    if (m_filter->rowCount() == 0)
        return false;
    // A new query highlights its best match; the same one (the cursor moved) keeps the choice.
    if (changed || !currentIndex().isValid())
        setCurrentIndex(m_filter->index(0, 0));
    return true;
}

void CannedResponsePopup::move(int delta)
{
    const int rows = m_filter->rowCount();
    if (rows == 0)
        return;
    const int row = currentIndex().isValid() ? currentIndex().row() : 0;
    setCurrentIndex(m_filter->index(((row + delta) % rows + rows) % rows, 0));
}

QString CannedResponsePopup::currentText() const
{
    return currentIndex().data(CannedResponseModel::TextRole).toString();
}

QString CannedResponsePopup::currentShortcode() const
{
    return currentIndex().data(CannedResponseModel::ShortcodeRole).toString();
}

} // namespace Relaydesk::App
