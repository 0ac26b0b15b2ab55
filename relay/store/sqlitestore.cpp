#include "sqlitestore.h"

#include "sqlitemigrations.h"
#include "storelogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Relaydesk::Store {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

#define CONVERSATION_COLUMNS                                                                       \
    "c.id, c.page_id, c.psid, c.last_message_at, c.last_customer_message_at, c.preview_text, "     \
    "c.preview_kind, c.preview_outgoing, c.unread, c.status, c.assignee_id, "                      \
    "coalesce(cu.name, ''), coalesce(cu.picture_url, '') "                                         \
    "FROM conversations c LEFT JOIN customers cu ON cu.page_id = c.page_id AND cu.psid = c.psid "

#define MESSAGE_COLUMNS "id, conversation_id, body FROM messages "

#define EVENT_COLUMNS "seq, kind, page_id, conversation_id, agent_id, created_at, data FROM events "

QVariant nullIfEmpty(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }
// Qt binds a null QString/QByteArray as SQL NULL; NOT NULL columns get '' instead.
QString orEmpty(const QString &s) { return s.isNull() ? QString(QLatin1String("")) : s; }
QByteArray orEmpty(const QByteArray &b) { return b.isNull() ? QByteArray("") : b; }

QString joinPages(const QStringList &pages) { return pages.join(QLatin1Char(',')); }
QStringList splitPages(const QString &pages) { return pages.split(QLatin1Char(','), Qt::SkipEmptyParts); }

} // namespace

std::unique_ptr<Store> openDefaultStore(const QString &dataDir, QString *error)
{
    auto store = std::make_unique<SqliteStore>(QDir(dataDir).filePath(QStringLiteral("relaydesk.sqlite")));
    if (!store->open(error))
        return nullptr;
    return store;
}

SqliteStore::SqliteStore(const QString &databasePath)
    : m_path(databasePath)
    , m_connectionName(QStringLiteral("relaydesk-store-%1").arg(QUuid::createUuid().toString(QUuid::Id128)))
{
}

SqliteStore::~SqliteStore()
{
    close();
}

bool SqliteStore::open(QString *error)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create data folder %1").arg(info.absolutePath());
        return false;
    }
    // The folder holds page tokens: owner only.
    QFile::setPermissions(info.absolutePath(), kOwnerOnly | QFileDevice::ExeOwner);
    if (!info.exists()) {
        QFile f(m_path);
        if (!f.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot create %1: %2").arg(m_path, f.errorString());
            return false;
        }
        f.close();
    }
    QFile::setPermissions(m_path, kOwnerOnly);

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_path, m_db.lastError().text());
        return false;
    }
    // FULL: a commit returns only after the WAL is synced, so an answered webhook survives a crash.
    const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                                   "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"};
    for (const char *pragma : pragmas) {
        if (!execSql(QString::fromLatin1(pragma))) {
            *error = QStringLiteral("cannot set up %1: %2").arg(m_path, m_lastError);
            return false;
        }
    }
    QSqlQuery mode(m_db);
    if (!mode.exec(QStringLiteral("PRAGMA journal_mode")) || !mode.next()
        || mode.value(0).toString() != QLatin1String("wal")) {
        *error = QStringLiteral("%1: the file system does not support SQLite's WAL mode").arg(m_path);
        return false;
    }
    mode.finish(); // an unfinished statement would make the migration's COMMIT fail
    if (!SqliteMigrations::migrate(m_db, error))
        return false;
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString side = m_path + QLatin1String(suffix);
        if (QFile::exists(side))
            QFile::setPermissions(side, kOwnerOnly);
    }
    return true;
}

void SqliteStore::close()
{
    qDeleteAll(m_queries);
    m_queries.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlQuery &SqliteStore::prepared(const char *sql)
{
    QSqlQuery *&query = m_queries[sql];
    if (!query) {
        query = new QSqlQuery(m_db);
        if (!query->prepare(QString::fromLatin1(sql)))
            qCCritical(lcStore) << "cannot prepare statement:" << query->lastError().text();
    }
    return *query;
}

bool SqliteStore::exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    m_lastError = query.lastError().text();
    qCWarning(lcStore) << "statement failed:" << m_lastError;
    return false;
}

bool SqliteStore::execSql(const QString &sql)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    m_lastError = q.lastError().text();
    return false;
}

