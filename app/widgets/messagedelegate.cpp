#include "messagedelegate.h"

#include "attachmentkind.h"
#include "displaytime.h"
#include "message.h"
#include "messagelistmodel.h"
#include "teamdirectory.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace Relaydesk::App {

namespace {

constexpr int SideMargin = 14;
constexpr int RowGap = 3;
constexpr int Pad = 9;            // inside the bubble
constexpr int Radius = 12;
constexpr int ImageWidth = 240;
constexpr int ImageHeight = 170;
constexpr int StatusWidth = 18;

using M = MessageListModel;

QFont smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.82);
    return f;
}

bool isImage(const QVariantMap &a)
{
    return a.value(QStringLiteral("type")).toString() == QLatin1String("image");
}

QString attachmentTitle(const QVariantMap &a)
{
    const QString name = a.value(QStringLiteral("name")).toString();
    if (!name.isEmpty())
        return name;
    const QString title = a.value(QStringLiteral("title")).toString();
    if (!title.isEmpty())
        return title;
    return AttachmentKind::label(a.value(QStringLiteral("type")).toString());
}

QString attachmentAction(const QVariantMap &a)
{
    const QString type = a.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("fallback"))
        return MessageDelegate::tr("Open link");
    if (a.value(QStringLiteral("url")).toString().startsWith(QLatin1String("relaydesk-upload:")))
        return MessageDelegate::tr("Uploading to Messenger…");
    return MessageDelegate::tr("Click to open or save");
}

// A tick mark in a 10×10 box at origin.
void drawTick(QPainter *p, QPointF origin)
{
    QPainterPath path;
    path.moveTo(origin + QPointF(0, 5.5));
    path.lineTo(origin + QPointF(3.2, 8.5));
    path.lineTo(origin + QPointF(9, 1.5));
    p->drawPath(path);
}

} // namespace

struct MessageDelegate::Layout
{
    QRect row;        // the whole item
    QRect day;        // day separator (empty if none)
    QRect sender;     // small label above the bubble (empty if none)
    QRect bubble;
    QRect quote;
    QRect text;
    QList<QRect> attachments;
    QRect footer;     // time, edited, status
    QRect failure;    // reason + Retry (failed replies)
    QRect retry;
    QRect reactions;
};

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString MessageDelegate::statusText(int status)
{
    switch (Message::Status(status)) {
    case Message::Status::Pending: return tr("Sending…");
    case Message::Status::Sent: return tr("Sent");
    case Message::Status::Delivered: return tr("Delivered");
    case Message::Status::Read: return tr("Read");
    case Message::Status::Failed: return tr("Not sent");
    case Message::Status::Received: break;
    }
    return {};
}

QString MessageDelegate::senderLabel(const QModelIndex &index) const
{
    if (index.data(M::KindRole).toString() == QLatin1String("note")) {
        // Said on every note: the customer never sees it.
        const qint64 agent = index.data(M::AgentIdRole).toLongLong();
        const QString name = m_directory && agent != m_directory->me.id ? m_directory->agentName(agent) : QString();
        return name.isEmpty() ? tr("Private note") : tr("Private note by %1").arg(name);
    }
    if (!index.data(M::OutgoingRole).toBool())
        return {};
    if (index.data(M::SourceRole).toString() == QLatin1String("page"))
        return tr("Sent from another tool");
    const qint64 agent = index.data(M::AgentIdRole).toLongLong();
    if (!m_directory || agent == 0 || agent == m_directory->me.id)
        return {};
    return m_directory->agentName(agent);
}

namespace {
constexpr int MaxCachedLayouts = 20'000; // a long chat and then some; cleared when full
}

MessageDelegate::Layout MessageDelegate::layoutFor(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant content = index.data(M::ContentKeyRole);
    if (!content.isValid())
        return computeLayout(option, index);
    const LayoutKey key{content.toULongLong(), qHashMulti(0, option.rect.width(), option.font, senderLabel(index))};
    auto it = m_layouts.constFind(key);
    if (it == m_layouts.cend()) {
        if (m_layouts.size() >= MaxCachedLayouts)
            m_layouts.clear();
        QStyleOptionViewItem atOrigin = option;
        atOrigin.rect.moveTopLeft({0, 0});
        it = m_layouts.insert(key, std::make_shared<const Layout>(computeLayout(atOrigin, index)));
    }
    Layout l = **it;
    const QPoint by = option.rect.topLeft();
    for (QRect *r : {&l.row, &l.day, &l.sender, &l.bubble, &l.quote, &l.text, &l.footer, &l.failure, &l.retry, &l.reactions})
        r->translate(by);
    for (QRect &r : l.attachments)
        r.translate(by);
    return l;
}

