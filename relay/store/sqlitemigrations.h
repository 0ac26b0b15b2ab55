#pragma once

#include <QString>

class QSqlDatabase;

namespace Relaydesk::Store {

// Schema migrations keyed by PRAGMA user_version. Each step runs in its own
// transaction; a failed step is rolled back and reported, and start-up stops.
class SqliteMigrations
{
public:
    static int latestVersion();
    static bool migrate(QSqlDatabase &db, QString *error);
};

} // namespace Relaydesk::Store
