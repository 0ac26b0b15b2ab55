#pragma once

#include "note.h"

#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace Relaydesk::App {

// The cache's private notes, over a LocalCache's connection (same thread): the
// relay's (positive ids) and those written here and not acknowledged yet
// (negative ids, with a state: queued, or failed when the relay refused for good).
class NoteCacheTable
{
public:
    enum class State { Stored, Queued, Failed };

    explicit NoteCacheTable(const QSqlDatabase &db) : m_db(db) {}

    // The relay's note; replaces the local one with its client id.
    bool upsert(const Relaydesk::Note &note);
    // A note written here: stored with the next negative id (set in *note), queued.
    bool queue(Relaydesk::Note *note);
    bool setState(const QString &clientId, State state);
    QList<Relaydesk::Note> forConversation(qint64 conversationId) const; // oldest first
    QList<Relaydesk::Note> queued() const; // oldest first
    State state(qint64 id) const;

    QString lastError() const { return m_lastError; }

private:
    bool exec(const QString &sql, const QVariantList &values, QSqlQuery *out = nullptr) const;
    QList<Relaydesk::Note> read(const QString &sql, const QVariantList &values) const;

    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace Relaydesk::App