MessageDelegate::Layout MessageDelegate::computeLayout(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Layout l;
    const QFontMetrics fm(option.font);
    const QFontMetrics smallFm(smallFont(option.font));
    const int width = option.rect.width();
    const bool outgoing = index.data(M::OutgoingRole).toBool();
    const int maxBubble = std::max(160, std::min(width * 72 / 100, 560));
    int y = option.rect.top() + RowGap;

    if (index.data(M::FirstOfDayRole).toBool()) {
        l.day = QRect(option.rect.left(), y + 6, width, smallFm.height() + 10);
        y = l.day.bottom() + 1 + 8;
    }
    const QString sender = senderLabel(index);
    if (!sender.isEmpty()) {
        l.sender = QRect(0, y, maxBubble, smallFm.height());
        y += smallFm.height() + 2;
    }

    // Content width first: the widest of text, quote, attachments, footer.
    const QString text = index.data(M::TextRole).toString();
    const QString quote = index.data(M::QuotedTextRole).toString();
    const QVariantList attachments = index.data(M::AttachmentsRole).toList();
    const int maxContent = maxBubble - 2 * Pad;
    QRect textBox;
    if (!text.isEmpty())
        textBox = fm.boundingRect(QRect(0, 0, maxContent, 100000), Qt::TextWordWrap, text);
    const QString time = DisplayTime::clock(index.data(M::TimestampRole).toLongLong());
    QString footerText = time;
    if (index.data(M::EditedRole).toBool())
        footerText = tr("edited") + QStringLiteral("  ") + time;
    const int footerWidth = smallFm.horizontalAdvance(footerText) + (outgoing ? StatusWidth + 4 : 0);
    int content = std::max(textBox.width(), footerWidth);
    if (!quote.isEmpty())
        content = std::max(content, std::min(maxContent, fm.horizontalAdvance(quote) + 14));
    for (const QVariant &v : attachments)
        content = std::max(content, isImage(v.toMap()) ? ImageWidth : std::min(maxContent, 240));
    content = std::min(content, maxContent);

    const int bubbleLeft = outgoing ? option.rect.right() - SideMargin - (content + 2 * Pad) + 1
                                    : option.rect.left() + SideMargin;
    const int inner = bubbleLeft + Pad;
    int cy = y + Pad;
    if (!quote.isEmpty()) {
        l.quote = QRect(inner, cy, content, smallFm.height() + 8);
        cy = l.quote.bottom() + 1 + 6;
    }
    for (const QVariant &v : attachments) {
        const bool image = isImage(v.toMap());
        const QRect box(inner, cy, image ? std::min(ImageWidth, content) : content, image ? ImageHeight : fm.height() + smallFm.height() + 14);
        l.attachments.append(box);
        cy = box.bottom() + 1 + 6;
    }
    if (!text.isEmpty()) {
        l.text = QRect(inner, cy, content, textBox.height());
        cy = l.text.bottom() + 1 + 2;
    }
    l.footer = QRect(inner, cy, content, smallFm.height());
    cy = l.footer.bottom() + 1;
    if (outgoing && Message::Status(index.data(M::StatusRole).toInt()) == Message::Status::Failed) {
        // The reason and Retry go under the bubble, where the eye looks for the state.
        const QString reason = index.data(M::ErrorMessageRole).toString();
        const QString line = reason.isEmpty() ? tr("Not sent.") : tr("Not sent: %1").arg(reason);
        const int retryWidth = smallFm.horizontalAdvance(tr("Retry")) + 8;
        const QRect reasonBox = smallFm.boundingRect(QRect(0, 0, maxBubble - retryWidth - 8, 1000), Qt::TextWordWrap, line);
        const int failureWidth = reasonBox.width() + 8 + retryWidth;
        l.failure = QRect(option.rect.right() - SideMargin - failureWidth + 1, cy + Pad + 4, failureWidth, reasonBox.height());
        l.retry = QRect(l.failure.right() - retryWidth + 1, l.failure.top(), retryWidth, smallFm.height());
    }
    l.bubble = QRect(bubbleLeft, y, content + 2 * Pad, cy + Pad - y);
    if (!l.sender.isNull())
        l.sender.moveLeft(outgoing ? l.bubble.right() - smallFm.horizontalAdvance(sender) : l.bubble.left() + 4);
    int bottom = l.bubble.bottom() + 1;
    const QString reactions = index.data(M::ReactionsRole).toString();
    if (!reactions.isEmpty()) {
        const int w = fm.horizontalAdvance(reactions) + 14;
        const int h = fm.height() + 4;
        const int x = outgoing ? l.bubble.left() - 4 : l.bubble.right() - w + 4;
        l.reactions = QRect(std::max(x, option.rect.left() + 4), l.bubble.bottom() - 4, w, h);
        bottom = l.reactions.bottom() + 1;
    }
    if (!l.failure.isNull())
        bottom = std::max(bottom, l.failure.bottom() + 1);
    l.row = QRect(option.rect.left(), option.rect.top(), width, bottom - option.rect.top() + RowGap);
    return l;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    opt.rect.moveTopLeft({0, 0});
    // Views do not say how wide an item may be: a bubble wraps at the viewport's width.
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        opt.rect.setWidth(view->viewport()->width());
    return layoutFor(opt, index).row.size();
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout l = layoutFor(option, index);
    const QPalette &pal = option.palette;
    const bool outgoing = index.data(M::OutgoingRole).toBool();
    const auto status = Message::Status(index.data(M::StatusRole).toInt());
    const QFont small = smallFont(option.font);
    QColor muted = pal.color(QPalette::Text);
    muted.setAlphaF(0.6);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    if (!l.day.isNull()) {
        const QDate date = QDateTime::fromMSecsSinceEpoch(index.data(M::TimestampRole).toLongLong()).date();
        const QDate today = QDate::currentDate();
        const QString label = date == today ? tr("Today")
                            : date.daysTo(today) == 1 ? tr("Yesterday")
                            : QLocale().toString(date, QLocale::LongFormat);
        painter->setFont(small);
        const int w = QFontMetrics(small).horizontalAdvance(label) + 24;
        const QRect pill(l.day.center().x() - w / 2, l.day.top(), w, l.day.height());
        QColor pillColor = pal.color(QPalette::Text);
        pillColor.setAlphaF(0.08);
        QPainterPath path;
        path.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
        painter->fillPath(path, pillColor);
        painter->setPen(muted);
        painter->drawText(pill, Qt::AlignCenter, label);
    }
    if (!l.sender.isNull()) {
        painter->setFont(small);
        painter->setPen(muted);
        painter->drawText(l.sender.adjusted(0, 0, 400, 0), Qt::AlignLeft | Qt::AlignVCenter, senderLabel(index));
    }

    QColor bubbleColor;
    QColor textColor;
    if (index.data(M::KindRole).toString() == QLatin1String("note")) {
        // A note's own colours, the same in light and dark themes: never taken for a reply.
        bubbleColor = QColor(0xff, 0xf3, 0xcd);
        if (status == Message::Status::Pending || status == Message::Status::Failed)
            bubbleColor.setAlphaF(0.8);
        textColor = QColor(0x3d, 0x30, 0x00);
    } else if (outgoing) {
        bubbleColor = pal.color(QPalette::Highlight);
        if (status == Message::Status::Pending || status == Message::Status::Failed)
            bubbleColor.setAlphaF(0.7); // not there yet: a little lighter
        textColor = pal.color(QPalette::HighlightedText);
    } else {
        const QColor base = pal.color(QPalette::Base);
        const QColor ink = pal.color(QPalette::Text);
        // 9% of the text colour over the base: a visible grey in light and dark themes.
        bubbleColor = QColor::fromRgbF(base.redF() * 0.91 + ink.redF() * 0.09, base.greenF() * 0.91 + ink.greenF() * 0.09,
                                       base.blueF() * 0.91 + ink.blueF() * 0.09);
        textColor = ink;
    }
    QColor subtle = textColor;
    subtle.setAlphaF(0.72);
    QPainterPath bubble;
    bubble.addRoundedRect(QRectF(l.bubble), Radius, Radius);
    painter->fillPath(bubble, bubbleColor);
    if (status == Message::Status::Failed && outgoing) {
        painter->setPen(QPen(QColor(0xd9, 0x3f, 0x3f), 1.5));
        painter->drawPath(bubble);
    }

    if (!l.quote.isNull()) {
        QColor bar = textColor;
        bar.setAlphaF(0.5);
        painter->fillRect(QRect(l.quote.left(), l.quote.top(), 3, l.quote.height()), bar);
        painter->setFont(small);
        painter->setPen(subtle);
        const QRect q = l.quote.adjusted(9, 0, 0, 0);
        painter->drawText(q, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(small).elidedText(index.data(M::QuotedTextRole).toString().simplified(), Qt::ElideRight, q.width()));
    }

    const QVariantList attachments = index.data(M::AttachmentsRole).toList();
    for (int i = 0; i < l.attachments.size() && i < attachments.size(); ++i) {
        const QVariantMap a = attachments.at(i).toMap();
        const QRect box = l.attachments.at(i);
        QPainterPath clip;
        clip.addRoundedRect(QRectF(box), 8, 8);
        if (isImage(a)) {
            const QImage image = m_pictures ? m_pictures(a.value(QStringLiteral("url")).toString()) : QImage();
            if (!image.isNull()) {
                const QImage scaled = image.scaled(box.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
                const QRect target(box.left(), box.top(), scaled.width(), scaled.height());
                painter->save();
                painter->setClipPath(clip);
                painter->drawImage(target, scaled);
                painter->restore();
            } else {
                QColor placeholder = textColor;
                placeholder.setAlphaF(0.1);
                painter->fillPath(clip, placeholder);
                painter->setFont(small);
                painter->setPen(subtle);
                QString label = AttachmentKind::label(a.value(QStringLiteral("sticker_id")).toString().isEmpty()
                                                          ? QStringLiteral("image") : QStringLiteral("sticker"));
                // Failed for now (it is tried again by itself): say so, and that a tap tries at once.
                if (m_pictureFailed && m_pictureFailed(a.value(QStringLiteral("url")).toString())) {
                    const int line = QFontMetrics(small).height();
                    painter->drawText(box.adjusted(0, 0, 0, -line), Qt::AlignCenter, tr("%1 not loaded").arg(label));
                    QFont link = small;
                    link.setUnderline(true);
                    painter->setFont(link);
                    painter->setPen(pal.color(QPalette::Link));
                    painter->drawText(box.adjusted(0, line, 0, 0), Qt::AlignCenter, tr("Tap to retry"));
                } else {
                    painter->drawText(box, Qt::AlignCenter, label);
                }
            }
            continue;
        }
        QColor card = textColor;
        card.setAlphaF(0.1);
        painter->fillPath(clip, card);
        const QFontMetrics fm(option.font);
        const QRect icon(box.left() + 8, box.top() + (box.height() - 28) / 2, 24, 28);
        painter->setPen(QPen(subtle, 1.4));
        QPainterPath doc; // a page with a folded corner
        doc.moveTo(icon.topLeft());
        doc.lineTo(icon.right() - 7, icon.top());
        doc.lineTo(icon.right(), icon.top() + 7);
        doc.lineTo(icon.bottomRight());
        doc.lineTo(icon.bottomLeft());
        doc.closeSubpath();
        painter->drawPath(doc);
        const int tx = icon.right() + 10;
        const int tw = box.right() - 8 - tx;
        painter->setFont(option.font);
        painter->setPen(textColor);
        painter->drawText(QRect(tx, box.top() + 6, tw, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(attachmentTitle(a), Qt::ElideMiddle, tw));
        painter->setFont(small);
        painter->setPen(subtle);
        painter->drawText(QRect(tx, box.top() + 6 + fm.height(), tw, QFontMetrics(small).height()),
                          Qt::AlignLeft | Qt::AlignVCenter, attachmentAction(a));
    }

    if (!l.text.isNull()) {
        painter->setFont(option.font);
        painter->setPen(textColor);
        painter->drawText(l.text, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, index.data(M::TextRole).toString());
    }

    // Footer: [edited] time [status]
    painter->setFont(small);
    painter->setPen(subtle);
    QString footer = DisplayTime::clock(index.data(M::TimestampRole).toLongLong());
    if (index.data(M::EditedRole).toBool())
        footer = tr("edited") + QStringLiteral("  ") + footer;
    QRect timeRect = l.footer;
    if (outgoing)
        timeRect.setRight(l.footer.right() - StatusWidth - 4);
    painter->drawText(timeRect, Qt::AlignRight | Qt::AlignVCenter, footer);
    if (outgoing) {
        const QPointF o(l.footer.right() - StatusWidth + 1, l.footer.center().y() - 5);
        QColor mark = subtle;
        if (status == Message::Status::Read)
            mark = textColor; // full strength: read
        painter->setPen(QPen(mark, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        switch (status) {
        case Message::Status::Pending: { // a small clock
            const QRectF face(o.x() + 2, o.y(), 10, 10);
            painter->drawEllipse(face);
            painter->drawLine(face.center(), face.center() + QPointF(0, -3.2));
            painter->drawLine(face.center(), face.center() + QPointF(2.4, 0));
            break;
        }
        case Message::Status::Sent:
            drawTick(painter, o + QPointF(3, 0));
            break;
        case Message::Status::Delivered:
        case Message::Status::Read:
            drawTick(painter, o);
            drawTick(painter, o + QPointF(5, 0));
            break;
        case Message::Status::Failed: {
            const QRectF face(o.x() + 2, o.y() - 0.5, 11, 11);
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0xd9, 0x3f, 0x3f));
            painter->drawEllipse(face);
            painter->setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(QPointF(face.center().x(), face.top() + 2.5), QPointF(face.center().x(), face.center().y() + 1));
            painter->drawPoint(QPointF(face.center().x(), face.bottom() - 2.4));
            break;
        }
        case Message::Status::Received:
            break;
        }
    }

    if (!l.failure.isNull()) {
        const QString reason = index.data(M::ErrorMessageRole).toString();
        painter->setFont(small);
        painter->setPen(QColor(0xd9, 0x3f, 0x3f));
        painter->drawText(l.failure.adjusted(0, 0, -l.retry.width() - 8, 0), Qt::TextWordWrap | Qt::AlignRight | Qt::AlignTop,
                          reason.isEmpty() ? tr("Not sent.") : tr("Not sent: %1").arg(reason));
        QFont link = small;
        link.setBold(true);
        link.setUnderline(true);
        painter->setFont(link);
        painter->setPen(pal.color(QPalette::Link));
        painter->drawText(l.retry, Qt::AlignRight | Qt::AlignTop, tr("Retry"));
    }

    if (!l.reactions.isNull()) {
        QPainterPath pill;
        pill.addRoundedRect(QRectF(l.reactions), l.reactions.height() / 2.0, l.reactions.height() / 2.0);
        painter->fillPath(pill, pal.color(QPalette::Base));
        QColor edge = pal.color(QPalette::Text);
        edge.setAlphaF(0.18);
        painter->setPen(QPen(edge, 1));
        painter->drawPath(pill);
        painter->setFont(option.font);
        painter->setPen(pal.color(QPalette::Text));
        painter->drawText(l.reactions, Qt::AlignCenter, index.data(M::ReactionsRole).toString());
    }
    painter->restore();
}

QRect MessageDelegate::retryLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layoutFor(option, index).retry;
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                  const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton) {
            const Layout l = layoutFor(option, index);
            const QPoint at = mouse->position().toPoint();
            if (!l.retry.isNull() && l.retry.adjusted(-4, -4, 4, 4).contains(at)) {
                emit retryRequested(index);
                return true;
            }
            const QVariantList attachments = index.data(M::AttachmentsRole).toList();
            for (int i = 0; i < l.attachments.size(); ++i) {
                if (!l.attachments.at(i).contains(at))
                    continue;
                const QVariantMap a = attachments.value(i).toMap();
                const QString url = a.value(QStringLiteral("url")).toString();
                if (isImage(a) && m_pictureFailed && m_pictureFailed(url))
                    emit pictureRetryRequested(url);
                else
                    emit attachmentActivated(index, i);
                return true;
            }
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                const QModelIndex &index)
{
    if (!event || !view || event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const Layout l = layoutFor(option, index);
    if (l.bubble.contains(event->pos())) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(index.data(M::TimestampRole).toLongLong());
        QString tip = QLocale().toString(at, QLocale::LongFormat);
        if (index.data(M::OutgoingRole).toBool())
            tip += QStringLiteral("\n") + statusText(index.data(M::StatusRole).toInt());
        QToolTip::showText(event->globalPos(), tip, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace Relaydesk::App
