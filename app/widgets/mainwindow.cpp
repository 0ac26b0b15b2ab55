#include "mainwindow.h"

#include "agentactions.h"
#include "cannedresponsesdialog.h"
#include "chatpanel.h"
#include "composer.h"
#include "connectionstatuslabel.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "inboxsession.h"
#include "shortcuthelpdialog.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace Relaydesk::App {

MainWindow::MainWindow(InboxSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_list(new ConversationListPanel(session, this))
    , m_chat(new ChatPanel(session, this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_splitter(new QSplitter(this))
    , m_status(new ConnectionStatusLabel(session->connection(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Relaydesk"));
    m_placeholder->setObjectName(QStringLiteral("chatPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setText(tr("Select a conversation to read and reply.\n\nCtrl+K searches, Alt+Up and Alt+Down move through the list.\nCtrl+/ lists every shortcut."));
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_chat);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({340, 660});
    m_splitter->setChildrenCollapsible(false);
    m_list->setMinimumWidth(260);
    setCentralWidget(m_splitter);
    statusBar()->addPermanentWidget(m_status);
    statusBar()->setSizeGripEnabled(true);
    resize(1100, 720);

    connect(m_list, &ConversationListPanel::conversationActivated, this, &MainWindow::openConversation);
    connect(session, &InboxSession::currentConversationChanged, this, &MainWindow::onConversationChanged);
    connect(session, &InboxSession::errorOccurred, this, &MainWindow::showError);
    connect(session, &InboxSession::directoryChanged, this, [this] {
        m_status->setAgentName(m_session->directory().me.name);
    });
    m_status->setAgentName(session->directory().me.name);
    createMenus();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::settingsRequested);
    QAction *canned = file->addAction(tr("&Canned responses…"), QKeySequence(tr("Ctrl+Shift+A")), this,
                                      &MainWindow::showCannedResponses);
    canned->setObjectName(QStringLiteral("cannedResponsesAction"));
    file->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quitRequested);

    QMenu *conversation = menuBar()->addMenu(tr("&Conversation"));
    const auto current = [this] { return m_session->currentConversation(); };
    conversation->addAction(tr("Assign to &me"), QKeySequence(tr("Ctrl+Shift+M")), this, [this, current] {
        m_session->actions()->assign(current(), m_session->directory().me.id);
    });
    conversation->addAction(tr("&Unassign"), this, [this, current] { m_session->actions()->assign(current(), 0); });
    conversation->addSeparator();
    conversation->addAction(tr("Set &open"), this, [this, current] { m_session->actions()->setStatus(current(), Conversation::Status::Open); });
    conversation->addAction(tr("Set &pending"), this, [this, current] { m_session->actions()->setStatus(current(), Conversation::Status::Pending); });
    conversation->addAction(tr("Set &resolved"), QKeySequence(tr("Ctrl+Shift+R")), this, [this, current] {
        m_session->actions()->setStatus(current(), Conversation::Status::Resolved);
    });
    conversation->addSeparator();
    conversation->addAction(tr("Write a private &note"), QKeySequence(tr("Ctrl+Shift+N")), this, [this] {
        Composer *composer = m_chat->composer();
        composer->setNoteMode(!composer->isNoteMode());
        composer->editor()->setFocus(Qt::ShortcutFocusReason);
    });
    conversation->addAction(tr("Mark u&nread"), QKeySequence(tr("Ctrl+Shift+U")), this, [this, current] {
        m_session->actions()->markUnread(current());
    });
    QAction *mute = conversation->addAction(tr("&Mute notifications"));
    mute->setObjectName(QStringLiteral("muteAction"));
    mute->setCheckable(true);
    connect(mute, &QAction::triggered, this, [this, current](bool on) { emit muteToggled(current(), on); });
    const auto needsConversation = [this, conversation] {
        const bool open = m_session->currentConversation() != 0;
        for (QAction *a : conversation->actions())
            a->setEnabled(open);
    };
    connect(conversation, &QMenu::aboutToShow, this, needsConversation);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *search = view->addAction(tr("&Search"), QKeySequence(tr("Ctrl+K")), this, [this] {
        m_list->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_list->searchField()->selectAll();
    });
    search->setShortcutContext(Qt::ApplicationShortcut);
    view->addAction(tr("&Previous conversation"), QKeySequence(tr("Alt+Up")), this, [this] { m_list->selectNeighbour(-1); });
    view->addAction(tr("&Next conversation"), QKeySequence(tr("Alt+Down")), this, [this] { m_list->selectNeighbour(1); });
    view->addAction(tr("&Back to the list"), QKeySequence(Qt::Key_Escape), this, [this] {
        m_list->view()->clearSelection();
        m_session->closeConversation();
        m_list->view()->setFocus(Qt::ShortcutFocusReason);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), QKeySequence(tr("Ctrl+/")), this, [this] {
        ShortcutHelpDialog dialog(menuBar(), this);
        dialog.exec();
    });
    keys->setObjectName(QStringLiteral("shortcutHelpAction"));
    help->addAction(tr("&About Relaydesk"), this, [this] {
        QMessageBox::about(this, tr("About Relaydesk"),
                           tr("<h3>Relaydesk %1</h3><p>A native inbox for a Facebook Page's Messenger conversations.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showCannedResponses()
{
    // One at a time; it stays open beside the inbox while the agent works.
    auto *dialog = findChild<CannedResponsesDialog *>();
    if (!dialog) {
        dialog = new CannedResponsesDialog(m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::openConversation(qint64 conversationId)
{
    m_session->openConversation(conversationId);
    m_list->select(conversationId);
}

void MainWindow::onConversationChanged(qint64 conversationId)
{
    m_stack->setCurrentWidget(conversationId ? static_cast<QWidget *>(m_chat) : m_placeholder);
    if (conversationId) {
        m_chat->refresh();
        m_chat->composer()->editor()->setFocus(Qt::OtherFocusReason);
    }
    updateAttention();
}

void MainWindow::setMuteChecked(bool muted)
{
    if (auto *mute = findChild<QAction *>(QStringLiteral("muteAction")))
        mute->setChecked(muted);
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 10'000);
}

void MainWindow::updateAttention()
{
    m_session->setAttentive(isActiveWindow() && !isMinimized() && isVisible());
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        updateAttention();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeToTray) {
        hide();
        event->ignore();
        updateAttention();
        return;
    }
    QMainWindow::closeEvent(event);
    emit quitRequested();
}

} // namespace Relaydesk::App
