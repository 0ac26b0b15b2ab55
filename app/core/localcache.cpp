#include "localcache.h"

#include "appcorelogging.h"
#include "cannedcachetable.h"
#include "notecachetable.h"
#include "cacheschema.h"
#include "privatefiles.h"
#include "protocol.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Relaydesk::App {

namespace {
const QString LastSeqKey = QStringLiteral("last_seq");
const QString MessageKey = QStringLiteral("message");
const QString ConversationKey = QStringLiteral("conversation");

// The id of the message or conversation an event carries.
qint64 entityId(const Event &e, const QString &key)
{
    return e.data.value(key).toObject().value(QLatin1String("id")).toInteger();
}

QString json(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
// The JSON columns are read as BLOB (CAST(data AS BLOB)): UTF-8 bytes straight to the parser,
// not through a UTF-16 QString and back.
QJsonObject object(const QVariant &v) { return QJsonDocument::fromJson(v.toByteArray()).object(); }
// Unique columns hold NULL, not '', when empty: many rows have no mid or client id.
QVariant orNull(const QString &s) { return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s); }

// Every word as a quoted prefix term: the user's text never reaches FTS5 as syntax.
QString ftsQuery(const QStringList &words)
{
    QStringList terms;
    for (const QString &w : words)
        terms.append(QLatin1Char('"') + QString(w).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QStringLiteral("\"*"));
    return terms.join(QLatin1Char(' '));
}
// Notes are few (no full-text index): every word anywhere in the text, any case.
QString noteCondition(qsizetype words)
{
    QStringList parts;
    for (qsizetype i = 0; i < words; ++i)
        parts.append(QStringLiteral("text LIKE ? ESCAPE '\\'"));
    return parts.join(QStringLiteral(" AND "));
}

QString likePattern(QString word)
{
    word.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + word + QLatin1Char('%');
}
} // namespace

LocalCache::LocalCache(const QString &path)
    : m_path(path)
    , m_connectionName(QStringLiteral("relaydesk-cache-%1").arg(quintptr(this), 0, 16))
{
}

LocalCache::~LocalCache()
{
    m_statements.clear();
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool LocalCache::open(QString *error)
{
    auto refuse = [&](const QString &message) {
        m_lastError = message;
        if (error)
            *error = message;
        qCWarning(lcCache).noquote() << "cannot open the cache" << m_path << ":" << message;
        m_statements.clear();
        m_db.close();
        return false;
    };
    if (!PrivateFiles::makeFolder(QFileInfo(m_path).absolutePath()))
        return refuse(QStringLiteral("cannot create the folder of %1").arg(m_path));
    // Customers' messages: the file is made 0600 before SQLite opens it, and SQLite gives
    // its -wal and -shm files the database's mode. Older files are fixed here too.
    if (!QFileInfo::exists(m_path)) {
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly, PrivateFiles::FileMode))
            return refuse(QStringLiteral("cannot create %1: %2").arg(m_path, file.errorString()));
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        if (!PrivateFiles::restrictFile(m_path + suffix))
            return refuse(QStringLiteral("cannot make %1 readable by this user only").arg(m_path + suffix));
    if (!m_db.isValid())
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    // The cache writer (CacheWriter) has a connection of its own to the same file: a
    // write waits for the other's transaction to end instead of failing at once.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!m_db.open())
        return refuse(m_db.lastError().text());
    QSqlQuery wal(m_db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !wal.next()
        || wal.value(0).toString() != QLatin1String("wal"))
        return refuse(QStringLiteral("cannot switch to WAL: %1").arg(wal.lastError().text()));
    wal.finish();
    QString why;
    if (!CacheSchema::migrate(m_db, &why))
        return refuse(why);
    m_fts = CacheSchema::hasFullTextTables(m_db);

    m_open = true;
    if (!readLastSeq(&m_lastSeq)) {
        m_open = false;
        return refuse(m_lastError);
    }
    return true;
}

qint64 LocalCache::lastSeq() const
{
    qint64 seq = m_lastSeq;
    if (m_open)
        readLastSeq(&seq);
    return seq;
}

