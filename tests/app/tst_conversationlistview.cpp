// The conversation list's view with the real model and delegate, offscreen.
#include "conversationdelegate.h"
#include "conversationlistmodel.h"
#include "conversationlistview.h"

#include <QApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

Conversation conv(qint64 id, qint64 lastMessageAt)
{
    Conversation c;
    c.id = id;
    c.pageId = QStringLiteral("104216672283716");
    c.customer.psid = QStringLiteral("69201543%1").arg(id, 8, 10, QLatin1Char('0'));
    c.customer.name = QStringLiteral("Customer %1").arg(id);
    c.lastMessageAt = lastMessageAt;
    c.previewText = QStringLiteral("hello");
    return c;
}

// Counts what the view asks of it: a view that lays rows out asks each one.
class CountingDelegate : public ConversationDelegate
{
public:
    using ConversationDelegate::ConversationDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        ++paints;
        painted.insert(index.row());
        ConversationDelegate::paint(painter, option, index);
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        ++sizeHints;
        return ConversationDelegate::sizeHint(option, index);
    }
    mutable int paints = 0;
    mutable int sizeHints = 0;
    mutable QSet<int> painted;
};

} // namespace

class TestConversationListView : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void rowsArePlacedByTheirNumber();
    void aMoveKeepsSelectionAndScrollAndLaysNothingOut();
    void keyboardAndClicksSelect();
    void scrollToShowsTheRow();
    void rowsAddedBelowTheScreenPaintNothing();

private:
    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<CountingDelegate> m_delegate;
    std::unique_ptr<ConversationListView> m_view;
    static constexpr int Rows = 50'000;
};

