#pragma once

#include <QRect>
#include <QStyledItemDelegate>

#include <functional>

namespace Relaydesk::App {

struct TeamDirectory;

// One message of the open chat as a bubble: customer's on the left, ours on the
// right in the accent colour; a day separator above the first message of a day;
// the quoted message it replies to; attachments (image thumbnails, file cards);
// time, "edited" and the delivery state; reactions; for a failed reply, Meta's
// reason and a Retry link.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using PictureProvider = std::function<QImage(const QString &url)>;

    explicit MessageDelegate(QObject *parent = nullptr);

    void setDirectory(const TeamDirectory *directory) { m_directory = directory; }
    void setPictureProvider(PictureProvider provider) { m_pictures = std::move(provider); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    static QString statusText(int status);
    // Where the Retry link of a failed reply is drawn (null if none): for hit tests.
    QRect retryLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

signals:
    void retryRequested(const QModelIndex &index);
    void attachmentActivated(const QModelIndex &index, int attachment);

private:
    struct Layout;
    Layout layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString senderLabel(const QModelIndex &index) const;

    const TeamDirectory *m_directory = nullptr;
    PictureProvider m_pictures;
};

} // namespace Relaydesk::App
