#pragma once

#include <QAbstractItemView>

namespace Relaydesk::App {

// The conversation list: one column of rows all as tall as the delegate says the first
// one is, so a row's place is its number times that height and nothing is laid out.
// QListView keeps a position per row and lays all of them out again after any insert,
// move or removal (uniform sizes or not): with 50,000 conversations that was ~1.3 ms of
// the UI thread per batch of live events, and again for every page read at start-up.
// Here a change costs what the rows on screen cost to paint.
class ConversationListView : public QAbstractItemView
{
    Q_OBJECT
public:
    explicit ConversationListView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;
    // Every row's height, from the delegate's size hint (0 while there are no rows).
    int rowHeight() const;
    // The model's first and last row on screen (-1, -1 when none).
    std::pair<int, int> rowsShown() const;
    // Times the view has worked out its scroll range and row height: a test sees that a
    // move does not lay out the rows (there is nothing per row to lay out).
    int geometryUpdates() const { return m_geometryUpdates; }

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override { return 0; }
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &) const override { return false; }
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void paintEvent(QPaintEvent *event) override;
    void updateGeometries() override;
    void doItemsLayout() override;
    void changeEvent(QEvent *event) override;

private:
    int rowCount() const;
    QModelIndex indexOfRow(int row) const;
    void rowsChanged(const QModelIndex &parent, int first);

    mutable int m_rowHeight = 0; // 0: ask the delegate again
    int m_geometryUpdates = 0;
};

} // namespace Relaydesk::App
