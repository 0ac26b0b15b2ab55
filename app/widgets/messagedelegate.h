#pragma once

#include <QHash>
#include <QRect>
#include <QStyledItemDelegate>

#include <functional>
#include <memory>

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
    using PictureFailed = std::function<bool(const QString &url)>;

    explicit MessageDelegate(QObject *parent = nullptr);

    void setDirectory(const TeamDirectory *directory) { m_directory = directory; }
    void setPictureProvider(PictureProvider provider) { m_pictures = std::move(provider); }
    // Whether an image failed to load: drawn as "tap to retry", and a click asks for it again.
    void setPictureFailed(PictureFailed failed) { m_pictureFailed = std::move(failed); }

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
    // The agent clicked an image that failed to load.
    void pictureRetryRequested(const QString &url);

private:
    struct Layout;
    // Computes where everything of the bubble goes: text shaping, the costly part.
    Layout computeLayout(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // computeLayout() remembered by the row's content (MessageListModel::ContentKeyRole),
    // the width, the font and the sender's label: a chat of 10,000 messages is laid out
    // again whenever a row is added, and each paint and click needs the layout too.
    Layout layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString senderLabel(const QModelIndex &index) const;

    struct LayoutKey
    {
        quint64 content;
        size_t context; // width, font, sender
        bool operator==(const LayoutKey &o) const { return content == o.content && context == o.context; }
        friend size_t qHash(const LayoutKey &k, size_t seed = 0) { return qHashMulti(seed, k.content, k.context); }
    };

    const TeamDirectory *m_directory = nullptr;
    PictureProvider m_pictures;
    PictureFailed m_pictureFailed;
    mutable QHash<LayoutKey, std::shared_ptr<const Layout>> m_layouts; // at (0, 0)
};

} // namespace Relaydesk::App