bool LocalCache::readLastSeq(qint64 *seq) const
{
    QSqlQuery *q = prepared(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    if (!q)
        return false;
    q->bindValue(0, LastSeqKey);
    if (!q->exec())
        return fail(q->lastError().text());
    *seq = q->next() ? q->value(0).toLongLong() : NoSeq;
    q->finish();
    return true;
}

bool LocalCache::fail(const QString &what) const
{
    m_lastError = what;
    qCWarning(lcCache).noquote() << what;
    return false;
}

QSqlQuery *LocalCache::prepared(const QString &sql) const
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery q(m_db);
        if (!q.prepare(sql)) {
            fail(q.lastError().text());
            return nullptr;
        }
        it = m_statements.insert(sql, q);
    }
    return &it.value();
}

bool LocalCache::exec(const QString &sql, const QVariantList &values) const
{
    QSqlQuery *q = prepared(sql);
    if (!q)
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        q->bindValue(int(i), values.at(i));
    const bool ok = q->exec() || fail(q->lastError().text());
    q->finish(); // reset: the statement holds no lock between uses
    return ok;
}

bool LocalCache::inTransaction(const std::function<bool()> &work)
{
    if (!m_open)
        return fail(QStringLiteral("the cache is not open"));
    // IMMEDIATE: the write lock from the start. A deferred transaction that reads first
    // could not write if the other connection committed in between (SQLITE_BUSY_SNAPSHOT).
    if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    if (work() && exec(QStringLiteral("COMMIT")))
        return true;
    const QString why = m_lastError;
    exec(QStringLiteral("ROLLBACK"));
    m_lastError = why;
    return false;
}

bool LocalCache::applyEvents(const QList<Event> &events)
{
    qint64 seq = NoSeq;
    qint64 start = NoSeq;
    const bool ok = inTransaction([&] {
        // Read here, not remembered: another connection (a snapshot on the UI's, events on
        // the cache writer's) may have moved it since.
        if (!readLastSeq(&start))
            return false;
        seq = start;
        // Events carry full states: of several for one conversation (a busy chat in a
        // catch-up) or one message (sent, delivered, read) only the newest is written.
        QHash<qint64, qsizetype> newestConversation, newestMessage;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const Event &e = events.at(i);
            if (e.seq <= start)
                continue;
            if (e.hasConversation())
                newestConversation.insert(entityId(e, ConversationKey), i);
            if (e.hasMessage())
                newestMessage.insert(entityId(e, MessageKey), i);
        }
        for (qsizetype i = 0; i < events.size(); ++i) {
            const Event &e = events.at(i);
            if (e.seq <= seq)
                continue; // already applied: a replay overlapping what we have
            if (e.hasMessage() && newestMessage.value(entityId(e, MessageKey)) == i && !upsertMessage(e.message(), true))
                return false;
            if (e.hasConversation() && newestConversation.value(entityId(e, ConversationKey)) == i
                && !upsertConversation(e.conversation()))
                return false;
            if (e.hasCannedResponse() && !applyCanned(e))
                return false;
            if (e.hasNote()) {
                NoteCacheTable notes(m_db);
                if (!notes.upsert(e.note()))
                    return fail(notes.lastError());
            }
            seq = e.seq;
        }
        return seq == start || setLastSeq(seq);
    });
    if (ok)
        m_lastSeq = seq;
    return ok;
}

bool LocalCache::applyCanned(const Event &e)
{
    CannedCacheTable table(m_db);
    const CannedResponse r = e.cannedResponse();
    const bool ok = e.kind == Protocol::EventKind::CannedResponseDeleted ? table.remove(r.id)
                  : e.kind == Protocol::EventKind::CannedResponseSaved   ? table.upsert(r)
                                                                         : true; // a kind of a later version
    return ok || fail(table.lastError());
}

bool LocalCache::replaceCannedResponses(const QList<CannedResponse> &responses)
{
    return inTransaction([&] {
        CannedCacheTable table(m_db);
        return table.replaceAll(responses) || fail(table.lastError());
    });
}

bool LocalCache::applySnapshot(const QList<Conversation> &conversations, qint64 head)
{
    const bool ok = inTransaction([&] {
        for (const Conversation &c : conversations)
            if (!upsertConversation(c))
                return false;
        return setLastSeq(head);
    });
    if (ok)
        m_lastSeq = head;
    return ok;
}

bool LocalCache::applyMessages(const QList<Message> &messages)
{
    return inTransaction([&] {
        return std::all_of(messages.begin(), messages.end(), [this](const Message &m) { return upsertMessage(m, false); });
    });
}

