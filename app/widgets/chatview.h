#pragma once

#include <QListView>

namespace Relaydesk::App {

// The list of bubbles. Follows new messages while the agent is at the bottom, keeps
// the reading position when older history is inserted above, and asks for older
// history when scrolled to the top.
class ChatView : public QListView
{
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);
    void setModel(QAbstractItemModel *model) override;
    bool isAtBottom() const;

signals:
    void olderMessagesWanted();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onScrolled(int value);
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);

    bool m_followBottom = true;
    bool m_insertingAbove = false;
    int m_distanceFromBottom = 0;
    bool m_askedForOlder = false;
};

} // namespace Relaydesk::App
