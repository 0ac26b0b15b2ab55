#include "sqlitemigrations.h"

#include "sqlitemigrator.h"
#include "storelogging.h"

#include <QSqlDatabase>

namespace Relaydesk::Store {

namespace {

// Version N is reached by running kMigrations[N-1]. Never edit a released step;
// append a new one.
const char *const kMigrations[] = {
    // 1: initial schema
    R"SQL(
CREATE TABLE pages(
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    access_token BLOB NOT NULL DEFAULT x'',
    created_at INTEGER NOT NULL,
    backfilled_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE agents(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    token_hash BLOB NOT NULL UNIQUE,
    pages TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE customers(
    page_id TEXT NOT NULL,
    psid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    picture_url TEXT NOT NULL DEFAULT '',
    profile_state INTEGER NOT NULL DEFAULT 0,
    profile_attempts INTEGER NOT NULL DEFAULT 0,
    profile_next_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(page_id, psid)) WITHOUT ROWID;
CREATE INDEX customers_profile_due ON customers(profile_state, profile_next_at);
CREATE TABLE conversations(
    id INTEGER PRIMARY KEY,
    page_id TEXT NOT NULL,
    psid TEXT NOT NULL,
    last_message_at INTEGER NOT NULL DEFAULT 0,
    last_customer_message_at INTEGER NOT NULL DEFAULT 0,
    preview_text TEXT NOT NULL DEFAULT '',
    preview_kind TEXT NOT NULL DEFAULT '',
    preview_outgoing INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open',
    assignee_id INTEGER NOT NULL DEFAULT 0,
    UNIQUE(page_id, psid));
CREATE INDEX conversations_recent ON conversations(last_message_at DESC, id DESC);
CREATE TABLE messages(
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    mid TEXT UNIQUE,
    client_id TEXT UNIQUE,
    direction TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX messages_by_time ON messages(conversation_id, timestamp, id);
CREATE INDEX messages_pending ON messages(status) WHERE status = 'pending';
CREATE TABLE receipts(
    page_id TEXT NOT NULL,
    psid TEXT NOT NULL,
    kind TEXT NOT NULL,
    watermark INTEGER NOT NULL,
    PRIMARY KEY(page_id, psid, kind, watermark)) WITHOUT ROWID;
CREATE TABLE raw_events(
    id INTEGER PRIMARY KEY,
    page_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    body BLOB NOT NULL);
CREATE TABLE events(
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    page_id TEXT NOT NULL,
    conversation_id INTEGER NOT NULL,
    agent_id INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX events_created ON events(created_at);
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
)SQL",
    // 2: reactions and edits that arrive before their message wait for it
    R"SQL(
CREATE TABLE waiting_events(
    id INTEGER PRIMARY KEY,
    target_mid TEXT NOT NULL,
    page_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    body BLOB NOT NULL);
CREATE INDEX waiting_events_target ON waiting_events(target_mid);
)SQL",
    // 3: leases on work one relay does at a time (the same table PostgreSQL has)
    R"SQL(
CREATE TABLE leases(
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    owner TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY(kind, key)) WITHOUT ROWID;
CREATE INDEX leases_owner ON leases(owner);
)SQL",
    // 4: agents' uploads (the same tables PostgreSQL has; the relay keeps the bytes
    // of a SQLite store's uploads in files, see UploadStore)
    R"SQL(
CREATE TABLE uploads(
    id TEXT PRIMARY KEY,
    agent_id INTEGER NOT NULL,
    mime_type TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX uploads_created ON uploads(created_at);
CREATE TABLE upload_chunks(
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(upload_id, n));
)SQL",
    // 5: the team's canned responses (the same table PostgreSQL has)
    R"SQL(
CREATE TABLE canned_responses(
    id INTEGER PRIMARY KEY,
    shortcode TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    client_id TEXT UNIQUE,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at INTEGER NOT NULL);
)SQL",
    // 6: agents' private notes, apart from messages (the same table PostgreSQL has)
    R"SQL(
CREATE TABLE notes(
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL UNIQUE,
    agent_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    mentions TEXT NOT NULL);
CREATE INDEX notes_by_time ON notes(conversation_id, created_at, id);
)SQL",
};

constexpr int kCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));

} // namespace

int SqliteMigrations::latestVersion() { return kCount; }

bool SqliteMigrations::migrate(QSqlDatabase &db, QString *error)
{
    QList<SqliteMigrator::Step> steps;
    for (const char *script : kMigrations)
        steps.append([script](QSqlDatabase &db, QString *why) {
            return SqliteMigrator::execScript(db, QString::fromUtf8(script), why);
        });
    return SqliteMigrator::migrate(db, steps, QStringLiteral("the relay's database"), lcStore(), error);
}

} // namespace Relaydesk::Store
