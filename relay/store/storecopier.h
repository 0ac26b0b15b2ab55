#pragma once

#include <QString>
#include <QUrl>

namespace Relaydesk::Store {

// `relaydesk-relay migrate`: copies a relay's SQLite store into an empty PostgreSQL
// database row by row, keeping every id and every seq, so apps already connected
// resume from their last seq without a resync. One transaction: all or nothing.
class StoreCopier
{
public:
    struct Counts { qint64 rows = 0; qint64 events = 0; qint64 head = 0; };

    // Refuses a target that holds anything (a cluster already in use).
    static bool copy(const QString &sqlitePath, const QUrl &target, const QByteArray &password, Counts *counts,
                     QString *error);
};

} // namespace Relaydesk::Store
