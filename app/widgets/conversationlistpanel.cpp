#include "conversationlistpanel.h"

#include "conversationdelegate.h"
#include "conversationlistview.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace Relaydesk::App {

ConversationListPanel::ConversationListPanel(InboxSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_search(new QLineEdit(this))
    , m_box(new QComboBox(this))
    , m_page(new QComboBox(this))
    , m_view(new ConversationListView(this))
    , m_delegate(new ConversationDelegate(this))
    , m_searchDelay(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search names and messages (Ctrl+K)"));
    m_search->setClearButtonEnabled(true);
    m_box->setObjectName(QStringLiteral("boxFilter"));
    using Box = ConversationFilter::Box;
    m_box->addItem(tr("All"), int(Box::All));
    m_box->addItem(tr("Mine"), int(Box::Mine));
    m_box->addItem(tr("Unassigned"), int(Box::Unassigned));
    m_box->addItem(tr("Pending"), int(Box::Pending));
    m_box->addItem(tr("Resolved"), int(Box::Resolved));
    m_page->setObjectName(QStringLiteral("pageFilter"));
    m_page->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_page->setMinimumContentsLength(8);

    m_view->setObjectName(QStringLiteral("conversationList"));
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(session->conversations());
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFrameShape(QFrame::NoFrame);
    m_delegate->setDirectory(&session->directory());

    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    filters->addWidget(m_box, 1);
    filters->addWidget(m_page, 1);
    auto *top = new QVBoxLayout;
    top->setContentsMargins(10, 10, 10, 8);
    top->setSpacing(6);
    top->addWidget(m_search);
    top->addLayout(filters);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    // Search after a short pause in typing, not per key: FTS over a big cache is not free.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] {
        m_session->setSearchText(m_search->text());
        select(m_session->currentConversation());
    });
    connect(m_box, &QComboBox::currentIndexChanged, this, [this] {
        m_session->setFilterBox(Box(m_box->currentData().toInt()));
        select(m_session->currentConversation());
    });
    connect(m_page, &QComboBox::currentIndexChanged, this, [this] {
        m_session->setFilterPage(m_page->currentData().toString());
        select(m_session->currentConversation());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            emit conversationActivated(current.data(ConversationListModel::IdRole).toLongLong());
    });
    connect(session, &InboxSession::directoryChanged, this, &ConversationListPanel::rebuildPages);
    rebuildPages();
}

void ConversationListPanel::rebuildPages()
{
    const QString current = m_page->currentData().toString();
    const QSignalBlocker blocker(m_page);
    m_page->clear();
    m_page->addItem(tr("All pages"), QString());
    for (const PageInfo &page : m_session->directory().pages)
        m_page->addItem(page.name.isEmpty() ? page.id : page.name, page.id);
    m_page->setCurrentIndex(std::max(0, m_page->findData(current)));
    m_page->setVisible(m_session->directory().pages.size() > 1);
    m_delegate->setShowPageName(m_session->directory().pages.size() > 1);
    m_view->viewport()->update();
}

void ConversationListPanel::select(qint64 conversationId)
{
    const int row = m_session->conversations()->rowOf(conversationId);
    if (row < 0)
        return;
    const QModelIndex index = m_session->conversations()->index(row);
    if (m_view->currentIndex() != index)
        m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void ConversationListPanel::selectNeighbour(int step)
{
    const int rows = m_session->conversations()->rowCount();
    if (rows == 0)
        return;
    const int current = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : (step > 0 ? -1 : rows);
    const int next = std::clamp(current + step, 0, rows - 1);
    m_view->setCurrentIndex(m_session->conversations()->index(next));
}

} // namespace Relaydesk::App
