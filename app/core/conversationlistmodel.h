#pragma once

#include "conversation.h"
#include "event.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace Relaydesk::App {

// The inbox: every cached conversation, newest activity first (ties: higher id
// first, as LocalCache::conversations() orders them). An update moves one row or
// inserts one; after the first load the model is never reset, so a view with
// 50,000 rows (and a sorting proxy above it) never relayouts everything per event.
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
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int rowOf(qint64 conversationId) const { return m_rowOf.value(conversationId, -1); }
    const Relaydesk::Conversation &conversationAt(int row) const { return m_rows.at(row); }

    // True if a sorts above b.
    static bool before(const Relaydesk::Conversation &a, const Relaydesk::Conversation &b);

public slots:
    // The first load resets the model; once it has rows, each conversation is upserted.
    void load(const QList<Relaydesk::Conversation> &conversations);
    void upsert(const Relaydesk::Conversation &conversation);
    void applyEvents(const QList<Relaydesk::Event> &events); // for SyncController::eventsApplied

private:
    void reindex(int first, int last);

    QList<Relaydesk::Conversation> m_rows;
    QHash<qint64, int> m_rowOf;
};

} // namespace Relaydesk::App
