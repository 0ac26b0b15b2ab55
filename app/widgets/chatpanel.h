#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace Relaydesk::App {

class ChatView;
class Composer;
class InboxSession;
class MessageDelegate;

// The open conversation: a header (customer, page, assignee, status, actions), the
// bubbles, who else is here, and the composer.
class ChatPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChatPanel(InboxSession *session, QWidget *parent = nullptr);

    ChatView *view() const { return m_view; }
    Composer *composer() const { return m_composer; }
    MessageDelegate *delegate() const { return m_delegate; }

    // Refreshes the header and the reply window from the session's current conversation.
    void refresh();

signals:
    void attachRequested();

private:
    void send(const QString &text);
    void rebuildAssignMenu();
    void updatePresence(qint64 conversationId);

    InboxSession *m_session;
    QLabel *m_name;
    QLabel *m_details;
    QToolButton *m_assign;
    QToolButton *m_status;
    QToolButton *m_markUnread;
    ChatView *m_view;
    MessageDelegate *m_delegate;
    QLabel *m_presence;
    Composer *m_composer;
};

} // namespace Relaydesk::App
