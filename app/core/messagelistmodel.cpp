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

size_t hashOf(const Message &m, size_t seed)
{
    seed = qHashMulti(seed, m.id, int(m.direction), m.kind, m.text, m.timestamp, int(m.status), m.clientId, m.agentId,
                      m.source, m.replyToMid, m.editCount, m.errorMessage);
    for (const Attachment &a : m.attachments)
        seed = qHashMulti(seed, a.type, a.url, a.title, a.stickerId, a.name);
    for (const Reaction &r : m.reactions)
        seed = qHashMulti(seed, r.reaction, r.emoji);
    return seed;
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
    case QuotedTextRole: return quotedText(m);
    case FirstOfDayRole: return firstOfDay(row);
    case ContentKeyRole: {
        size_t key = hashOf(m, 0x52d);
        key = qHashMulti(key, firstOfDay(row), quotedText(m).toString());
        return quint64(key);
    }
    default: return {};
    }
}

QVariant MessageListModel::quotedText(const Message &m) const
{
    if (m.replyToMid.isEmpty())
        return {};
    const auto it = m_quotes.constFind(m.replyToMid);
    if (it == m_quotes.cend())
        return {};
    return it->attachmentOnly ? tr("Attachment") : it->text;
}

bool MessageListModel::firstOfDay(int row) const
{
    return row == 0 || localDay(m_rows.at(row - 1).timestamp) != localDay(m_rows.at(row).timestamp);
}

qint64 MessageListModel::localDay(qint64 msecs) const
{
    auto it = m_days.upper_bound(msecs);
    if (it != m_days.begin()) {
        --it;
        if (msecs < it->second.first)
            return it->second.second;
    }
    const QDate date = QDateTime::fromMSecsSinceEpoch(msecs).date();
    const qint64 start = date.startOfDay().toMSecsSinceEpoch();
    const qint64 end = date.addDays(1).startOfDay().toMSecsSinceEpoch();
    if (m_days.size() > 4096)
        m_days.clear();
    if (start <= msecs && msecs < end)
        m_days[start] = {end, date.toJulianDay()};
    return date.toJulianDay();
}

void MessageListModel::remember(const Message &m)
{
    m_ids.insert(m.id);
    if (!m.clientId.isEmpty())
        m_clientIds.insert(m.clientId);
    if (!m.mid.isEmpty())
        m_quotes.insert(m.mid, {m.text, m.text.isEmpty() && !m.attachments.isEmpty()});
}

void MessageListModel::forget(const Message &m)
{
    m_ids.remove(m.id);
    if (!m.clientId.isEmpty())
        m_clientIds.remove(m.clientId);
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},       {IdRole, "messageId"},        {OutgoingRole, "outgoing"},
            {TextRole, "text"},                 {KindRole, "kind"},           {TimestampRole, "timestamp"},
            {StatusRole, "status"},             {AttachmentsRole, "attachments"}, {ClientIdRole, "clientId"},
            {AgentIdRole, "agentId"},           {SourceRole, "source"},       {EditedRole, "edited"},
            {ReactionsRole, "reactions"},       {ErrorMessageRole, "errorMessage"},
            {QuotedTextRole, "quotedText"},     {FirstOfDayRole, "firstOfDay"},
            {ContentKeyRole, "contentKey"}};
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
    const int byId = m_ids.contains(message.id) ? rowOfId(message.id) : -1;
    if (byId >= 0 || message.clientId.isEmpty() || !m_clientIds.contains(message.clientId))
        return byId;
    return rowOfClientId(message.clientId);
}

Message MessageListModel::noteRow(const Note &note, Message::Status status)
{
    constexpr qint64 RelayNotes = -(qint64(1) << 50); // replies not acknowledged are small negatives
    constexpr qint64 LocalNotes = -(qint64(1) << 51);
    Message m;
    m.id = note.id > 0 ? RelayNotes - note.id : LocalNotes + note.id;
    m.conversationId = note.conversationId;
    m.direction = Message::Direction::Outgoing;
    m.kind = QStringLiteral("note");
    m.text = note.text;
    m.timestamp = note.createdAt;
    m.status = status;
    m.clientId = note.clientId;
    m.agentId = note.agentId;
    m.source = QStringLiteral("relaydesk");
    return m;
}

void MessageListModel::setConversation(qint64 conversationId, const QList<Message> &messages)
{
    beginResetModel();
    m_conversationId = conversationId;
    m_rows.clear();
    m_ids.clear();
    m_clientIds.clear();
    m_quotes.clear();
    m_days.clear(); // also picks up a time zone change, at the latest with the next chat opened
    for (const Message &m : messages) {
        if (m.conversationId == conversationId && findRow(m) < 0) {
            m_rows.append(m);
            remember(m);
        }
    }
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
    remember(message);
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
    forget(m_rows.at(place.to));
    m_rows[place.to] = message;
    remember(message);
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
    if (conversationId != m_conversationId || messages.isEmpty())
        return;
    // The usual page: all new, in order, older than every row: one insert at the top
    // (the view lays the chat out once, not once per message).
    QSet<qint64> seen;
    const bool wholePage = std::is_sorted(messages.cbegin(), messages.cend(), before)
        && (m_rows.isEmpty() || before(messages.last(), m_rows.first()))
        && std::none_of(messages.cbegin(), messages.cend(), [&](const Message &m) {
               const bool repeated = seen.contains(m.id);
               seen.insert(m.id);
               return repeated || m.conversationId != m_conversationId || findRow(m) >= 0;
           });
    if (!wholePage) {
        for (const Message &m : messages)
            upsert(m); // pages overlap at the edge: upsert keeps both right
        return;
    }
    const int count = int(messages.size());
    beginInsertRows({}, 0, count - 1);
    m_rows.insert(0, count, Message());
    for (int i = 0; i < count; ++i) {
        m_rows[i] = messages.at(i);
        remember(messages.at(i));
    }
    endInsertRows();
    rowsChangedAround(count - 1, count - 1); // the old first row may lose its day separator
}

void MessageListModel::applyEvents(const QList<Event> &events)
{
    for (const Event &e : events)
        if (e.hasMessage() && e.conversationId == m_conversationId)
            upsert(e.message());
}

} // namespace Relaydesk::App
