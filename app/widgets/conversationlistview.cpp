#include "conversationlistview.h"

#include <QEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace Relaydesk::App {

ConversationListView::ConversationListView(QWidget *parent)
    : QAbstractItemView(parent)
{
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

void ConversationListView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model())
        disconnect(old, nullptr, this, nullptr);
    QAbstractItemView::setModel(model);
    m_rowHeight = 0;
    if (!model)
        return;
    // Only the scroll range follows the rows; the rows on screen are painted again.
    // (QAbstractItemView itself handles the selection and the current row.)
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int) { rowsChanged(parent, first); });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &parent, int first, int) { rowsChanged(parent, first); });
    connect(model, &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex &parent, int first, int, const QModelIndex &, int to) { rowsChanged(parent, qMin(first, to)); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { rowsChanged(rootIndex(), 0); });
    connect(model, &QAbstractItemModel::layoutChanged, this, [this] { rowsChanged(rootIndex(), 0); });
}

void ConversationListView::rowsChanged(const QModelIndex &parent, int first)
{
    if (parent != rootIndex())
        return;
    updateGeometries();
    // Rows below the screen (a page of the cache added at the end): only the scroll bar changes.
    const int h = rowHeight();
    if (h <= 0 || first <= (verticalOffset() + viewport()->height()) / h)
        viewport()->update();
}

int ConversationListView::rowCount() const
{
    return model() ? model()->rowCount(rootIndex()) : 0;
}

QModelIndex ConversationListView::indexOfRow(int row) const
{
    return model() && row >= 0 && row < rowCount() ? model()->index(row, 0, rootIndex()) : QModelIndex();
}

int ConversationListView::rowHeight() const
{
    if (m_rowHeight > 0)
        return m_rowHeight;
    const QModelIndex first = indexOfRow(0);
    if (!first.isValid() || !itemDelegateForIndex(first))
        return 0;
    QStyleOptionViewItem option;
    const_cast<ConversationListView *>(this)->initViewItemOption(&option);
    option.rect = QRect(0, 0, viewport()->width(), 0);
    m_rowHeight = qMax(1, itemDelegateForIndex(first)->sizeHint(option, first).height());
    return m_rowHeight;
}

int ConversationListView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

QRect ConversationListView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != model() || index.parent() != rootIndex() || index.column() != 0)
        return {};
    const int h = rowHeight();
    return QRect(0, index.row() * h - verticalOffset(), viewport()->width(), h);
}

QModelIndex ConversationListView::indexAt(const QPoint &point) const
{
    const int h = rowHeight();
    if (h <= 0 || point.y() < 0 || point.x() < 0 || point.x() >= viewport()->width())
        return {};
    return indexOfRow((point.y() + verticalOffset()) / h);
}

std::pair<int, int> ConversationListView::rowsShown() const
{
    const int h = rowHeight();
    const int rows = rowCount();
    if (h <= 0 || rows == 0)
        return {-1, -1};
    const int first = verticalOffset() / h;
    const int last = std::min(rows - 1, (verticalOffset() + viewport()->height() - 1) / h);
    return first <= last ? std::pair{first, last} : std::pair{-1, -1};
}

void ConversationListView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    const QRect rect = visualRect(index);
    if (!rect.isValid())
        return;
    const int top = index.row() * rowHeight();
    const int height = viewport()->height();
    QScrollBar *bar = verticalScrollBar();
    switch (hint) {
    case EnsureVisible:
        if (rect.top() < 0)
            bar->setValue(top);
        else if (rect.bottom() >= height)
            bar->setValue(top + rect.height() - height);
        break;
    case PositionAtTop: bar->setValue(top); break;
    case PositionAtBottom: bar->setValue(top + rect.height() - height); break;
    case PositionAtCenter: bar->setValue(top - (height - rect.height()) / 2); break;
    }
}

QModelIndex ConversationListView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers)
{
    const int rows = rowCount();
    if (rows == 0)
        return {};
    const QModelIndex current = currentIndex();
    const int row = current.isValid() ? current.row() : -1;
    const int page = qMax(1, viewport()->height() / qMax(1, rowHeight()));
    int next = row;
    switch (cursorAction) {
    case MoveUp:
    case MovePrevious: next = row < 0 ? 0 : row - 1; break;
    case MoveDown:
    case MoveNext: next = row + 1; break;
    case MovePageUp: next = row - page; break;
    case MovePageDown: next = row + page; break;
    case MoveHome: next = 0; break;
    case MoveEnd: next = rows - 1; break;
    case MoveLeft:
    case MoveRight: return current;
    }
    return indexOfRow(std::clamp(next, 0, rows - 1));
}

void ConversationListView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const int h = rowHeight();
    const int rows = rowCount();
    if (!selectionModel() || h <= 0 || rows == 0)
        return;
    const QRect r = rect.normalized();
    const int first = std::clamp((r.top() + verticalOffset()) / h, 0, rows - 1);
    const int last = std::clamp((r.bottom() + verticalOffset()) / h, 0, rows - 1);
    selectionModel()->select(QItemSelection(indexOfRow(first), indexOfRow(last)), command);
}

QRegion ConversationListView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QItemSelectionRange &range : selection) {
        if (range.parent() != rootIndex() || range.left() > 0)
            continue;
        const QRect top = visualRect(indexOfRow(range.top()));
        const QRect bottom = visualRect(indexOfRow(range.bottom()));
        region += top.united(bottom).intersected(viewport()->rect());
    }
    return region;
}

void ConversationListView::paintEvent(QPaintEvent *event)
{
    const auto [first, last] = rowsShown();
    if (first < 0)
        return;
    QPainter painter(viewport());
    QStyleOptionViewItem base;
    initViewItemOption(&base);
    const bool focus = hasFocus() && currentIndex().isValid();
    const QModelIndex current = currentIndex();
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = indexOfRow(row);
        QStyleOptionViewItem option = base;
        option.rect = visualRect(index);
        if (!event->rect().intersects(option.rect))
            continue;
        if (selectionModel() && selectionModel()->isSelected(index))
            option.state |= QStyle::State_Selected;
        if (focus && index == current)
            option.state |= QStyle::State_HasFocus;
        itemDelegateForIndex(index)->paint(&painter, option, index);
    }
}

void ConversationListView::updateGeometries()
{
    ++m_geometryUpdates;
    const int h = rowHeight();
    QScrollBar *bar = verticalScrollBar();
    bar->setSingleStep(qMax(1, h));
    bar->setPageStep(viewport()->height());
    bar->setRange(0, qMax(0, rowCount() * h - viewport()->height()));
    QAbstractItemView::updateGeometries();
}

void ConversationListView::doItemsLayout()
{
    // What QListView would lay out row by row: here the row height and the scroll range.
    // (QAbstractItemView asks for it after rows moved: those usually go to the top.)
    m_rowHeight = 0;
    updateGeometries();
    viewport()->update();
}

void ConversationListView::changeEvent(QEvent *event)
{
    // Another font or style: another row height.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        m_rowHeight = 0;
    QAbstractItemView::changeEvent(event);
}

} // namespace Relaydesk::App
