#include "chatpanel.h"

#include "agentactions.h"
#include "cannedresponsemodel.h"
#include "chatview.h"
#include "composer.h"
#include "conversationdelegate.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "messagedelegate.h"
#include "messagelistmodel.h"
#include "notesync.h"
#include "presencetracker.h"

#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace Relaydesk::App {

ChatPanel::ChatPanel(InboxSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_name(new QLabel(this))
    , m_details(new QLabel(this))
    , m_assign(new QToolButton(this))
    , m_status(new QToolButton(this))
    , m_markUnread(new QToolButton(this))
    , m_view(new ChatView(this))
    , m_delegate(new MessageDelegate(this))
    , m_presence(new QLabel(this))
    , m_composer(new Composer(this))
{
    setObjectName(QStringLiteral("chatPanel"));
    m_name->setObjectName(QStringLiteral("chatTitle"));
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.2);
    title.setBold(true);
    m_name->setFont(title);
    // The customer chose their name (and page and agent names are not ours either):
    // markup in them is text, never HTML (an <img> or a link in a label).
    m_name->setTextFormat(Qt::PlainText);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("chatDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setForegroundRole(QPalette::PlaceholderText);

    m_assign->setObjectName(QStringLiteral("assignButton"));
    m_assign->setPopupMode(QToolButton::InstantPopup);
    m_assign->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_assign->setMenu(new QMenu(m_assign));
    connect(m_assign->menu(), &QMenu::aboutToShow, this, &ChatPanel::rebuildAssignMenu);

    m_status->setObjectName(QStringLiteral("statusButton"));
    m_status->setPopupMode(QToolButton::InstantPopup);
    auto *statusMenu = new QMenu(m_status);
    for (auto status : {Conversation::Status::Open, Conversation::Status::Pending, Conversation::Status::Resolved}) {
        statusMenu->addAction(ConversationDelegate::statusText(status), this, [this, status] {
            m_session->actions()->setStatus(m_session->currentConversation(), status);
        });
    }
    m_status->setMenu(statusMenu);

    m_markUnread->setObjectName(QStringLiteral("markUnreadButton"));
    m_markUnread->setText(tr("Mark unread"));
    connect(m_markUnread, &QToolButton::clicked, this, [this] {
        m_session->actions()->markUnread(m_session->currentConversation());
    });

    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("chatHeader"));
    auto *names = new QVBoxLayout;
    names->setSpacing(1);
    names->addWidget(m_name);
    names->addWidget(m_details);
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(14, 8, 10, 8);
    headerLayout->addLayout(names, 1);
    headerLayout->addWidget(m_assign);
    headerLayout->addWidget(m_status);
    headerLayout->addWidget(m_markUnread);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    m_view->setModel(session->messages());
    m_view->setItemDelegate(m_delegate);
    m_delegate->setDirectory(&session->directory());

    m_presence->setObjectName(QStringLiteral("presenceLabel"));
    m_presence->setTextFormat(Qt::PlainText);
    QFont italic = font();
    italic.setItalic(true);
    m_presence->setFont(italic);
    m_presence->setContentsMargins(16, 2, 12, 0);
    m_presence->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(header);
    layout->addWidget(line);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_presence);
    layout->addWidget(m_composer);

    m_composer->setCannedResponses(session->cannedResponseModel());
    m_composer->setPlaceholderValues([this] { return m_session->placeholderValues(); });
    connect(m_composer, &Composer::sendRequested, this, &ChatPanel::send);
    connect(m_composer, &Composer::noteRequested, this, [this](const QString &text) {
        QString error;
        if (m_session->notes()->addNote(m_session->currentConversation(), text, &error))
            m_composer->clear();
        else
            emit m_session->errorOccurred(error);
    });
    connect(m_composer, &Composer::attachRequested, this, &ChatPanel::attachRequested);
    connect(m_composer, &Composer::typingActivity, this, [this] { m_session->setTyping(true); });
    // Queued: a page from the cache arrives at once, and is better inserted after the
    // scroll that asked for it than inside it.
    connect(m_view, &ChatView::olderMessagesWanted, m_session, &InboxSession::loadOlder, Qt::QueuedConnection);
    connect(m_delegate, &MessageDelegate::retryRequested, this, [this](const QModelIndex &index) {
        m_session->retry(m_session->messages()->messageAt(index.row()));
    });
    connect(session->presence(), &PresenceTracker::presenceChanged, this, &ChatPanel::updatePresence);
    connect(session->conversations(), &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_session->conversations()->rowOf(m_session->currentConversation());
        if (row >= from.row() && row <= to.row())
            refresh();
    });
    connect(session, &InboxSession::directoryChanged, this, &ChatPanel::refresh);
    updatePresence(0);
}

void ChatPanel::refresh()
{
    const Conversation *c = m_session->conversations()->find(m_session->currentConversation());
    if (!c)
        return;
    const TeamDirectory &dir = m_session->directory();
    m_name->setText(c->customer.displayName());
    QString assignee = tr("Unassigned");
    if (c->assigneeId == dir.me.id && c->assigneeId != 0)
        assignee = tr("You");
    else if (c->assigneeId != 0)
        assignee = dir.agentName(c->assigneeId).isEmpty() ? tr("Agent %1").arg(c->assigneeId) : dir.agentName(c->assigneeId);
    m_details->setText(tr("%1 · Messenger").arg(dir.pageName(c->pageId)));
    m_assign->setText(tr("Assignee: %1").arg(assignee));
    m_status->setText(ConversationDelegate::statusText(c->status));
    m_status->setToolTip(tr("Conversation status"));
    m_composer->setReplyWindow(c->lastCustomerMessageAt, QDateTime::currentMSecsSinceEpoch());
    updatePresence(c->id);
}

void ChatPanel::rebuildAssignMenu()
{
    QMenu *menu = m_assign->menu();
    menu->clear();
    const qint64 id = m_session->currentConversation();
    const TeamDirectory &dir = m_session->directory();
    menu->addAction(tr("Assign to me"), this, [this, id, me = dir.me.id] { m_session->actions()->assign(id, me); });
    menu->addAction(tr("Unassign"), this, [this, id] { m_session->actions()->assign(id, 0); });
    if (dir.agents.size() > 1)
        menu->addSection(tr("Assign to"));
    for (const AgentInfo &agent : dir.agents) {
        if (agent.id == dir.me.id)
            continue;
        menu->addAction(agent.name, this, [this, id, agentId = agent.id] { m_session->actions()->assign(id, agentId); });
    }
}

void ChatPanel::updatePresence(qint64 conversationId)
{
    if (conversationId && conversationId != m_session->currentConversation())
        return;
    const QString text = m_session->presence()->describe(m_session->currentConversation());
    m_presence->setText(text);
    m_presence->setVisible(!text.isEmpty());
}

void ChatPanel::send(const QString &text)
{
    if (m_session->sendReply(text))
        m_composer->clear();
}

} // namespace Relaydesk::App
