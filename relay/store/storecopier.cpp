#include "storecopier.h"

#include "postgresstore.h"
#include "sqlitestore.h"
#include "storelogging.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace Relaydesk::Store {

namespace {

// Tables in an order that satisfies the foreign keys; columns as both schemas name them.
struct Table { const char *name; const char *columns; bool hasIdentity; };
const Table kTables[] = {
    {"pages", "id, name, access_token, created_at, backfilled_at", false},
    {"agents", "id, name, token_hash, pages, created_at, revoked_at", true},
    {"customers", "page_id, psid, name, picture_url, profile_state, profile_attempts, profile_next_at", false},
    {"conversations", "id, page_id, psid, last_message_at, last_customer_message_at, preview_text, preview_kind, "
                      "preview_outgoing, unread, status, assignee_id", true},
    {"messages", "id, conversation_id, mid, client_id, direction, timestamp, status, body", true},
    {"receipts", "page_id, psid, kind, watermark", false},
    {"raw_events", "id, page_id, kind, timestamp, body", true},
    {"waiting_events", "id, target_mid, page_id, kind, timestamp, body", true},
    {"notes", "id, conversation_id, client_id, agent_id, created_at, text, mentions", true},
    {"canned_responses", "id, shortcode, title, text, client_id, created_by, created_at, updated_by, updated_at", true},
    {"events", "seq, kind, page_id, conversation_id, agent_id, created_at, data", false},
    {"meta", "key, value", false},
};
// Columns whose type differs: SQLite keeps an integer flag and JSON as bytes.
const QStringList kBooleans{QStringLiteral("preview_outgoing")};
const QStringList kText{QStringLiteral("body@messages"), QStringLiteral("data@events")};

QVariant convert(const QVariant &value, const QString &column, const QString &table)
{
    if (value.isNull())
        return value;
    if (kBooleans.contains(column))
        return value.toLongLong() != 0;
    if (kText.contains(column + QLatin1Char('@') + table))
        return QString::fromUtf8(value.toByteArray());
    return value;
}

bool fail(QString *error, const QString &what, const QSqlError &why)
{
    *error = what + QStringLiteral(": ") + why.text();
    return false;
}

} // namespace

bool StoreCopier::copy(const QString &sqlitePath, const QUrl &target, const QByteArray &password, Counts *counts,
                       QString *error)
{
    if (!QFileInfo::exists(sqlitePath)) {
        *error = QStringLiteral("no SQLite store at %1").arg(sqlitePath);
        return false;
    }
    qint64 head = 0;
    {
        // Opening brings the source to the latest schema, as serving it would.
        SqliteStore source(sqlitePath);
        if (!source.open(error))
            return false;
        head = source.lastSeq();
    }
    {
        PostgresStore destination(target, password); // creates the schema
        if (!destination.open(error))
            return false;
        if (destination.lastSeq() != 0 || !destination.agents().isEmpty() || !destination.pages().isEmpty()
            || destination.conversationCount() != 0) {
            *error = QStringLiteral("%1 is not empty (it holds a log, agents, Pages or conversations): migrate "
                                    "copies into an empty database only, so nothing there is overwritten")
                         .arg(PostgresStore::displayUrl(target));
            return false;
        }
    }
    const QString suffix = QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase from = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("copy-from-") + suffix);
        from.setDatabaseName(sqlitePath);
        from.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QSqlDatabase to = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("copy-to-") + suffix);
        PostgresStore::configure(to, target, password);
        ok = [&] {
            if (!from.open())
                return fail(error, QStringLiteral("cannot open %1").arg(sqlitePath), from.lastError());
            if (!to.open())
                return fail(error, QStringLiteral("cannot connect to %1").arg(PostgresStore::displayUrl(target)),
                            to.lastError());
            QSqlQuery begin(to);
            if (!begin.exec(QStringLiteral("BEGIN; SELECT seq FROM log_head WHERE id = 1 FOR UPDATE")))
                return fail(error, QStringLiteral("cannot begin"), begin.lastError());
            for (const Table &table : kTables) {
                const QString name = QString::fromLatin1(table.name);
                const QStringList columns = QString::fromLatin1(table.columns).split(QStringLiteral(", "));
                QSqlQuery read(from);
                read.setForwardOnly(true);
                if (!read.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QStringLiteral(", ")), name)))
                    return fail(error, QStringLiteral("cannot read %1").arg(name), read.lastError());
                QSqlQuery write(to);
                QStringList marks;
                for (qsizetype i = 0; i < columns.size(); ++i)
                    marks.append(QStringLiteral("?"));
                if (!write.prepare(QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                                       .arg(name, columns.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")))))
                    return fail(error, QStringLiteral("cannot prepare %1").arg(name), write.lastError());
                while (read.next()) {
                    for (qsizetype i = 0; i < columns.size(); ++i)
                        write.bindValue(int(i), convert(read.value(int(i)), columns[i], name));
                    if (!write.exec())
                        return fail(error, QStringLiteral("cannot copy a row of %1").arg(name), write.lastError());
                    ++counts->rows;
                    counts->events += name == QLatin1String("events") ? 1 : 0;
                }
                // New rows continue after the copied ids.
                if (table.hasIdentity) {
                    QSqlQuery identity(to);
                    if (!identity.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                                      "coalesce((SELECT max(id) FROM %1), 0) + 1, false)").arg(name)))
                        return fail(error, QStringLiteral("cannot move the ids of %1 on").arg(name), identity.lastError());
                }
            }
            QSqlQuery finish(to);
            if (!finish.exec(QStringLiteral("UPDATE log_head SET seq = %1 WHERE id = 1; COMMIT").arg(head)))
                return fail(error, QStringLiteral("cannot commit"), finish.lastError());
            return true;
        }();
        if (!ok && to.isOpen())
            QSqlQuery(to).exec(QStringLiteral("ROLLBACK"));
        from.close();
        to.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("copy-from-") + suffix);
    QSqlDatabase::removeDatabase(QStringLiteral("copy-to-") + suffix);
    counts->head = head;
    if (ok)
        qCInfo(lcStore) << "copied" << counts->rows << "rows," << counts->events << "events, log head" << head;
    return ok;
}

} // namespace Relaydesk::Store
