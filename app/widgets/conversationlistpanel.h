#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTimer;

namespace Relaydesk::App {

class ConversationDelegate;
class ConversationListView;
class InboxSession;

// The left side of the inbox: search, the box and page filters, and the list.
class ConversationListPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationListPanel(InboxSession *session, QWidget *parent = nullptr);

    ConversationListView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    ConversationDelegate *delegate() const { return m_delegate; }
    // Selects the conversation's row if the filter shows it.
    void select(qint64 conversationId);
    // Alt+Up / Alt+Down.
    void selectNeighbour(int step);

signals:
    void conversationActivated(qint64 conversationId);

private:
    void rebuildPages();

    InboxSession *m_session;
    QLineEdit *m_search;
    QComboBox *m_box;
    QComboBox *m_page;
    ConversationListView *m_view;
    ConversationDelegate *m_delegate;
    QTimer *m_searchDelay;
};

} // namespace Relaydesk::App
