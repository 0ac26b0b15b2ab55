#pragma once

#include "conversation.h"
#include "conversationfilter.h"
#include "event.h"

#include <QAbstractListModel>
#include <QSet>
#include <QHash>
#include <QList>

namespace Relaydesk::App {

// The inbox: the cached conversations the filter accepts, newest activity first
// (ties: higher id first, as LocalCache::conversations() orders them). An update
// moves, inserts or removes one row; only the first load and a new filter (an
// agent's click) reset the model. Filtering lives here rather than in a
// QSortFilterProxyModel because a proxy turns each source move into a layout
// change that remaps every row: with 50,000 rows that is a stall per event.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        CustomerNameRole,
        PageIdRole,
        PreviewTextRole,
        PreviewOutgoingRole,
        PreviewKindRole,
        LastMessageAtRole,
        UnreadRole,
        StatusRole,
        AssigneeIdRole,
        PictureUrlRole,
        MentionedRole,     // bool: a colleague's note mentions this agent, not opened since
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int rowOf(qint64 conversationId) const; // -1: not shown (unknown or filtered out)
    // The conversations marked for this agent by a mention (InboxSession::mentionedConversations()).
    void setMentioned(const QSet<qint64> &conversationIds);
    // Any cached conversation, shown or filtered out (nullptr if unknown).
    const Relaydesk::Conversation *find(qint64 conversationId) const;
    int totalCount() const { return int(m_all.size()); }
    // Every cached conversation, filtered out or not, in no particular order.
    QList<Relaydesk::Conversation> allConversations() const { return m_all.values(); }
    // Unread messages over every conversation, filtered out or not (the tray's count).
    int totalUnread() const { return m_totalUnread; }
    const ConversationFilter &filter() const { return m_filter; }
    const Relaydesk::Conversation &conversationAt(int row) const { return *m_all.constFind(m_rows.at(row).id); }

    // True if a sorts above b.
    static bool before(const Relaydesk::Conversation &a, const Relaydesk::Conversation &b);

public slots:
    // The first load resets the model; once it has rows, each conversation is upserted.
    void load(const QList<Relaydesk::Conversation> &conversations);
    // The next page of the cache at start-up, in the cache's order, older than every row
    // so far: added at the end in one insert (per row only for what events brought first).
    void appendOlder(const QList<Relaydesk::Conversation> &older);
    void upsert(const Relaydesk::Conversation &conversation);
    void applyEvents(const QList<Relaydesk::Event> &events); // for SyncController::eventsApplied
    void setFilter(const Relaydesk::App::ConversationFilter &filter);

signals:
    void totalUnreadChanged(int unread);

private:
    QSet<qint64> m_mentioned;
    // A shown row: its sort key, which is also how it is found again (binary search),
    // so no index of rows has to be renumbered when a row moves to the top.
    struct Row
    {
        qint64 lastMessageAt;
        qint64 id;
    };
    static Row keyOf(const Relaydesk::Conversation &c) { return {c.lastMessageAt, c.id}; }
    static bool rowBefore(const Row &a, const Row &b);
    // The row of a conversation as m_all holds it (-1 if not shown).
    int findRow(const Relaydesk::Conversation &stored) const;

    void rebuildRows();
    void upsertOne(const Relaydesk::Conversation &conversation);
    void insertRow(const Relaydesk::Conversation &conversation);
    void removeRow(int row);
    void updateRow(int row, const Relaydesk::Conversation &conversation);
    void emitUnreadIfChanged(int before);

    QHash<qint64, Relaydesk::Conversation> m_all; // every cached conversation
    QList<Row> m_rows;                            // the ones the filter accepts, sorted (16 bytes each: moves are memmoves)
    ConversationFilter m_filter;
    int m_totalUnread = 0;
};

} // namespace Relaydesk::App
