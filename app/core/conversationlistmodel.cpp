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

bool ConversationListModel::rowBefore(const Row &a, const Row &b)
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
    const Conversation &c = conversationAt(index.row());
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
    case MentionedRole: return m_mentioned.contains(c.id);
    default: return {};
    }
}

void ConversationListModel::setMentioned(const QSet<qint64> &conversationIds)
{
    const QSet<qint64> changed = (conversationIds - m_mentioned) + (m_mentioned - conversationIds);
    m_mentioned = conversationIds;
    for (const qint64 id : changed) {
        const int row = rowOf(id);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {MentionedRole});
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

int ConversationListModel::rowOf(qint64 conversationId) const
{
    const auto it = m_all.constFind(conversationId);
    return it == m_all.cend() ? -1 : findRow(*it);
}

int ConversationListModel::findRow(const Conversation &stored) const
{
    const Row key = keyOf(stored);
    const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), key, rowBefore);
    return at != m_rows.cend() && at->id == key.id ? int(at - m_rows.cbegin()) : -1;
}

void ConversationListModel::load(const QList<Conversation> &conversations)
{
    const int unread = m_totalUnread;
    if (!m_all.isEmpty()) {
        // A reset would throw away the view's selection and scroll position.
        for (const Conversation &c : conversations)
            upsertOne(c);
        emitUnreadIfChanged(unread);
        return;
    }
    // The same conversation twice (a snapshot page racing an event): the later copy wins.
    m_all.reserve(conversations.size());
    for (const Conversation &c : conversations)
        m_all.insert(c.id, c);
    m_totalUnread = 0;
    for (const Conversation &c : std::as_const(m_all))
        m_totalUnread += c.unreadCount;
    rebuildRows();
    emitUnreadIfChanged(unread);
}

void ConversationListModel::appendOlder(const QList<Conversation> &older)
{
    const int unread = m_totalUnread;
    QList<Row> tail;
    tail.reserve(older.size());
    for (const Conversation &c : older) {
        if (m_all.contains(c.id)) {
            upsertOne(c); // a live event brought it already; the cache's copy is no older
            continue;
        }
        m_all.insert(c.id, c);
        m_totalUnread += c.unreadCount;
        if (m_filter.accepts(c))
            tail.append(keyOf(c));
    }
    std::sort(tail.begin(), tail.end(), rowBefore);
    if (!tail.isEmpty() && (m_rows.isEmpty() || rowBefore(m_rows.last(), tail.first()))) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(tail.size()) - 1);
        m_rows += tail;
        endInsertRows();
    } else {
        // Rows below it arrived with events: each goes to its place.
        for (const Row &key : std::as_const(tail))
            insertRow(*m_all.constFind(key.id));
    }
    emitUnreadIfChanged(unread);
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
            m_rows.append(keyOf(c));
    std::sort(m_rows.begin(), m_rows.end(), rowBefore);
    endResetModel();
}

void ConversationListModel::upsert(const Conversation &conversation)
{
    const int unread = m_totalUnread;
    upsertOne(conversation);
    emitUnreadIfChanged(unread);
}

void ConversationListModel::upsertOne(const Conversation &conversation)
{
    // Where it is shown now, found by the key it had: before m_all takes the new state.
    const auto known = m_all.find(conversation.id);
    const int row = known == m_all.end() ? -1 : findRow(*known);
    m_totalUnread += conversation.unreadCount - (known == m_all.end() ? 0 : known->unreadCount);
    if (known == m_all.end())
        m_all.insert(conversation.id, conversation);
    else
        *known = conversation;

    if (!m_filter.accepts(conversation)) {
        if (row >= 0)
            removeRow(row);
    } else if (row < 0) {
        insertRow(conversation);
    } else {
        updateRow(row, conversation);
    }
}

void ConversationListModel::emitUnreadIfChanged(int before)
{
    if (m_totalUnread != before)
        emit totalUnreadChanged(m_totalUnread);
}

void ConversationListModel::insertRow(const Conversation &conversation)
{
    const Row key = keyOf(conversation);
    const int at = int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), key, rowBefore) - m_rows.cbegin());
    beginInsertRows({}, at, at);
    m_rows.insert(at, key);
    endInsertRows();
}

void ConversationListModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ConversationListModel::updateRow(int row, const Conversation &conversation)
{
    const SortedPlace place = sortedPlace(m_rows, row, keyOf(conversation), rowBefore);
    if (place.to != row) {
        beginMoveRows({}, row, row, {}, place.destination);
        m_rows.move(row, place.to);
        m_rows[place.to] = keyOf(conversation);
        endMoveRows();
    } else {
        m_rows[row] = keyOf(conversation);
    }
    const QModelIndex changed = index(place.to);
    emit dataChanged(changed, changed);
}

void ConversationListModel::applyEvents(const QList<Event> &events)
{
    // One unread signal per batch: the tray and the tooltip follow the batch, not each event.
    const int unread = m_totalUnread;
    for (const Event &e : events)
        if (e.hasConversation())
            upsertOne(e.conversation());
    emitUnreadIfChanged(unread);
}

} // namespace Relaydesk::App