bool LocalCache::setLastSeq(qint64 seq)
{
    return exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                {LastSeqKey, seq});
}

bool LocalCache::setMeta(const QString &key, const QString &value)
{
    return m_open && key != LastSeqKey
        && exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                {key, value});
}

QString LocalCache::meta(const QString &key) const
{
    if (!m_open)
        return {};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool LocalCache::upsertMessage(const Message &m, bool overwrite)
{
    if (!m.clientId.isEmpty()) {
        // Our own reply coming back (ack or event, whichever is first): it replaces
        // the pending row queueOutgoing() made, so the reply is never shown twice.
        QSqlQuery *q = prepared(QStringLiteral("SELECT id FROM messages WHERE client_id = ? AND id <> ?"));
        if (!q)
            return false;
        q->bindValue(0, m.clientId);
        q->bindValue(1, m.id);
        if (!q->exec())
            return fail(q->lastError().text());
        QList<qint64> local;
        while (q->next())
            local.append(q->value(0).toLongLong());
        q->finish();
        for (qint64 id : local) {
            if (!exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {id})
                || (m_fts && !exec(QStringLiteral("DELETE FROM message_search WHERE rowid = ?"), {id})))
                return false;
        }
        if (!exec(QStringLiteral("DELETE FROM outbox WHERE client_id = ?"), {m.clientId}))
            return false;
    }
    static const QString insert = QStringLiteral("INSERT INTO messages (id, conversation_id, mid, client_id, timestamp, status, text, data)"
                                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO ");
    static const QString overwriting = insert
        + QStringLiteral("UPDATE SET conversation_id = excluded.conversation_id, mid = excluded.mid,"
                         " client_id = excluded.client_id, timestamp = excluded.timestamp,"
                         " status = excluded.status, text = excluded.text, data = excluded.data");
    static const QString keeping = insert + QStringLiteral("NOTHING");
    QSqlQuery *q = prepared(overwrite ? overwriting : keeping);
    if (!q)
        return false;
    const QVariantList values{m.id, m.conversationId, orNull(m.mid), orNull(m.clientId), m.timestamp,
                              Message::statusName(m.status), m.text, json(m.toJson())};
    for (qsizetype i = 0; i < values.size(); ++i)
        q->bindValue(int(i), values.at(i));
    if (!q->exec())
        return fail(q->lastError().text());
    const int affected = q->numRowsAffected();
    q->finish();
    if (!m_fts || affected == 0)
        return true;
    return exec(QStringLiteral("DELETE FROM message_search WHERE rowid = ?"), {m.id})
        && exec(QStringLiteral("INSERT INTO message_search (rowid, conversation_id, text) VALUES (?, ?, ?)"),
                {m.id, m.conversationId, m.text});
}

bool LocalCache::upsertConversation(const Conversation &c)
{
    const QString name = c.customer.displayName();
    if (!exec(QStringLiteral("INSERT INTO conversations (id, page_id, last_message_at, status, assignee_id, unread,"
                             " customer_name, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                             " page_id = excluded.page_id, last_message_at = excluded.last_message_at,"
                             " status = excluded.status, assignee_id = excluded.assignee_id, unread = excluded.unread,"
                             " customer_name = excluded.customer_name, data = excluded.data"),
              {c.id, c.pageId, c.lastMessageAt, Conversation::statusName(c.status), c.assigneeId, c.unreadCount, name,
               json(c.toJson())}))
        return false;
    return !m_fts
        || (exec(QStringLiteral("DELETE FROM conversation_search WHERE rowid = ?"), {c.id})
            && exec(QStringLiteral("INSERT INTO conversation_search (rowid, name, preview) VALUES (?, ?, ?)"),
                    {c.id, name, c.previewText}));
}

QList<Conversation> LocalCache::conversations(int limit, qint64 beforeLastMessageAt, qint64 beforeId) const
{
    const bool first = beforeLastMessageAt == 0 && beforeId == 0;
    QList<Conversation> result;
    QSqlQuery q(m_db);
    q.setForwardOnly(true); // rows are read once: Qt need not keep a copy of each
    q.prepare(QStringLiteral("SELECT CAST(data AS BLOB) FROM conversations")
              + (first ? QString() : QStringLiteral(" WHERE last_message_at < ? OR (last_message_at = ? AND id < ?)"))
              + QStringLiteral(" ORDER BY last_message_at DESC, id DESC LIMIT ?"));
    if (!first) {
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeId);
    }
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(q.lastError().text());
        return result;
    }
    while (q.next())
        result.append(Conversation::fromJson(object(q.value(0))));
    return result;
}

