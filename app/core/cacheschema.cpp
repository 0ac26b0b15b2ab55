#include "cacheschema.h"

#include "appcorelogging.h"
#include "sqlitemigrator.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Relaydesk::App {

namespace {

// Conversations and messages keep the relay's JSON whole (the relay owns them and
// adds fields), plus the columns we sort, filter and match on.
const char *const Version1[] = {
    "CREATE TABLE conversations ("
    " id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, last_message_at INTEGER NOT NULL,"
    " status TEXT NOT NULL, assignee_id INTEGER NOT NULL, unread INTEGER NOT NULL,"
    " customer_name TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX conversations_by_activity ON conversations (last_message_at DESC, id DESC)",
    // id: the relay's id, or negative for a reply not acknowledged yet.
    "CREATE TABLE messages ("
    " id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, mid TEXT UNIQUE, client_id TEXT UNIQUE,"
    " timestamp INTEGER NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX messages_by_time ON messages (conversation_id, timestamp, id)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "CREATE TABLE outbox ("
    " client_id TEXT PRIMARY KEY, conversation_id INTEGER NOT NULL, text TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'queued')",
};

// rowid is the conversation's or message's id, so updates delete by rowid.
const char *const Version1Search[] = {
    "CREATE VIRTUAL TABLE conversation_search USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE message_search USING fts5 (conversation_id UNINDEXED, text,"
    " tokenize = 'unicode61 remove_diacritics 2')",
};

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

bool migrateTo1(QSqlDatabase &db, QString *error)
{
    for (const char *sql : Version1)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    if (!CacheSchema::fts5Available(db)) {
        qCWarning(lcCache) << "SQLite has no FTS5: search falls back to LIKE";
        return true;
    }
    for (const char *sql : Version1Search)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    return true;
}

// Why the relay refused a reply for good (outbox state 'failed'), kept for the Retry UI.
const char *const Version2[] = {
    "ALTER TABLE outbox ADD COLUMN error_code TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN error_message TEXT NOT NULL DEFAULT ''",
};

bool migrateTo2(QSqlDatabase &db, QString *error)
{
    for (const char *sql : Version2)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    return true;
}

// A conversation that arrived in a snapshot has no messages in the cache until its
// history is fetched: its preview (the newest message) must be searchable too.
const char *const Version3Search[] = {
    "DROP TABLE conversation_search",
    "CREATE VIRTUAL TABLE conversation_search USING fts5 (name, preview, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO conversation_search (rowid, name, preview)"
    " SELECT id, customer_name, coalesce(json_extract(data, '$.preview.text'), '') FROM conversations",
};

bool migrateTo3(QSqlDatabase &db, QString *error)
{
    if (!CacheSchema::hasFullTextTables(db))
        return true; // no FTS5: search reads the conversations table itself
    for (const char *sql : Version3Search)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    return true;
}

// The team's canned responses (the relay's JSON whole) and the changes to them not
// acknowledged yet. An existing cache gets the list on its next welcome.
const char *const Version4[] = {
    "CREATE TABLE canned_responses (id INTEGER PRIMARY KEY, shortcode TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE TABLE canned_outbox ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, canned_id INTEGER NOT NULL,"
    " remove INTEGER NOT NULL DEFAULT 0, shortcode TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL)",
};

bool migrateTo4(QSqlDatabase &db, QString *error)
{
    for (const char *sql : Version4)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    return true;
}

// Private notes: the relay's and those written here not acknowledged yet (negative ids).
const char *const Version5[] = {
    "CREATE TABLE notes ("
    " id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, client_id TEXT UNIQUE, created_at INTEGER NOT NULL,"
    " state TEXT NOT NULL, text TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX notes_by_time ON notes (conversation_id, created_at, id)",
};

bool migrateTo5(QSqlDatabase &db, QString *error)
{
    for (const char *sql : Version5)
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    return true;
}

using Migration = bool (*)(QSqlDatabase &, QString *);
const Migration Migrations[] = {migrateTo1, migrateTo2, migrateTo3, migrateTo4, migrateTo5};

} // namespace

int CacheSchema::latestVersion() { return int(std::size(Migrations)); }

bool CacheSchema::fts5Available(QSqlDatabase &db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT sqlite_compileoption_used('ENABLE_FTS5')")) && q.next() && q.value(0).toInt() == 1;
}

bool CacheSchema::hasFullTextTables(QSqlDatabase &db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE name = 'message_search'")) && q.next();
}

bool CacheSchema::migrate(QSqlDatabase &db, QString *error)
{
    return SqliteMigrator::migrate(db, {std::begin(Migrations), std::end(Migrations)}, QStringLiteral("the cache"), lcCache(),
                                   error);
}

} // namespace Relaydesk::App
