#include "conversationlistmodel.h"

#include "sortedplace.h"

#include <algorithm>

namespace Relaydesk::App {

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

bool ConversationListModel::before(const Conversation &a, const Conversation &b)
{
    return a.lastMessageAt != b.lastMessageAt ? a.lastMessageAt > b.lastMessageAt : a.id > b.id;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation &c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case CustomerNameRole: return c.customer.displayName();
    case IdRole: return c.id;
    case PageIdRole: return c.pageId;
    case PreviewTextRole: return c.previewText;
    case PreviewOutgoingRole: return c.previewOutgoing;
    case PreviewKindRole: return c.previewKind;
    case LastMessageAtRole: return c.lastMessageAt;
    case UnreadRole: return c.unreadCount;
    case StatusRole: return Conversation::statusName(c.status);
    case AssigneeIdRole: return c.assigneeId;
    case PictureUrlRole: return c.customer.pictureUrl;
    default: return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {IdRole, "conversationId"},
            {CustomerNameRole, "customerName"},
            {PageIdRole, "pageId"},
            {PreviewTextRole, "previewText"},
            {PreviewOutgoingRole, "previewOutgoing"},
            {PreviewKindRole, "previewKind"},
            {LastMessageAtRole, "lastMessageAt"},
            {UnreadRole, "unread"},
            {StatusRole, "status"},
            {AssigneeIdRole, "assigneeId"},
            {PictureUrlRole, "pictureUrl"}};
}

const Conversation *ConversationListModel::find(qint64 conversationId) const
{
    const auto it = m_all.constFind(conversationId);
    return it == m_all.cend() ? nullptr : &it.value();
}

void ConversationListModel::load(const QList<Conversation> &conversations)
{
    if (!m_all.isEmpty()) {
        // A reset would throw away the view's selection and scroll position.
        for (const Conversation &c : conversations)
            upsert(c);
        return;
    }
    // The same conversation twice (a snapshot page racing an event): the later copy wins.
    m_all.reserve(conversations.size());
    for (const Conversation &c : conversations)
        m_all.insert(c.id, c);
    const int unread = m_totalUnread;
    m_totalUnread = 0;
    for (const Conversation &c : std::as_const(m_all))
        m_totalUnread += c.unreadCount;
    rebuildRows();
    if (unread != m_totalUnread)
        emit totalUnreadChanged(m_totalUnread);
}

void ConversationListModel::setFilter(const ConversationFilter &filter)
{
    m_filter = filter;
    rebuildRows();
}

void ConversationListModel::rebuildRows()
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(m_all.size());
    for (const Conversation &c : std::as_const(m_all))
        if (m_filter.accepts(c))
            m_rows.append(c);
    std::sort(m_rows.begin(), m_rows.end(), before);
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    reindex(0, int(m_rows.size()) - 1);
    endResetModel();
}

void ConversationListModel::upsert(const Conversation &conversation)
{
    const auto known = m_all.constFind(conversation.id);
    const int unreadDelta = conversation.unreadCount - (known == m_all.cend() ? 0 : known->unreadCount);
    m_all.insert(conversation.id, conversation);

    const int row = rowOf(conversation.id);
    if (!m_filter.accepts(conversation)) {
        if (row >= 0)
            removeRow(row);
    } else if (row < 0) {
        insertRow(conversation);
    } else {
        updateRow(row, conversation);
    }
    if (unreadDelta != 0) {
        m_totalUnread += unreadDelta;
        emit totalUnreadChanged(m_totalUnread);
    }
}

void ConversationListModel::insertRow(const Conversation &conversation)
{
    const int at = int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), conversation, before) - m_rows.cbegin());
    beginInsertRows({}, at, at);
    m_rows.insert(at, conversation);
    reindex(at, int(m_rows.size()) - 1);
    endInsertRows();
}

void ConversationListModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rowOf.remove(m_rows.at(row).id);
    m_rows.removeAt(row);
    reindex(row, int(m_rows.size()) - 1);
    endRemoveRows();
}

void ConversationListModel::updateRow(int row, const Conversation &conversation)
{
    const SortedPlace place = sortedPlace(m_rows, row, conversation, before);
    if (place.to != row) {
        beginMoveRows({}, row, row, {}, place.destination);
        m_rows.move(row, place.to);
        reindex(std::min(row, place.to), std::max(row, place.to));
        endMoveRows();
    }
    m_rows[place.to] = conversation;
    const QModelIndex changed = index(place.to);
    emit dataChanged(changed, changed);
}

void ConversationListModel::applyEvents(const QList<Event> &events)
{
    for (const Event &e : events)
        if (e.hasConversation())
            upsert(e.conversation());
}

void ConversationListModel::reindex(int first, int last)
{
    for (int row = first; row <= last; ++row)
        m_rowOf.insert(m_rows.at(row).id, row);
}

} // namespace Relaydesk::App