std::optional<Conversation> LocalCache::conversation(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT CAST(data AS BLOB) FROM conversations WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Conversation::fromJson(object(q.value(0)));
}

QList<Message> LocalCache::messages(qint64 conversationId, int limit, qint64 beforeTimestamp, qint64 beforeId) const
{
    const bool newest = beforeTimestamp == 0 && beforeId == 0;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, CAST(data AS BLOB) FROM messages WHERE conversation_id = ?")
              + (newest ? QString() : QStringLiteral(" AND (timestamp < ? OR (timestamp = ? AND id < ?))"))
              + QStringLiteral(" ORDER BY timestamp DESC, id DESC LIMIT ?"));
    q.addBindValue(conversationId);
    if (!newest) {
        q.addBindValue(beforeTimestamp);
        q.addBindValue(beforeTimestamp);
        q.addBindValue(beforeId);
    }
    q.addBindValue(limit);
    QList<Message> result;
    if (!q.exec()) {
        fail(q.lastError().text());
        return result;
    }
    while (q.next()) {
        Message m = Message::fromJson(object(q.value(1)));
        m.id = q.value(0).toLongLong();
        result.append(m);
    }
    std::reverse(result.begin(), result.end());
    return result;
}

int LocalCache::messageCount(qint64 conversationId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = ?"));
    q.addBindValue(conversationId);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

std::optional<Message> LocalCache::oldestMessage(qint64 conversationId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, CAST(data AS BLOB) FROM messages WHERE conversation_id = ? AND id > 0"
                             " ORDER BY timestamp, id LIMIT 1"));
    q.addBindValue(conversationId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    Message m = Message::fromJson(object(q.value(1)));
    m.id = q.value(0).toLongLong();
    return m;
}

std::optional<Message> LocalCache::queueOutgoing(qint64 conversationId, const QString &clientId, const QString &text)
{
    Message m;
    m.conversationId = conversationId;
    m.direction = Message::Direction::Outgoing;
    m.text = text;
    m.timestamp = QDateTime::currentMSecsSinceEpoch();
    m.status = Message::Status::Pending;
    m.clientId = clientId;
    m.source = QStringLiteral("relaydesk");
    const bool ok = inTransaction([&] {
        // Below every id in use: the relay's ids are positive, ours count down from -1.
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT MIN(0, IFNULL(MIN(id), 0)) - 1 FROM messages")) || !q.next())
            return fail(q.lastError().text());
        m.id = q.value(0).toLongLong();
        // The primary key on outbox and the unique client_id refuse a client id used before.
        return exec(QStringLiteral("INSERT INTO outbox (client_id, conversation_id, text, created_at) VALUES (?, ?, ?, ?)"),
                    {clientId, conversationId, text, m.timestamp})
            && exec(QStringLiteral("INSERT INTO messages (id, conversation_id, mid, client_id, timestamp, status, text, data)"
                                   " VALUES (?, ?, NULL, ?, ?, ?, ?, ?)"),
                    {m.id, conversationId, clientId, m.timestamp, Message::statusName(m.status), text, json(m.toJson())})
            && (!m_fts || exec(QStringLiteral("INSERT INTO message_search (rowid, conversation_id, text) VALUES (?, ?, ?)"),
                               {m.id, conversationId, text}));
    });
    return ok ? std::optional<Message>(m) : std::nullopt;
}

QList<OutboxEntry> LocalCache::outbox() const
{
    QList<OutboxEntry> result;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT client_id, conversation_id, text, created_at, state, error_code, error_message"
                               " FROM outbox ORDER BY created_at, rowid"))) {
        fail(q.lastError().text());
        return result;
    }
    while (q.next()) {
        OutboxEntry e;
        e.clientId = q.value(0).toString();
        e.conversationId = q.value(1).toLongLong();
        e.text = q.value(2).toString();
        e.createdAt = q.value(3).toLongLong();
        e.state = OutboxEntry::stateFromName(q.value(4).toString());
        e.errorCode = q.value(5).toString();
        e.errorMessage = q.value(6).toString();
        result.append(e);
    }
    return result;
}

