#pragma once

#include "event.h"
#include "message.h"
#include "note.h"
#include "teamdirectory.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>

namespace Relaydesk::App {

class LocalCache;
class RelayConnection;

// Private notes in the app (docs/protocol.md, "Note"): a note written here is kept
// in the cache at once (queued, like a reply) and sent whenever the relay is
// reachable; a conversation's notes are fetched when it is opened and kept current
// by events. "@name" in the text mentions the colleague of that name; a note that
// mentions this agent, written by someone else, is announced (mentioned()).
class NoteSync : public QObject
{
    Q_OBJECT
public:
    NoteSync(RelayConnection *connection, LocalCache *cache, QObject *parent = nullptr);

    void setDirectory(const TeamDirectory &directory) { m_directory = directory; }
    // The agent ids "@name" names in text (names as the directory has them, any case).
    QList<qint64> mentionsIn(const QString &text) const;

    // Queues a note (shown at once) and sends it if connected; nullopt if refused here.
    std::optional<Relaydesk::Note> addNote(qint64 conversationId, const QString &text, QString *error = nullptr);
    QList<Relaydesk::Note> notes(qint64 conversationId) const;
    bool isQueued(qint64 noteId) const;
    // As a chat row shows it: Pending while queued, Failed when refused, else Sent.
    Relaydesk::Message::Status statusOf(qint64 noteId) const;
    // Asks the relay for a conversation's notes (opening it).
    void fetch(qint64 conversationId);

public slots:
    void onEventsApplied(const QList<Relaydesk::Event> &events);

signals:
    void notesChanged(qint64 conversationId);
    void mentioned(const Relaydesk::Note &note);
    void noteRefused(const QString &message);

private:
    void sendQueued();
    void send(const Relaydesk::Note &note);
    void onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code, const QString &message);

    RelayConnection *m_connection;
    LocalCache *m_cache;
    TeamDirectory m_directory;
    QHash<QString, QString> m_sending;   // command id -> client id
    QSet<QString> m_inFlight;            // client ids
    QHash<QString, qint64> m_fetching;   // command id -> conversation id
};

} // namespace Relaydesk::App
