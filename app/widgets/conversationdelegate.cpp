#include "conversationdelegate.h"

#include "attachmentkind.h"
#include "avatarpainter.h"
#include "conversationlistmodel.h"
#include "displaytime.h"
#include "teamdirectory.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

namespace Relaydesk::App {

namespace {

constexpr int Margin = 10;
constexpr int Avatar = 42;
constexpr int Spacing = 10;

} // namespace

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ConversationDelegate::statusText(Conversation::Status status)
{
    switch (status) {
    case Conversation::Status::Open: return tr("Open");
    case Conversation::Status::Pending: return tr("Pending");
    case Conversation::Status::Resolved: return tr("Resolved");
    }
    return {};
}

QString ConversationDelegate::previewLabel(const QModelIndex &index)
{
    using M = ConversationListModel;
    QString text = index.data(M::PreviewTextRole).toString().simplified();
    const QString kind = index.data(M::PreviewKindRole).toString();
    if (text.isEmpty() && !kind.isEmpty() && kind != QLatin1String("text"))
        text = AttachmentKind::label(kind);
    if (index.data(M::PreviewOutgoingRole).toBool())
        return tr("You: %1").arg(text);
    return text;
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const int textHeight = fm.height() * 2 + QFontMetrics(small).height() + 4;
    return {280, std::max(Avatar, textHeight) + 2 * Margin};
}

void ConversationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    using M = ConversationListModel;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // we draw the text ourselves
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    const QColor text = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.62);

    const QRect r = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    const QString name = index.data(M::CustomerNameRole).toString();
    QImage picture;
    const QString pictureUrl = index.data(M::PictureUrlRole).toString();
    if (m_pictures && !pictureUrl.isEmpty())
        picture = m_pictures(pictureUrl);
    const QRect avatarRect(r.left(), r.top() + (r.height() - Avatar) / 2, Avatar, Avatar);
    AvatarPainter::paint(painter, avatarRect, name, picture);

    painter->save();
    const int unread = index.data(M::UnreadRole).toInt();
    const int left = avatarRect.right() + Spacing;
    QFont nameFont = option.font;
    nameFont.setBold(true);
    QFont bodyFont = option.font;
    bodyFont.setBold(unread > 0);
    QFont smallFont = option.font;
    smallFont.setPointSizeF(smallFont.pointSizeF() * 0.85);
    const QFontMetrics nameFm(nameFont), bodyFm(bodyFont), smallFm(smallFont);

    // Line 1: name ........ time
    const QString when = DisplayTime::relative(index.data(M::LastMessageAtRole).toLongLong(), QDateTime::currentMSecsSinceEpoch());
    const int whenWidth = smallFm.horizontalAdvance(when);
    const int line1 = r.top();
    painter->setFont(smallFont);
    painter->setPen(unread > 0 && !selected ? pal.color(QPalette::Highlight) : muted);
    painter->drawText(QRect(r.right() - whenWidth, line1, whenWidth, nameFm.height()), Qt::AlignRight | Qt::AlignVCenter, when);
    painter->setFont(nameFont);
    painter->setPen(text);
    const int nameWidth = r.right() - whenWidth - Spacing - left;
    painter->drawText(QRect(left, line1, nameWidth, nameFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      nameFm.elidedText(name, Qt::ElideRight, nameWidth));

    // Line 2: preview ........ (unread badge)
    const int line2 = line1 + nameFm.height() + 1;
    int previewRight = r.right();
    if (unread > 0) {
        const QString count = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        QFont badgeFont = smallFont;
        badgeFont.setBold(true);
        const QFontMetrics badgeFm(badgeFont);
        const int h = badgeFm.height() + 2;
        const int w = std::max(h, badgeFm.horizontalAdvance(count) + 10);
        const QRect badge(r.right() - w, line2 + (bodyFm.height() - h) / 2, w, h);
        painter->setRenderHint(QPainter::Antialiasing);
        QPainterPath pill;
        pill.addRoundedRect(QRectF(badge), h / 2.0, h / 2.0);
        painter->fillPath(pill, selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Highlight));
        painter->setFont(badgeFont);
        painter->setPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::HighlightedText));
        painter->drawText(badge, Qt::AlignCenter, count);
        previewRight = badge.left() - Spacing;
    }
    if (index.data(M::MentionedRole).toBool()) {
        // "@": a colleague's note mentions this agent here.
        QFont atFont = smallFont;
        atFont.setBold(true);
        const QFontMetrics atFm(atFont);
        const int h = atFm.height() + 2;
        const QRect at(previewRight - h, line2 + (bodyFm.height() - h) / 2, h, h);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe0, 0x9b, 0x00));
        painter->drawEllipse(at);
        painter->setFont(atFont);
        painter->setPen(Qt::white);
        painter->drawText(at, Qt::AlignCenter, QStringLiteral("@"));
        previewRight = at.left() - Spacing;
    }
    painter->setFont(bodyFont);
    painter->setPen(unread > 0 ? text : muted);
    const int previewWidth = previewRight - left;
    painter->drawText(QRect(left, line2, previewWidth, bodyFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      bodyFm.elidedText(previewLabel(index), Qt::ElideRight, previewWidth));

    // Line 3: page · status · assignee
    QStringList meta;
    const QString pageId = index.data(M::PageIdRole).toString();
    if (m_showPage && m_directory)
        meta.append(m_directory->pageName(pageId));
    Conversation::Status status = Conversation::Status::Open;
    Conversation::statusFromName(index.data(M::StatusRole).toString(), &status);
    meta.append(statusText(status));
    const qint64 assignee = index.data(M::AssigneeIdRole).toLongLong();
    if (assignee == 0)
        meta.append(tr("Unassigned"));
    else if (m_directory && assignee == m_directory->me.id)
        meta.append(tr("Assigned to you"));
    else {
        const QString who = m_directory ? m_directory->agentName(assignee) : QString();
        meta.append(who.isEmpty() ? tr("Assigned") : tr("Assigned to %1").arg(who));
    }
    const int line3 = line2 + bodyFm.height() + 2;
    painter->setFont(smallFont);
    painter->setPen(muted);
    const int metaWidth = r.right() - left;
    painter->drawText(QRect(left, line3, metaWidth, smallFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      smallFm.elidedText(meta.join(QStringLiteral("  ·  ")), Qt::ElideRight, metaWidth));
    painter->restore();
}

} // namespace Relaydesk::App