bool LocalCache::markOutboxSent(const QString &clientId)
{
    return m_open && exec(QStringLiteral("UPDATE outbox SET state = 'sent' WHERE client_id = ?"), {clientId});
}

std::optional<Message> LocalCache::markOutboxFailed(const QString &clientId, const QString &errorCode,
                                                    const QString &errorMessage)
{
    return setOutboxState(clientId, OutboxEntry::State::Queued, OutboxEntry::State::Failed, errorCode, errorMessage);
}

std::optional<Message> LocalCache::retryOutgoing(const QString &clientId)
{
    return setOutboxState(clientId, OutboxEntry::State::Failed, OutboxEntry::State::Queued, {}, {});
}

std::optional<Message> LocalCache::setOutboxState(const QString &clientId, OutboxEntry::State from,
                                                  OutboxEntry::State to, const QString &errorCode,
                                                  const QString &errorMessage)
{
    std::optional<Message> result;
    const bool ok = inTransaction([&] {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE outbox SET state = ?, error_code = IFNULL(?, ''), error_message = IFNULL(?, '')"
                                 " WHERE client_id = ? AND state = ?"));
        for (const QVariant &v : QVariantList{OutboxEntry::stateName(to), errorCode, errorMessage, clientId,
                                              OutboxEntry::stateName(from)})
            q.addBindValue(v);
        if (!q.exec())
            return fail(q.lastError().text());
        if (q.numRowsAffected() != 1)
            return fail(QStringLiteral("no %1 outbox entry %2").arg(OutboxEntry::stateName(from), clientId));
        // The local row only (negative id): a row the relay made is the relay's to change.
        QSqlQuery m(m_db);
        m.prepare(QStringLiteral("SELECT id, CAST(data AS BLOB) FROM messages WHERE client_id = ? AND id < 0"));
        m.addBindValue(clientId);
        if (!m.exec())
            return fail(m.lastError().text());
        if (!m.next()) // queueOutgoing() makes both, reconciling deletes both
            return fail(QStringLiteral("no pending message for outbox entry %1").arg(clientId));
        Message message = Message::fromJson(object(m.value(1)));
        message.id = m.value(0).toLongLong();
        m.finish();
        message.status = to == OutboxEntry::State::Failed ? Message::Status::Failed : Message::Status::Pending;
        message.errorCode = 0; // Meta's code: the relay refused before Meta saw it
        message.errorSubcode = 0;
        message.errorMessage = errorMessage;
        if (!exec(QStringLiteral("UPDATE messages SET status = ?, data = ? WHERE id = ?"),
                  {Message::statusName(message.status), json(message.toJson()), message.id}))
            return false;
        result = message;
        return true;
    });
    return ok ? result : std::nullopt;
}

QList<qint64> LocalCache::search(const QString &text, int limit) const
{
    const QStringList words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    QList<qint64> result;
    if (words.isEmpty() || !m_open)
        return result;
    QSqlQuery q(m_db);
    if (m_fts) {
        q.prepare(QStringLiteral("SELECT id FROM conversations WHERE"
                                 " id IN (SELECT rowid FROM conversation_search WHERE conversation_search MATCH ?)"
                                 " OR id IN (SELECT conversation_id FROM message_search WHERE message_search MATCH ?)"
                                 " OR id IN (SELECT conversation_id FROM notes WHERE %1)"
                                 " ORDER BY last_message_at DESC, id DESC LIMIT ?").arg(noteCondition(words.size())));
        q.addBindValue(ftsQuery(words));
        q.addBindValue(ftsQuery(words));
        for (const QString &w : words)
            q.addBindValue(likePattern(w));
    } else {
        QString pattern = words.join(QLatin1Char(' '));
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        q.prepare(QStringLiteral("SELECT id FROM conversations c WHERE customer_name LIKE ? ESCAPE '\\'"
                                 " OR json_extract(data, '$.preview.text') LIKE ? ESCAPE '\\' OR EXISTS"
                                 " (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.text LIKE ? ESCAPE '\\')"
                                 " OR id IN (SELECT conversation_id FROM notes WHERE %1)"
                                 " ORDER BY last_message_at DESC, id DESC LIMIT ?").arg(noteCondition(words.size())));
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        for (const QString &w : words)
            q.addBindValue(likePattern(w));
    }
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(q.lastError().text());
        return result;
    }
    while (q.next())
        result.append(q.value(0).toLongLong());
    return result;
}

} // namespace Relaydesk::App