qint64 SqliteStore::scalar(const char *sql)
{
    QSqlQuery &q = prepared(sql);
    if (!exec(q) || !q.next())
        return 0;
    const qint64 value = q.value(0).toLongLong();
    q.finish();
    return value;
}

bool SqliteStore::beginTransaction() { return execSql(QStringLiteral("BEGIN IMMEDIATE")); }
bool SqliteStore::commitTransaction() { return execSql(QStringLiteral("COMMIT")); }
void SqliteStore::rollbackTransaction() { execSql(QStringLiteral("ROLLBACK")); }
bool SqliteStore::savepoint() { return execSql(QStringLiteral("SAVEPOINT unit")); }
bool SqliteStore::releaseSavepoint() { return execSql(QStringLiteral("RELEASE unit")); }
void SqliteStore::rollbackToSavepoint()
{
    execSql(QStringLiteral("ROLLBACK TO unit"));
    execSql(QStringLiteral("RELEASE unit"));
}

// ---- pages

bool SqliteStore::savePage(const PageRecord &page)
{
    QSqlQuery &q = prepared("INSERT INTO pages(id, name, access_token, created_at, backfilled_at) "
                            "VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                            "access_token = excluded.access_token, backfilled_at = excluded.backfilled_at");
    q.addBindValue(page.id);
    q.addBindValue(orEmpty(page.name));
    q.addBindValue(orEmpty(page.accessToken));
    q.addBindValue(page.createdAt);
    q.addBindValue(page.backfilledAt);
    return exec(q);
}

std::optional<PageRecord> SqliteStore::page(const QString &id)
{
    const QList<PageRecord> all = pages();
    for (const PageRecord &p : all)
        if (p.id == id)
            return p;
    return std::nullopt;
}

QList<PageRecord> SqliteStore::pages()
{
    QList<PageRecord> list;
    QSqlQuery &q = prepared("SELECT id, name, access_token, created_at, backfilled_at FROM pages ORDER BY id");
    if (!exec(q))
        return list;
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toByteArray(),
                     q.value(3).toLongLong(), q.value(4).toLongLong()});
    q.finish();
    return list;
}

bool SqliteStore::removePage(const QString &id)
{
    QSqlQuery &q = prepared("DELETE FROM pages WHERE id = ?");
    q.addBindValue(id);
    return exec(q) && q.numRowsAffected() > 0;
}

// ---- agents

bool SqliteStore::addAgent(AgentRecord *agent)
{
    QSqlQuery &q = prepared("INSERT INTO agents(name, token_hash, pages, created_at) VALUES(?, ?, ?, ?)");
    q.addBindValue(agent->name);
    q.addBindValue(agent->tokenHash);
    q.addBindValue(joinPages(agent->pages));
    q.addBindValue(agent->createdAt);
    if (!exec(q))
        return false;
    agent->id = q.lastInsertId().toLongLong();
    return true;
}

QList<AgentRecord> SqliteStore::readAgents(QSqlQuery &q)
{
    QList<AgentRecord> list;
    if (!exec(q))
        return list;
    while (q.next()) {
        AgentRecord a;
        a.id = q.value(0).toLongLong();
        a.name = q.value(1).toString();
        a.tokenHash = q.value(2).toByteArray();
        a.pages = splitPages(q.value(3).toString());
        a.createdAt = q.value(4).toLongLong();
        a.revokedAt = q.value(5).toLongLong();
        list.append(a);
    }
    q.finish();
    return list;
}

std::optional<AgentRecord> SqliteStore::agent(qint64 id)
{
    QSqlQuery &q = prepared("SELECT id, name, token_hash, pages, created_at, revoked_at FROM agents WHERE id = ?");
    q.addBindValue(id);
    const auto list = readAgents(q);
    return list.isEmpty() ? std::nullopt : std::optional<AgentRecord>(list.first());
}

std::optional<AgentRecord> SqliteStore::agentByTokenHash(const QByteArray &tokenHash)
{
    QSqlQuery &q = prepared(
        "SELECT id, name, token_hash, pages, created_at, revoked_at FROM agents WHERE token_hash = ?");
    q.addBindValue(tokenHash);
    const auto list = readAgents(q);
    return list.isEmpty() ? std::nullopt : std::optional<AgentRecord>(list.first());
}

