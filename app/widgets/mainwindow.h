#pragma once

#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QSplitter;

namespace Relaydesk::App {

class ChatPanel;
class ConnectionStatusLabel;
class ConversationListPanel;
class InboxSession;

// The inbox window: conversation list on the left, the open chat on the right, the
// connection state in the status bar. It shows and forwards; the session does.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(InboxSession *session, QWidget *parent = nullptr);

    ConversationListPanel *listPanel() const { return m_list; }
    ChatPanel *chatPanel() const { return m_chat; }
    QSplitter *splitter() const { return m_splitter; }
    void setCloseToTray(bool enabled) { m_closeToTray = enabled; }
    // The Conversation menu's Mute check mark, for the conversation now open.
    void setMuteChecked(bool muted);

public slots:
    void openConversation(qint64 conversationId);
    void showError(const QString &message);
    // The team's canned responses, to add, edit and delete (File menu, Ctrl+Shift+A).
    void showCannedResponses();

signals:
    void settingsRequested();
    void signOutRequested();
    void quitRequested();
    void muteToggled(qint64 conversationId, bool muted);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void updateAttention();
    void onConversationChanged(qint64 conversationId);

    InboxSession *m_session;
    ConversationListPanel *m_list;
    ChatPanel *m_chat;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QSplitter *m_splitter;
    ConnectionStatusLabel *m_status;
    bool m_closeToTray = false;
};

} // namespace Relaydesk::App
