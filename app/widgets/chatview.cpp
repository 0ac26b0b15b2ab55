#include "chatview.h"

#include <QScrollBar>
#include <QTimer>

namespace Relaydesk::App {

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
{
    setObjectName(QStringLiteral("chatView"));
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(Adjust);           // bubbles wrap at the new width
    setSelectionMode(NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    setUniformItemSizes(false);      // bubbles differ; a chat holds far fewer rows than the inbox
    verticalScrollBar()->setSingleStep(24);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::onScrolled);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        if (m_followBottom)
            scrollToBottom();
        else if (m_insertingAbove)
            verticalScrollBar()->setValue(verticalScrollBar()->maximum() - m_distanceFromBottom);
    });
}

void ChatView::setModel(QAbstractItemModel *model)
{
    QListView::setModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_followBottom = true;
        m_askedForOlder = false;
        QTimer::singleShot(0, this, &QListView::scrollToBottom);
    });
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &ChatView::onRowsAboutToBeInserted);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
}

bool ChatView::isAtBottom() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 8;
}

void ChatView::onScrolled(int value)
{
    if (!m_insertingAbove)
        m_followBottom = isAtBottom();
    if (value <= verticalScrollBar()->minimum() + 40 && model() && model()->rowCount() > 0 && !m_askedForOlder) {
        m_askedForOlder = true; // once per page: cleared when older rows arrive
        emit olderMessagesWanted();
    }
}

void ChatView::onRowsAboutToBeInserted(const QModelIndex &, int first, int)
{
    m_insertingAbove = first == 0 && model()->rowCount() > 0 && !m_followBottom;
    m_distanceFromBottom = verticalScrollBar()->maximum() - verticalScrollBar()->value();
}

void ChatView::onRowsInserted(const QModelIndex &, int first, int)
{
    if (first == 0)
        m_askedForOlder = false;
    if (m_followBottom)
        QTimer::singleShot(0, this, &QListView::scrollToBottom);
    QTimer::singleShot(0, this, [this] { m_insertingAbove = false; });
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    const bool follow = m_followBottom;
    QListView::resizeEvent(event);
    if (follow)
        QTimer::singleShot(0, this, &QListView::scrollToBottom);
}

} // namespace Relaydesk::App