void TestConversationListView::init()
{
    m_model = std::make_unique<ConversationListModel>();
    QList<Conversation> all;
    all.reserve(Rows);
    for (int i = 1; i <= Rows; ++i)
        all.append(conv(i, 1'000'000 + i * 1000)); // id Rows on top
    m_model->load(all);
    m_delegate = std::make_unique<CountingDelegate>();
    m_view = std::make_unique<ConversationListView>();
    m_view->setItemDelegate(m_delegate.get());
    m_view->setModel(m_model.get());
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->resize(360, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestConversationListView::cleanup()
{
    m_view.reset();
    m_delegate.reset();
    m_model.reset();
}

void TestConversationListView::rowsArePlacedByTheirNumber()
{
    const int h = m_view->rowHeight();
    QStyleOptionViewItem option;
    option.initFrom(m_view.get());
    QCOMPARE(h, m_delegate->sizeHint(option, m_model->index(0)).height());
    QVERIFY(h > 20);
    const int viewport = m_view->viewport()->height();
    QCOMPARE(m_view->verticalScrollBar()->maximum(), Rows * h - viewport);
    QCOMPARE(m_view->visualRect(m_model->index(0)), QRect(0, 0, m_view->viewport()->width(), h));
    QCOMPARE(m_view->indexAt(QPoint(10, h + 1)), m_model->index(1));
    // Far down: the same arithmetic.
    m_view->verticalScrollBar()->setValue(30'000 * h + 5);
    QCOMPARE(m_view->indexAt(QPoint(10, 0)), m_model->index(30'000));
    QCOMPARE(m_view->visualRect(m_model->index(30'001)).top(), h - 5);
    const auto [first, last] = m_view->rowsShown();
    QCOMPARE(first, 30'000);
    QCOMPARE(last, 30'000 + (viewport + 5 - 1) / h);
    // Painted: the rows on screen, none other.
    m_delegate->painted.clear();
    m_view->viewport()->repaint();
    QCOMPARE(m_delegate->painted.size(), last - first + 1);
    QCOMPARE(*std::min_element(m_delegate->painted.cbegin(), m_delegate->painted.cend()), first);
}

void TestConversationListView::aMoveKeepsSelectionAndScrollAndLaysNothingOut()
{
    const int h = m_view->rowHeight();
    m_view->setCurrentIndex(m_model->index(3));
    m_view->verticalScrollBar()->setValue(h * 2);
    QCoreApplication::processEvents();
    const int sizeHints = m_delegate->sizeHints;
    const int geometry = m_view->geometryUpdates();

    // A thousand customers far down the list write: each row moves to the top.
    for (int i = 0; i < 1000; ++i)
        m_model->upsert(conv(1 + i * 40, 2'000'000'000 + i));
    QCoreApplication::processEvents(); // the delayed layout QAbstractItemView asks for
    QCOMPARE(m_model->rowCount(), Rows);
    QCOMPARE(m_model->conversationAt(0).id, 1 + 999 * 40);
    // The current row is still the same conversation, now 1,000 rows further down.
    QCOMPARE(m_view->currentIndex().data(ConversationListModel::IdRole).toLongLong(), qint64(Rows - 3));
    QCOMPARE(m_view->currentIndex().row(), 1003);
    QCOMPARE(m_view->verticalScrollBar()->value(), h * 2);
    QCOMPARE(m_view->verticalScrollBar()->maximum(), Rows * h - m_view->viewport()->height());
    // Per move: the scroll range, and at most one size hint (the row height); no row is
    // asked anything else, and what the view paints is what shows.
    QVERIFY2(m_view->geometryUpdates() - geometry <= 1000 + 2, qPrintable(QString::number(m_view->geometryUpdates() - geometry)));
    QVERIFY2(m_delegate->sizeHints - sizeHints <= 2, qPrintable(QString::number(m_delegate->sizeHints - sizeHints)));
    m_delegate->painted.clear();
    m_view->viewport()->repaint();
    const auto [first, last] = m_view->rowsShown();
    QCOMPARE(first, 2);
    QCOMPARE(m_delegate->painted.size(), last - first + 1);
    QCOMPARE(m_view->indexAt(QPoint(5, 1)).data(ConversationListModel::IdRole).toLongLong(), qint64(1 + 997 * 40));
}

void TestConversationListView::keyboardAndClicksSelect()
{
    const int h = m_view->rowHeight();
    m_view->setFocus();
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, QPoint(20, h * 2 + h / 2));
    QCOMPARE(m_view->currentIndex().row(), 2);
    QVERIFY(m_view->selectionModel()->isSelected(m_model->index(2)));
    QTest::keyClick(m_view.get(), Qt::Key_Down);
    QCOMPARE(m_view->currentIndex().row(), 3);
    QVERIFY(!m_view->selectionModel()->isSelected(m_model->index(2)));
    QTest::keyClick(m_view.get(), Qt::Key_Up);
    QTest::keyClick(m_view.get(), Qt::Key_Up);
    QTest::keyClick(m_view.get(), Qt::Key_Up);
    QTest::keyClick(m_view.get(), Qt::Key_Up); // stays at the top
    QCOMPARE(m_view->currentIndex().row(), 0);
    QTest::keyClick(m_view.get(), Qt::Key_PageDown);
    QCOMPARE(m_view->currentIndex().row(), m_view->viewport()->height() / h);
    QTest::keyClick(m_view.get(), Qt::Key_End);
    QCOMPARE(m_view->currentIndex().row(), Rows - 1);
    // The last row is scrolled into view, at the bottom.
    const QRect last = m_view->visualRect(m_view->currentIndex());
    QVERIFY(last.bottom() < m_view->viewport()->height());
    QVERIFY(last.bottom() >= m_view->viewport()->height() - h);
    QTest::keyClick(m_view.get(), Qt::Key_Home);
    QCOMPARE(m_view->currentIndex().row(), 0);
    QCOMPARE(m_view->verticalScrollBar()->value(), 0);
}

void TestConversationListView::scrollToShowsTheRow()
{
    const int h = m_view->rowHeight();
    const QModelIndex far = m_model->index(20'000);
    m_view->scrollTo(far);
    QCOMPARE(m_view->visualRect(far).bottom(), m_view->viewport()->height() - 1);
    m_view->scrollTo(far, QAbstractItemView::PositionAtTop);
    QCOMPARE(m_view->verticalScrollBar()->value(), 20'000 * h);
    m_view->scrollTo(m_model->index(19'999)); // just above: scrolls up by one row
    QCOMPARE(m_view->verticalScrollBar()->value(), 19'999 * h);
    m_view->scrollTo(far, QAbstractItemView::PositionAtCenter);
    QVERIFY(qAbs(m_view->visualRect(far).center().y() - m_view->viewport()->height() / 2) <= h);
    // A filter that leaves fewer rows than fit: nothing to scroll.
    ConversationFilter filter;
    filter.searching = true;
    filter.matches = QSet<qint64>{1, 2, 3};
    m_model->setFilter(filter);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_view->verticalScrollBar()->maximum(), 0);
    QCOMPARE(m_view->rowsShown(), std::make_pair(0, 2));
}

void TestConversationListView::rowsAddedBelowTheScreenPaintNothing()
{
    QTRY_VERIFY(m_delegate->paints > 0); // the first paint is done
    QCoreApplication::processEvents();
    m_delegate->paints = 0;
    // The next page of the cache: older than every row, added at the end.
    QList<Conversation> older;
    for (int i = 1; i <= 500; ++i)
        older.append(conv(Rows + i, 1'000'000 - i));
    m_model->appendOlder(older);
    QCoreApplication::processEvents();
    QCOMPARE(m_delegate->paints, 0);
    QCOMPARE(m_view->verticalScrollBar()->maximum(), (Rows + 500) * m_view->rowHeight() - m_view->viewport()->height());
    // A row that moves to the top is painted.
    m_model->upsert(conv(Rows + 500, 3'000'000'000));
    QTRY_VERIFY(m_delegate->paints > 0);
    QCOMPARE(m_view->indexAt(QPoint(5, 1)).data(ConversationListModel::IdRole).toLongLong(), qint64(Rows + 500));
}

QTEST_MAIN(TestConversationListView)
#include "tst_conversationlistview.moc"
