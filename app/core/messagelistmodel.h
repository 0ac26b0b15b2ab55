#pragma once

#include "event.h"
#include "message.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace Relaydesk::App {

// The open chat: one conversation's messages, oldest first, ordered as the relay
// orders them (timestamp, then id; pending local replies after relay messages of
// the same millisecond). A reply is one row from the moment it is written: the
// pending row is found again by its client id when the ack or the echo brings the
// relay's message, whichever comes first, and updated in place.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        OutgoingRole,       // bool
        TextRole,
        KindRole,
        TimestampRole,      // ms
        StatusRole,         // int(Message::Status)
        AttachmentsRole,    // QVariantList of QVariantMap {type, url, title, name, sticker_id}
        ClientIdRole,
        AgentIdRole,
        SourceRole,
        EditedRole,         // bool
        ReactionsRole,      // the emojis, e.g. "❤️ 👍"
        ErrorMessageRole,
        QuotedTextRole,     // the text of the message this one replies to, if in the model
        FirstOfDayRole,     // bool: draw a day separator above
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    qint64 conversationId() const { return m_conversationId; }
    const Relaydesk::Message &messageAt(int row) const { return m_rows.at(row); }
    int rowOfId(qint64 id) const;
    int rowOfClientId(const QString &clientId) const;

    static bool before(const Relaydesk::Message &a, const Relaydesk::Message &b);

public slots:
    // Shows another conversation (0: none) with its cached messages.
    void setConversation(qint64 conversationId, const QList<Relaydesk::Message> &messages);
    // Inserts or updates one message of the shown conversation; others are ignored.
    void upsert(const Relaydesk::Message &message);
    // A page of older history, oldest first.
    void prependOlder(qint64 conversationId, const QList<Relaydesk::Message> &messages);
    void applyEvents(const QList<Relaydesk::Event> &events);

private:
    int findRow(const Relaydesk::Message &message) const;
    void place(int row, const Relaydesk::Message &message);
    void rowsChangedAround(int first, int last);

    qint64 m_conversationId = 0;
    QList<Relaydesk::Message> m_rows;
};

} // namespace Relaydesk::App
