#include "messagelistmodel.h"

#include "sortedplace.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>

namespace Relaydesk::App {

namespace {

QVariantList attachmentList(const QList<Attachment> &attachments)
{
    QVariantList list;
    for (const Attachment &a : attachments)
        list.append(a.toJson().toVariantMap());
    return list;
}

bool sameDay(qint64 a, qint64 b)
{
    return QDateTime::fromMSecsSinceEpoch(a).date() == QDateTime::fromMSecsSinceEpoch(b).date();
}

} // namespace

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

bool MessageListModel::before(const Message &a, const Message &b)
{
    if (a.timestamp != b.timestamp)
        return a.timestamp < b.timestamp;
    const bool aLocal = a.id < 0;
    const bool bLocal = b.id < 0;
    if (aLocal != bLocal)
        return bLocal; // not acknowledged yet: after what the relay already has
    return aLocal ? a.id > b.id : a.id < b.id; // local ids count down
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Message &m = m_rows.at(row);
    switch (role) {
    case Qt::DisplayRole:
    case TextRole: return m.text;
    case IdRole: return m.id;
    case OutgoingRole: return m.direction == Message::Direction::Outgoing;
    case KindRole: return m.kind;
    case TimestampRole: return m.timestamp;
    case StatusRole: return int(m.status);
    case AttachmentsRole: return attachmentList(m.attachments);
    case ClientIdRole: return m.clientId;
    case AgentIdRole: return m.agentId;
    case SourceRole: return m.source;
    case EditedRole: return m.editCount > 0;
    case ReactionsRole: {
        QStringList emojis;
        for (const Reaction &r : m.reactions)
            emojis.append(r.emoji.isEmpty() ? r.reaction : r.emoji);
        return emojis.join(QLatin1Char(' '));
    }
    case ErrorMessageRole: return m.errorMessage;
    case QuotedTextRole: {
        if (m.replyToMid.isEmpty())
            return {};
        for (const Message &other : m_rows)
            if (other.mid == m.replyToMid)
                return other.text.isEmpty() && !other.attachments.isEmpty() ? tr("Attachment") : other.text;
        return {};
    }
    case FirstOfDayRole: return row == 0 || !sameDay(m_rows.at(row - 1).timestamp, m.timestamp);
    default: return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},       {IdRole, "messageId"},        {OutgoingRole, "outgoing"},
            {TextRole, "text"},                 {KindRole, "kind"},           {TimestampRole, "timestamp"},
            {StatusRole, "status"},             {AttachmentsRole, "attachments"}, {ClientIdRole, "clientId"},
            {AgentIdRole, "agentId"},           {SourceRole, "source"},       {EditedRole, "edited"},
            {ReactionsRole, "reactions"},       {ErrorMessageRole, "errorMessage"},
            {QuotedTextRole, "quotedText"},     {FirstOfDayRole, "firstOfDay"}};
}

int MessageListModel::rowOfId(qint64 id) const
{
    // The newest rows change most: search from the end.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row)
        if (m_rows.at(row).id == id)
            return row;
    return -1;
}

int MessageListModel::rowOfClientId(const QString &clientId) const
{
    if (clientId.isEmpty())
        return -1;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row)
        if (m_rows.at(row).clientId == clientId)
            return row;
    return -1;
}

int MessageListModel::findRow(const Message &message) const
{
    const int byId = rowOfId(message.id);
    return byId >= 0 ? byId : rowOfClientId(message.clientId);
}

void MessageListModel::setConversation(qint64 conversationId, const QList<Message> &messages)
{
    beginResetModel();
    m_conversationId = conversationId;
    m_rows.clear();
    for (const Message &m : messages)
        if (m.conversationId == conversationId && findRow(m) < 0)
            m_rows.append(m);
    std::stable_sort(m_rows.begin(), m_rows.end(), before);
    endResetModel();
}

void MessageListModel::upsert(const Message &message)
{
    if (m_conversationId == 0 || message.conversationId != m_conversationId)
        return;
    const int row = findRow(message);
    if (row >= 0) {
        // A late copy (an event replayed after the ack) must not undo a newer status.
        const Message &old = m_rows.at(row);
        if (old.id > 0 && message.id > 0 && message.status < old.status && message.status != Message::Status::Failed
            && old.status != Message::Status::Failed && message.editCount <= old.editCount
            && message.reactions == old.reactions)
            return;
        place(row, message);
        return;
    }
    const int at = int(std::upper_bound(m_rows.cbegin(), m_rows.cend(), message, before) - m_rows.cbegin());
    beginInsertRows({}, at, at);
    m_rows.insert(at, message);
    endInsertRows();
    rowsChangedAround(at, at);
}

void MessageListModel::place(int row, const Message &message)
{
    const SortedPlace place = sortedPlace(m_rows, row, message, before);
    if (place.to != row) {
        beginMoveRows({}, row, row, {}, place.destination);
        m_rows.move(row, place.to);
        endMoveRows();
    }
    m_rows[place.to] = message;
    rowsChangedAround(std::min(row, place.to), std::max(row, place.to));
}

void MessageListModel::rowsChangedAround(int first, int last)
{
    // The row below may gain or lose its day separator; a quote may now resolve.
    const int end = std::min(last + 1, int(m_rows.size()) - 1);
    emit dataChanged(index(std::max(first - 1, 0)), index(end));
}

void MessageListModel::prependOlder(qint64 conversationId, const QList<Message> &messages)
{
    if (conversationId != m_conversationId)
        return;
    for (const Message &m : messages)
        upsert(m); // pages overlap at the edge, and their order is the relay's: upsert keeps both right
}

void MessageListModel::applyEvents(const QList<Event> &events)
{
    for (const Event &e : events)
        if (e.hasMessage() && e.conversationId == m_conversationId)
            upsert(e.message());
}

} // namespace Relaydesk::App
