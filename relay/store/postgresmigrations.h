#pragma once

#include <QString>

class QSqlDatabase;

namespace Relaydesk::Store {

// The PostgreSQL schema, versioned like SQLite's: step N takes version N-1 to N,
// each in its own transaction with the version bump. Relays that start together
// take an advisory lock, so one migrates and the others find the work done.
class PostgresMigrations
{
public:
    static int latestVersion();
    static bool migrate(QSqlDatabase &db, QString *error);
};

} // namespace Relaydesk::Store
