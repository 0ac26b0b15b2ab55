#pragma once

#include "conversation.h"

#include <QStyledItemDelegate>

#include <functional>

namespace Relaydesk::App {

struct TeamDirectory;

// One row of the inbox: avatar, customer name and time, the last message (with
// "You:" for ours), unread badge, and a small line with page, status and assignee.
// Every row has the same height, so the list can use uniform item sizes and never
// asks 50,000 rows for their size.
class ConversationDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using PictureProvider = std::function<QImage(const QString &url)>;

    explicit ConversationDelegate(QObject *parent = nullptr);

    void setDirectory(const TeamDirectory *directory) { m_directory = directory; }
    // Returns the avatar if it has loaded (null image: draw initials).
    void setPictureProvider(PictureProvider provider) { m_pictures = std::move(provider); }
    void setShowPageName(bool show) { m_showPage = show; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString previewLabel(const QModelIndex &index);
    // "Open", "Pending", "Resolved", wherever a conversation's status is shown.
    static QString statusText(Relaydesk::Conversation::Status status);

private:
    const TeamDirectory *m_directory = nullptr;
    PictureProvider m_pictures;
    bool m_showPage = true;
};

} // namespace Relaydesk::App