std::optional<AgentRecord> SqliteStore::agentByName(const QString &name)
{
    QSqlQuery &q = prepared("SELECT id, name, token_hash, pages, created_at, revoked_at FROM agents WHERE name = ?");
    q.addBindValue(name);
    const auto list = readAgents(q);
    return list.isEmpty() ? std::nullopt : std::optional<AgentRecord>(list.first());
}

QList<AgentRecord> SqliteStore::agents()
{
    return readAgents(prepared("SELECT id, name, token_hash, pages, created_at, revoked_at FROM agents ORDER BY id"));
}

bool SqliteStore::revokeAgent(qint64 id, qint64 at)
{
    QSqlQuery &q = prepared("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
    q.addBindValue(at);
    q.addBindValue(id);
    return exec(q) && q.numRowsAffected() > 0;
}

// ---- customers

std::optional<CustomerRecord> SqliteStore::customer(const QString &pageId, const QString &psid)
{
    QSqlQuery &q = prepared("SELECT name, picture_url, profile_state, profile_attempts, profile_next_at "
                            "FROM customers WHERE page_id = ? AND psid = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    if (!exec(q) || !q.next())
        return std::nullopt;
    CustomerRecord c;
    c.pageId = pageId;
    c.customer = {psid, q.value(0).toString(), q.value(1).toString()};
    c.profileState = CustomerRecord::ProfileState(q.value(2).toInt());
    c.profileAttempts = q.value(3).toInt();
    c.profileNextAttemptAt = q.value(4).toLongLong();
    q.finish();
    return c;
}

bool SqliteStore::saveCustomer(const CustomerRecord &c)
{
    QSqlQuery &q = prepared(
        "INSERT INTO customers(page_id, psid, name, picture_url, profile_state, profile_attempts, profile_next_at) "
        "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(page_id, psid) DO UPDATE SET name = excluded.name, "
        "picture_url = excluded.picture_url, profile_state = excluded.profile_state, "
        "profile_attempts = excluded.profile_attempts, profile_next_at = excluded.profile_next_at");
    q.addBindValue(c.pageId);
    q.addBindValue(c.customer.psid);
    q.addBindValue(orEmpty(c.customer.name));
    q.addBindValue(orEmpty(c.customer.pictureUrl));
    q.addBindValue(int(c.profileState));
    q.addBindValue(c.profileAttempts);
    q.addBindValue(c.profileNextAttemptAt);
    return exec(q);
}

QList<CustomerRecord> SqliteStore::customersNeedingProfile(qint64 now, int limit)
{
    QList<CustomerRecord> list;
    QSqlQuery &q = prepared("SELECT page_id, psid, name, picture_url, profile_state, profile_attempts, "
                            "profile_next_at FROM customers WHERE profile_state = 0 AND profile_next_at <= ? "
                            "ORDER BY profile_next_at LIMIT ?");
    q.addBindValue(now);
    q.addBindValue(limit);
    if (!exec(q))
        return list;
    while (q.next()) {
        CustomerRecord c;
        c.pageId = q.value(0).toString();
        c.customer = {q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
        c.profileState = CustomerRecord::ProfileState(q.value(4).toInt());
        c.profileAttempts = q.value(5).toInt();
        c.profileNextAttemptAt = q.value(6).toLongLong();
        list.append(c);
    }
    q.finish();
    return list;
}

// ---- conversations

std::optional<Conversation> SqliteStore::readConversation(QSqlQuery &q)
{
    if (!q.next())
        return std::nullopt;
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.pageId = q.value(1).toString();
    c.customer.psid = q.value(2).toString();
    c.lastMessageAt = q.value(3).toLongLong();
    c.lastCustomerMessageAt = q.value(4).toLongLong();
    c.previewText = q.value(5).toString();
    c.previewKind = q.value(6).toString();
    c.previewOutgoing = q.value(7).toBool();
    c.unreadCount = q.value(8).toInt();
    Conversation::statusFromName(q.value(9).toString(), &c.status);
    c.assigneeId = q.value(10).toLongLong();
    c.customer.name = q.value(11).toString();
    c.customer.pictureUrl = q.value(12).toString();
    return c;
}

std::optional<Conversation> SqliteStore::conversation(qint64 id)
{
    QSqlQuery &q = prepared("SELECT " CONVERSATION_COLUMNS "WHERE c.id = ?");
    q.addBindValue(id);
    if (!exec(q))
        return std::nullopt;
    auto c = readConversation(q);
    q.finish();
    return c;
}

std::optional<Conversation> SqliteStore::conversationFor(const QString &pageId, const QString &psid)
{
    QSqlQuery &q = prepared("SELECT " CONVERSATION_COLUMNS "WHERE c.page_id = ? AND c.psid = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    if (!exec(q))
        return std::nullopt;
    auto c = readConversation(q);
    q.finish();
    return c;
}

// The columns both INSERT and UPDATE write, in the order both statements name them.
static void bindConversationState(QSqlQuery &q, const Conversation &c)
{
    q.addBindValue(c.lastMessageAt);
    q.addBindValue(c.lastCustomerMessageAt);
    q.addBindValue(orEmpty(c.previewText));
    q.addBindValue(orEmpty(c.previewKind));
    q.addBindValue(c.previewOutgoing);
    q.addBindValue(c.unreadCount);
    q.addBindValue(Conversation::statusName(c.status));
    q.addBindValue(c.assigneeId);
}

bool SqliteStore::saveConversation(Conversation *c)
{
    if (c->id == 0) {
        QSqlQuery &q = prepared("INSERT INTO conversations(page_id, psid, last_message_at, last_customer_message_at, "
                                "preview_text, preview_kind, preview_outgoing, unread, status, assignee_id) "
                                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.addBindValue(c->pageId);
        q.addBindValue(c->customer.psid);
        bindConversationState(q, *c);
        if (!exec(q))
            return false;
        c->id = q.lastInsertId().toLongLong();
        return true;
    }
    QSqlQuery &q = prepared("UPDATE conversations SET last_message_at = ?, last_customer_message_at = ?, "
                            "preview_text = ?, preview_kind = ?, preview_outgoing = ?, unread = ?, status = ?, "
                            "assignee_id = ? WHERE id = ?");
    bindConversationState(q, *c);
    q.addBindValue(c->id);
    return exec(q);
}

QList<Conversation> SqliteStore::conversations(const QStringList &pages, qint64 beforeLastMessageAt,
                                               qint64 beforeId, int limit)
{
    QList<Conversation> list;
    // Page filters vary in length, so this statement is not cached.
    QString sql = QStringLiteral("SELECT " CONVERSATION_COLUMNS "WHERE 1");
    if (beforeLastMessageAt > 0 || beforeId > 0)
        sql += QStringLiteral(" AND (c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))");
    if (!pages.isEmpty()) {
        QStringList marks;
        for (int i = 0; i < pages.size(); ++i)
            marks.append(QStringLiteral("?"));
        sql += QStringLiteral(" AND c.page_id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?");
    QSqlQuery q(m_db);
    q.prepare(sql);
    if (beforeLastMessageAt > 0 || beforeId > 0) {
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeId);
    }
    for (const QString &p : pages)
        q.addBindValue(p);
    q.addBindValue(limit);
    if (!exec(q))
        return list;
    while (auto c = readConversation(q))
        list.append(*c);
    return list;
}

// ---- messages

std::optional<Message> SqliteStore::readMessage(QSqlQuery &q)
{
    if (!q.next())
        return std::nullopt;
    Message m = Message::fromJson(QJsonDocument::fromJson(q.value(2).toByteArray()).object());
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    return m;
}

QList<Message> SqliteStore::readMessages(QSqlQuery &q)
{
    QList<Message> list;
    if (!exec(q))
        return list;
    while (auto m = readMessage(q))
        list.append(*m);
    q.finish();
    return list;
}

std::optional<Message> SqliteStore::firstMessage(QSqlQuery &q, const QVariant &key)
{
    q.addBindValue(key);
    const auto list = readMessages(q);
    return list.isEmpty() ? std::nullopt : std::optional<Message>(list.first());
}

std::optional<Message> SqliteStore::message(qint64 id)
{
    return firstMessage(prepared("SELECT " MESSAGE_COLUMNS "WHERE id = ?"), id);
}

std::optional<Message> SqliteStore::messageByMid(const QString &mid)
{
    if (mid.isEmpty())
        return std::nullopt;
    return firstMessage(prepared("SELECT " MESSAGE_COLUMNS "WHERE mid = ?"), mid);
}

std::optional<Message> SqliteStore::messageByClientId(const QString &clientId)
{
    if (clientId.isEmpty())
        return std::nullopt;
    return firstMessage(prepared("SELECT " MESSAGE_COLUMNS "WHERE client_id = ?"), clientId);
}

bool SqliteStore::saveMessage(Message *m)
{
    const QByteArray body = QJsonDocument(m->toJson()).toJson(QJsonDocument::Compact);
    if (m->id == 0) {
        QSqlQuery &q = prepared("INSERT INTO messages(conversation_id, mid, client_id, direction, timestamp, status, body) "
                                "VALUES(?, ?, ?, ?, ?, ?, ?)");
        q.addBindValue(m->conversationId);
        q.addBindValue(nullIfEmpty(m->mid));
        q.addBindValue(nullIfEmpty(m->clientId));
        q.addBindValue(Message::directionName(m->direction));
        q.addBindValue(m->timestamp);
        q.addBindValue(Message::statusName(m->status));
        q.addBindValue(body);
        if (!exec(q))
            return false;
        m->id = q.lastInsertId().toLongLong();
        return true;
    }
    QSqlQuery &q = prepared("UPDATE messages SET mid = ?, client_id = ?, timestamp = ?, status = ?, body = ? WHERE id = ?");
    q.addBindValue(nullIfEmpty(m->mid));
    q.addBindValue(nullIfEmpty(m->clientId));
    q.addBindValue(m->timestamp);
    q.addBindValue(Message::statusName(m->status));
    q.addBindValue(body);
    q.addBindValue(m->id);
    return exec(q);
}

QList<Message> SqliteStore::outgoingUpTo(qint64 conversationId, qint64 watermark, Message::Status below)
{
    QList<Message> list;
    QSqlQuery &q = prepared("SELECT " MESSAGE_COLUMNS "WHERE conversation_id = ? AND direction = 'out' "
                            "AND timestamp <= ? AND status IN ('sent', 'delivered') ORDER BY timestamp, id");
    q.addBindValue(conversationId);
    q.addBindValue(watermark);
    const QList<Message> candidates = readMessages(q);
    for (const Message &m : candidates)
        if (m.status < below)
            list.append(m);
    return list;
}

QList<Message> SqliteStore::messagesBefore(qint64 conversationId, qint64 beforeTimestamp, qint64 beforeId, int limit)
{
    if (beforeTimestamp <= 0) {
        QSqlQuery &q = prepared("SELECT " MESSAGE_COLUMNS "WHERE conversation_id = ? "
                                "ORDER BY timestamp DESC, id DESC LIMIT ?");
        q.addBindValue(conversationId);
        q.addBindValue(limit);
        return readMessages(q);
    }
    QSqlQuery &q = prepared("SELECT " MESSAGE_COLUMNS "WHERE conversation_id = ? AND "
                            "(timestamp < ? OR (timestamp = ? AND id < ?)) ORDER BY timestamp DESC, id DESC LIMIT ?");
    q.addBindValue(conversationId);
    q.addBindValue(beforeTimestamp);
    q.addBindValue(beforeTimestamp);
    q.addBindValue(beforeId);
    q.addBindValue(limit);
    return readMessages(q);
}

QList<Message> SqliteStore::pendingOutgoing()
{
    return readMessages(prepared("SELECT " MESSAGE_COLUMNS "WHERE status = 'pending' ORDER BY id"));
}

// ---- receipts and raw events

bool SqliteStore::recordReceipt(const QString &pageId, const QString &psid, const QString &kind, qint64 watermark)
{
    QSqlQuery &q = prepared("INSERT OR IGNORE INTO receipts(page_id, psid, kind, watermark) VALUES(?, ?, ?, ?)");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    q.addBindValue(kind);
    q.addBindValue(watermark);
    return exec(q) && q.numRowsAffected() > 0;
}

qint64 SqliteStore::receiptWatermark(const QString &pageId, const QString &psid, const QString &kind)
{
    QSqlQuery &q = prepared("SELECT coalesce(max(watermark), 0) FROM receipts WHERE page_id = ? AND psid = ? AND kind = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    q.addBindValue(kind);
    if (!exec(q) || !q.next())
        return 0;
    const qint64 watermark = q.value(0).toLongLong();
    q.finish();
    return watermark;
}

bool SqliteStore::storeRawEvent(const QString &pageId, const QString &kind, qint64 timestamp, const QByteArray &raw)
{
    QSqlQuery &q = prepared("INSERT INTO raw_events(page_id, kind, timestamp, body) VALUES(?, ?, ?, ?)");
    q.addBindValue(pageId);
    q.addBindValue(kind);
    q.addBindValue(timestamp);
    q.addBindValue(raw);
    return exec(q);
}

int SqliteStore::rawEventCount() { return int(scalar("SELECT count(*) FROM raw_events")); }

bool SqliteStore::storeWaitingEvent(const QString &targetMid, const QString &pageId, const QString &kind,
                                    qint64 timestamp, const QByteArray &raw)
{
    QSqlQuery &q = prepared("INSERT INTO waiting_events(target_mid, page_id, kind, timestamp, body) VALUES(?, ?, ?, ?, ?)");
    q.addBindValue(targetMid);
    q.addBindValue(pageId);
    q.addBindValue(kind);
    q.addBindValue(timestamp);
    q.addBindValue(raw);
    return exec(q);
}

QList<QByteArray> SqliteStore::takeWaitingEvents(const QString &targetMid)
{
    QList<QByteArray> bodies;
    QSqlQuery &find = prepared("SELECT body FROM waiting_events WHERE target_mid = ? ORDER BY timestamp, id");
    find.addBindValue(targetMid);
    if (!exec(find))
        return bodies;
    while (find.next())
        bodies.append(find.value(0).toByteArray());
    find.finish();
    if (!bodies.isEmpty()) {
        QSqlQuery &del = prepared("DELETE FROM waiting_events WHERE target_mid = ?");
        del.addBindValue(targetMid);
        exec(del);
    }
    return bodies;
}

// ---- event log

qint64 SqliteStore::lastSeq()
{
    // max(seq) survives rollbacks (no reuse gaps); pruned_through covers a fully pruned log.
    return qMax(scalar("SELECT coalesce(max(seq), 0) FROM events"), prunedThrough());
}

qint64 SqliteStore::prunedThrough()
{
    return scalar("SELECT coalesce((SELECT value FROM meta WHERE key = 'pruned_through'), 0)");
}

bool SqliteStore::appendEvent(Event *e)
{
    const qint64 seq = lastSeq() + 1;
    QSqlQuery &q = prepared("INSERT INTO events(seq, kind, page_id, conversation_id, agent_id, created_at, data) "
                            "VALUES(?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(seq);
    q.addBindValue(e->kind);
    q.addBindValue(orEmpty(e->pageId));
    q.addBindValue(e->conversationId);
    q.addBindValue(e->agentId);
    q.addBindValue(e->createdAt);
    q.addBindValue(QJsonDocument(e->data).toJson(QJsonDocument::Compact));
    if (!exec(q))
        return false;
    e->seq = seq;
    return true;
}

QList<Event> SqliteStore::eventsAfter(qint64 seq, int limit)
{
    QList<Event> list;
    QSqlQuery &q = prepared("SELECT " EVENT_COLUMNS "WHERE seq > ? ORDER BY seq LIMIT ?");
    q.addBindValue(seq);
    q.addBindValue(limit);
    if (!exec(q))
        return list;
    while (q.next()) {
        Event e;
        e.seq = q.value(0).toLongLong();
        e.kind = q.value(1).toString();
        e.pageId = q.value(2).toString();
        e.conversationId = q.value(3).toLongLong();
        e.agentId = q.value(4).toLongLong();
        e.createdAt = q.value(5).toLongLong();
        e.data = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        list.append(e);
    }
    q.finish();
    return list;
}

int SqliteStore::pruneEvents(qint64 olderThan)
{
    // Never prune the newest event: it anchors the sequence (see lastSeq()).
    QSqlQuery &find = prepared("SELECT coalesce(max(seq), 0) FROM events WHERE created_at < ? "
                               "AND seq < (SELECT max(seq) FROM events)");
    find.addBindValue(olderThan);
    if (!exec(find) || !find.next())
        return 0;
    const qint64 through = find.value(0).toLongLong();
    find.finish();
    if (through <= 0)
        return 0;
    QSqlQuery &del = prepared("DELETE FROM events WHERE seq <= ?");
    del.addBindValue(through);
    if (!exec(del))
        return 0;
    const int removed = del.numRowsAffected();
    QSqlQuery &mark = prepared("INSERT INTO meta(key, value) VALUES('pruned_through', ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)");
    mark.addBindValue(through);
    exec(mark);
    return removed;
}

qint64 SqliteStore::messageCount() { return scalar("SELECT count(*) FROM messages"); }
qint64 SqliteStore::conversationCount() { return scalar("SELECT count(*) FROM conversations"); }

} // namespace Relaydesk::Store
