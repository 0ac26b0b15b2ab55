#pragma once

#include <QList>
#include <QString>

#include <functional>

class QLoggingCategory;
class QSqlDatabase;

namespace Relaydesk {

// Brings an SQLite file to the latest schema, keyed by PRAGMA user_version: step N
// takes version N-1 to N. Each step runs in its own transaction with the version
// bump (user_version lives in the file header, written inside the transaction), so
// a failed step leaves the file as the previous step left it. A file written by a
// newer version is refused, never downgraded. Shared by the relay's store and the
// app's cache.
class SqliteMigrator
{
public:
    using Step = std::function<bool(QSqlDatabase &db, QString *error)>;

    // owner names the file in messages: "the relay's database", "the cache".
    static bool migrate(QSqlDatabase &db, const QList<Step> &steps, const QString &owner,
                        const QLoggingCategory &category, QString *error);
    // Runs statements separated by ';' (QSqlQuery runs one at a time).
    static bool execScript(QSqlDatabase &db, const QString &script, QString *error);
};

} // namespace Relaydesk
