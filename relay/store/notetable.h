#pragma once

#include "note.h"

#include <QList>

#include <optional>

namespace Relaydesk::Store {

class SqlConnection;

// Agents' private notes, one table apart from messages: nothing that reads
// messages (the Send API's queue, receipts, history) can ever see one.
class NoteTable
{
public:
    explicit NoteTable(SqlConnection &connection) : m_sql(connection) {}

    bool add(Note *note); // sets note->id
    std::optional<Note> findByClientId(const QString &clientId);
    // The newest `limit` notes of a conversation, oldest first.
    QList<Note> forConversation(qint64 conversationId, int limit);
    qint64 count();

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
