#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Relaydesk::App {

// The cache's tables, versioned by PRAGMA user_version. Each migration runs in
// its own transaction, so a failed one leaves the file at the previous version.
class CacheSchema
{
public:
    static int latestVersion();
    // Brings the database to latestVersion(); refuses a file from a newer app.
    static bool migrate(QSqlDatabase &db, QString *error);
    // Whether this SQLite has FTS5 (Debian's does; a build without it falls back to LIKE).
    static bool fts5Available(QSqlDatabase &db);
    static bool hasFullTextTables(QSqlDatabase &db);
};

} // namespace Relaydesk::App
