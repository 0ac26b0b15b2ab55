#pragma once

#include "event.h"
#include "message.h"
#include "note.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <map>

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
        ContentKeyRole,     // quint64: changes whenever any role of the row would answer differently
                            // (a cache key for what is derived from a row, e.g. a bubble's size)
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
    // A private note as a row among the messages (KindRole "note", its own id range so
    // it never meets a message's id), upserted like a message; status as the cache has it.
    static Relaydesk::Message noteRow(const Relaydesk::Note &note, Relaydesk::Message::Status status);

public slots:
    // Shows another conversation (0: none) with its cached messages.
    void setConversation(qint64 conversationId, const QList<Relaydesk::Message> &messages);
    // Inserts or updates one message of the shown conversation; others are ignored.
    void upsert(const Relaydesk::Message &message);
    // A page of older history, oldest first.
    void prependOlder(qint64 conversationId, const QList<Relaydesk::Message> &messages);
    void applyEvents(const QList<Relaydesk::Event> &events);

private:
    // What a reply shows of the message it quotes.
    struct Quote
    {
        QString text;
        bool attachmentOnly = false;
    };

    int findRow(const Relaydesk::Message &message) const;
    void place(int row, const Relaydesk::Message &message);
    void rowsChangedAround(int first, int last);
    void remember(const Relaydesk::Message &message);
    void forget(const Relaydesk::Message &message);
    QVariant quotedText(const Relaydesk::Message &message) const;
    bool firstOfDay(int row) const;
    // The local calendar day (Julian day) of a time, remembered by the day's bounds: a
    // time-to-local-date conversion goes through the time zone database every time.
    qint64 localDay(qint64 msecs) const;

    qint64 m_conversationId = 0;
    QList<Relaydesk::Message> m_rows;
    // What the rows hold, so a message that is not there is known at once (a page of
    // older history is 50 misses) and a quote is found without a scan of the chat.
    QSet<qint64> m_ids;
    QSet<QString> m_clientIds;
    QHash<QString, Quote> m_quotes; // by mid
    mutable std::map<qint64, std::pair<qint64, qint64>> m_days; // day start ms -> (next day start ms, Julian day)
};

} // namespace Relaydesk::App
