#include "cacheschema.h"
#include "localcache.h"
#include "protocol.h"
#include "relayfixture.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Relaydesk;
using namespace Relaydesk::App;
namespace Kind = Relaydesk::Protocol::EventKind;

namespace {

const QString PageId = QStringLiteral("104216672283716");

Conversation makeConversation(qint64 id, const QString &name, qint64 lastMessageAt)
{
    Conversation c;
    c.id = id;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("69201543781935%1").arg(id);
    c.customer.name = name;
    c.lastMessageAt = lastMessageAt;
    c.lastCustomerMessageAt = lastMessageAt;
    return c;
}

Message makeMessage(qint64 id, qint64 conversationId, qint64 timestamp, const QString &text)
{
    Message m;
    m.id = id;
    m.conversationId = conversationId;
    m.mid = QStringLiteral("m_%1").arg(id);
    m.text = text;
    m.timestamp = timestamp;
    return m;
}

// Our reply as the relay knows it: its own id, our client id.
Message relayReply(qint64 id, qint64 conversationId, const QString &clientId, Message::Status status)
{
    Message m = makeMessage(id, conversationId, 5000, QStringLiteral("It ships today."));
    m.direction = Message::Direction::Outgoing;
    m.clientId = clientId;
    m.status = status;
    m.source = QStringLiteral("relaydesk");
    if (status == Message::Status::Pending)
        m.mid.clear();
    return m;
}

Event messageEvent(qint64 seq, QLatin1StringView kind, const Message &m)
{
    Event e = Event::forMessage(QString(kind), PageId, m);
    e.seq = seq;
    return e;
}

Event conversationEvent(qint64 seq, const Conversation &c)
{
    Event e = Event::forConversation(QString(Kind::ConversationUpdated), c);
    e.seq = seq;
    return e;
}

// The schema version as SQLite itself reports it, through a connection of our own.
int userVersion(const QString &path, const QString &sql = {})
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (!sql.isEmpty())
                q.exec(sql);
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                version = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return version;
}


} // namespace

class TestLocalCache : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QVERIFY(m_dir.isValid()); m_path = m_dir.filePath(QStringLiteral("account-%1.sqlite").arg(++m_n)); }

    void freshFileMigratesAndReopens();
    void tooNewVersionIsRefused();
    void failedMigrationLeavesFileUntouched();
    void applyEventsIsIdempotent();
    void olderSeqIsIgnored();
    void snapshotSetsPosition();
    void messagesInTimestampOrderWithPaging();
    void restartKeepsEverything();
    void failedAndRetriedSurviveRestart();
    void refusalOnlyMovesQueuedEntries();
    void version1OutboxMigrates();
    void reconcileAckFirst();
    void reconcileEventFirst();
    void searchByNameAndText();
    void snapshotPreviewIsSearchable();
    void twoConnectionsShareThePosition();
    void batchKeepsTheNewestStateOfEach();
    void filesAreTheAgentsAlone();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

void TestLocalCache::freshFileMigratesAndReopens()
{
    {
        LocalCache cache(m_path);
        QString error;
        QVERIFY2(cache.open(&error), qPrintable(error));
        QCOMPARE(cache.lastSeq(), LocalCache::NoSeq);
        // Debian's SQLite, through Qt's QSQLITE driver, has FTS5: search must not be the LIKE fallback here.
        QVERIFY(cache.hasFullTextSearch());
    }
    QCOMPARE(userVersion(m_path), CacheSchema::latestVersion());
    LocalCache again(m_path);
    QString error;
    QVERIFY2(again.open(&error), qPrintable(error));
    QVERIFY(again.conversations(10).isEmpty());
}

void TestLocalCache::tooNewVersionIsRefused()
{
    QCOMPARE(userVersion(m_path, QStringLiteral("PRAGMA user_version = 99")), 99);
    LocalCache cache(m_path);
    QString error;
    QVERIFY(!cache.open(&error));
    QVERIFY2(error.contains(QLatin1String("newer")) && error.contains(QLatin1String("99")), qPrintable(error));
    QVERIFY(!cache.isOpen());
    QVERIFY(!cache.applySnapshot({}, 1));
    QCOMPARE(userVersion(m_path), 99);
}

void TestLocalCache::failedMigrationLeavesFileUntouched()
{
    // A stray table makes version 1's CREATE TABLE fail half-way.
    QCOMPARE(userVersion(m_path, QStringLiteral("CREATE TABLE outbox (x)")), 0);
    LocalCache cache(m_path);
    QString error;
    QVERIFY(!cache.open(&error));
    QVERIFY2(error.contains(QLatin1String("migration to schema version 1")), qPrintable(error));
    QCOMPARE(userVersion(m_path), 0);
    // Rolled back: the tables made before the failure are gone too.
    QCOMPARE(userVersion(m_path, QStringLiteral("CREATE TABLE conversations (x)")), 0);
}

void TestLocalCache::applyEventsIsIdempotent()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    const QList<Event> batch{messageEvent(1, Kind::MessageCreated, makeMessage(10, 7, 1000, QStringLiteral("hello"))),
                             conversationEvent(2, makeConversation(7, QStringLiteral("Linh Nguyen"), 1000))};
    QVERIFY(cache.applyEvents(batch));
    const QList<Conversation> conversations = cache.conversations(10);
    const QList<Message> messages = cache.messages(7, 10);
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(messages.size(), 1);
    QCOMPARE(cache.lastSeq(), 2);

    QVERIFY(cache.applyEvents(batch));
    QCOMPARE(cache.conversations(10), conversations);
    QCOMPARE(cache.messages(7, 10), messages);
    QCOMPARE(cache.messageCount(7), 1);
    QCOMPARE(cache.lastSeq(), 2);
    QCOMPARE(messages.first(), makeMessage(10, 7, 1000, QStringLiteral("hello")));
    QCOMPARE(conversations.first(), makeConversation(7, QStringLiteral("Linh Nguyen"), 1000));
}

void TestLocalCache::olderSeqIsIgnored()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    Message m = makeMessage(10, 7, 1000, QStringLiteral("hello"));
    m.editCount = 2;
    m.text = QStringLiteral("hello, edited twice");
    QVERIFY(cache.applyEvents({messageEvent(5, Kind::MessageUpdated, m)}));
    Message older = m;
    older.editCount = 1;
    older.text = QStringLiteral("hello, edited once");
    // Seq 4 is older than what we have, 5 is already applied; only 6 is new.
    Conversation c = makeConversation(7, QStringLiteral("Linh"), 1000);
    QVERIFY(cache.applyEvents({messageEvent(4, Kind::MessageUpdated, older), messageEvent(5, Kind::MessageUpdated, older),
                               conversationEvent(6, c)}));
    QCOMPARE(cache.messages(7, 10).first().text, QStringLiteral("hello, edited twice"));
    QCOMPARE(cache.conversations(10).size(), 1);
    QCOMPARE(cache.lastSeq(), 6);
}

void TestLocalCache::snapshotSetsPosition()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QVERIFY(cache.applyEvents({conversationEvent(3, makeConversation(1, QStringLiteral("Old Name"), 100))}));
    QVERIFY(cache.applySnapshot({makeConversation(1, QStringLiteral("New Name"), 300),
                                 makeConversation(2, QStringLiteral("Bob"), 200)}, 100));
    QCOMPARE(cache.lastSeq(), 100);
    const QList<Conversation> list = cache.conversations(10);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).customer.name, QStringLiteral("New Name")); // newest activity first
    QCOMPARE(list.at(1).id, 2);
    QCOMPARE(cache.conversations(1).size(), 1);
    QVERIFY(cache.applyEvents({conversationEvent(101, makeConversation(2, QStringLiteral("Bob"), 400))}));
    QCOMPARE(cache.conversations(10).first().id, 2);
    QCOMPARE(cache.conversation(2)->lastMessageAt, 400);
}

void TestLocalCache::messagesInTimestampOrderWithPaging()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    // Arrival order is not conversation order: Meta's timestamp, then id, is.
    QVERIFY(cache.applyEvents({messageEvent(1, Kind::MessageCreated, makeMessage(13, 7, 3000, QStringLiteral("c"))),
                               messageEvent(2, Kind::MessageCreated, makeMessage(11, 7, 1000, QStringLiteral("a"))),
                               messageEvent(3, Kind::MessageCreated, makeMessage(14, 7, 3000, QStringLiteral("d"))),
                               messageEvent(4, Kind::MessageCreated, makeMessage(12, 7, 2000, QStringLiteral("b"))),
                               messageEvent(5, Kind::MessageCreated, makeMessage(15, 8, 500, QStringLiteral("other")))}));
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(cache.messages(7, 10)), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(cache.messages(7, 2)), (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(cache.messages(7, 2, 3000, 13)), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(cache.messages(7, 10, 3000, 14)), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
}

void TestLocalCache::restartKeepsEverything()
{
    QList<Conversation> conversations;
    QList<Message> messages;
    {
        LocalCache cache(m_path);
        QVERIFY(cache.open(nullptr));
        QVERIFY(cache.applyEvents({messageEvent(41, Kind::MessageCreated, makeMessage(10, 7, 1000, QStringLiteral("hello"))),
                                   conversationEvent(42, makeConversation(7, QStringLiteral("Linh"), 1000))}));
        QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-1"), QStringLiteral("first")).has_value());
        QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-2"), QStringLiteral("second")).has_value());
        QVERIFY(cache.markOutboxSent(QStringLiteral("c-1")));
        conversations = cache.conversations(10);
        messages = cache.messages(7, 10);
        QCOMPARE(messages.size(), 3);
    }
    LocalCache cache(m_path);
    QString error;
    QVERIFY2(cache.open(&error), qPrintable(error));
    QCOMPARE(cache.lastSeq(), 42);
    QCOMPARE(cache.conversations(10), conversations);
    QCOMPARE(cache.messages(7, 10), messages);
    const QList<OutboxEntry> outbox = cache.outbox();
    QCOMPARE(outbox.size(), 2);
    QCOMPARE(outbox.at(0).clientId, QStringLiteral("c-1"));
    QCOMPARE(outbox.at(0).state, OutboxEntry::State::Sent);
    QCOMPARE(outbox.at(1).clientId, QStringLiteral("c-2"));
    QCOMPARE(outbox.at(1).text, QStringLiteral("second"));
    QCOMPARE(outbox.at(1).conversationId, 7);
    QCOMPARE(outbox.at(1).state, OutboxEntry::State::Queued);
    // A client id is used once: queueing it again is refused and changes nothing.
    QVERIFY(!cache.queueOutgoing(7, QStringLiteral("c-2"), QStringLiteral("again")).has_value());
    QCOMPARE(cache.outbox().size(), 2);
}

void TestLocalCache::failedAndRetriedSurviveRestart()
{
    const QString why = QStringLiteral("more than 7 days since the customer's last message");
    qint64 localId = 0;
    {
        LocalCache cache(m_path);
        QVERIFY(cache.open(nullptr));
        const auto pending = cache.queueOutgoing(7, QStringLiteral("c-1"), QStringLiteral("Are you there?"));
        QVERIFY(pending.has_value());
        localId = pending->id;
        QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-2"), QStringLiteral("Still queued")).has_value());
        const auto failed = cache.markOutboxFailed(QStringLiteral("c-1"), QStringLiteral("window_closed"), why);
        QVERIFY(failed.has_value());
        QCOMPARE(failed->id, localId);
        QCOMPARE(failed->status, Message::Status::Failed);
        QCOMPARE(failed->errorMessage, why);
        QCOMPARE(failed->text, QStringLiteral("Are you there?"));
    }
    {
        LocalCache cache(m_path);
        QString error;
        QVERIFY2(cache.open(&error), qPrintable(error));
        const QList<OutboxEntry> outbox = cache.outbox();
        QCOMPARE(outbox.size(), 2);
        QCOMPARE(outbox.at(0).clientId, QStringLiteral("c-1"));
        QCOMPARE(outbox.at(0).state, OutboxEntry::State::Failed);
        QCOMPARE(outbox.at(0).errorCode, QStringLiteral("window_closed"));
        QCOMPARE(outbox.at(0).errorMessage, why);
        QCOMPARE(outbox.at(1).state, OutboxEntry::State::Queued);
        QVERIFY(outbox.at(1).errorCode.isEmpty());
        // Both replies may carry the same millisecond: find them by client id, not position.
        const QList<Message> messages = cache.messages(7, 10);
        QCOMPARE(messages.size(), 2);
        const int first = messages.at(0).clientId == QLatin1String("c-1") ? 0 : 1;
        QCOMPARE(messages.at(first).id, localId);
        QCOMPARE(messages.at(first).status, Message::Status::Failed);
        QCOMPARE(messages.at(first).errorMessage, why);
        QCOMPARE(messages.at(1 - first).clientId, QStringLiteral("c-2"));
        QCOMPARE(messages.at(1 - first).status, Message::Status::Pending);

        const auto retried = cache.retryOutgoing(QStringLiteral("c-1"));
        QVERIFY(retried.has_value());
        QCOMPARE(retried->id, localId);
        QCOMPARE(retried->status, Message::Status::Pending);
        QVERIFY(retried->errorMessage.isEmpty());
        // Only a failed entry can be retried.
        QVERIFY(!cache.retryOutgoing(QStringLiteral("c-1")).has_value());
        QVERIFY(!cache.retryOutgoing(QStringLiteral("c-2")).has_value());
        QVERIFY(!cache.retryOutgoing(QStringLiteral("nope")).has_value());
    }
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    const QList<OutboxEntry> outbox = cache.outbox();
    QCOMPARE(outbox.size(), 2);
    QCOMPARE(outbox.at(0).state, OutboxEntry::State::Queued);
    QVERIFY(outbox.at(0).errorCode.isEmpty());
    QVERIFY(outbox.at(0).errorMessage.isEmpty());
    const QList<Message> messages = cache.messages(7, 10);
    QCOMPARE(messages.size(), 2);
    const int retriedRow = messages.at(0).clientId == QLatin1String("c-1") ? 0 : 1;
    QCOMPARE(messages.at(retriedRow).id, localId);
    QCOMPARE(messages.at(retriedRow).status, Message::Status::Pending);
    QVERIFY(messages.at(retriedRow).errorMessage.isEmpty());
    // Still one reply: the relay's copy replaces the retried one as usual.
    QVERIFY(cache.applyMessages({relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Pending)}));
    QCOMPARE(cache.messageCount(7), 2);
    QCOMPARE(cache.outbox().size(), 1);
    QCOMPARE(cache.outbox().first().clientId, QStringLiteral("c-2"));
}

void TestLocalCache::refusalOnlyMovesQueuedEntries()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-1"), QStringLiteral("acked")).has_value());
    QVERIFY(cache.markOutboxSent(QStringLiteral("c-1")));
    QVERIFY(!cache.markOutboxFailed(QStringLiteral("c-1"), QStringLiteral("bad_request"), QStringLiteral("x")).has_value());
    QVERIFY(!cache.markOutboxFailed(QStringLiteral("unknown"), QStringLiteral("bad_request"), QStringLiteral("x")).has_value());
    QCOMPARE(cache.outbox().first().state, OutboxEntry::State::Sent);
    QCOMPARE(cache.messages(7, 10).first().status, Message::Status::Pending);
    QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-2"), QStringLiteral("refused")).has_value());
    QVERIFY(cache.markOutboxFailed(QStringLiteral("c-2"), QStringLiteral("text_too_long"), QStringLiteral("y")).has_value());
    // Failed once is failed: a second refusal does not rewrite it.
    QVERIFY(!cache.markOutboxFailed(QStringLiteral("c-2"), QStringLiteral("not_found"), QStringLiteral("z")).has_value());
    QCOMPARE(cache.outbox().at(1).errorCode, QStringLiteral("text_too_long"));
}

void TestLocalCache::version1OutboxMigrates()
{
    // A cache file as version 1 left it, with a reply still queued.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const char *sql : {
                 "CREATE TABLE conversations (id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, last_message_at INTEGER NOT NULL,"
                 " status TEXT NOT NULL, assignee_id INTEGER NOT NULL, unread INTEGER NOT NULL,"
                 " customer_name TEXT NOT NULL, data TEXT NOT NULL)",
                 "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, mid TEXT UNIQUE,"
                 " client_id TEXT UNIQUE, timestamp INTEGER NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL, data TEXT NOT NULL)",
                 "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
                 "CREATE TABLE outbox (client_id TEXT PRIMARY KEY, conversation_id INTEGER NOT NULL, text TEXT NOT NULL,"
                 " created_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'queued')",
                 "INSERT INTO outbox (client_id, conversation_id, text, created_at) VALUES ('c-1', 7, 'old reply', 1000)",
                 "INSERT INTO messages VALUES (-1, 7, NULL, 'c-1', 1000, 'pending', 'old reply',"
                 " '{\"conversation_id\":7,\"direction\":\"out\",\"text\":\"old reply\",\"timestamp\":1000,"
                 "\"status\":\"pending\",\"client_id\":\"c-1\"}')",
                 "PRAGMA user_version = 1"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    LocalCache cache(m_path);
    QString error;
    QVERIFY2(cache.open(&error), qPrintable(error));
    QCOMPARE(userVersion(m_path), CacheSchema::latestVersion());
    const QList<OutboxEntry> outbox = cache.outbox();
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.first().state, OutboxEntry::State::Queued);
    QVERIFY(outbox.first().errorCode.isEmpty());
    const auto failed = cache.markOutboxFailed(QStringLiteral("c-1"), QStringLiteral("window_closed"), QStringLiteral("closed"));
    QVERIFY(failed.has_value());
    QCOMPARE(failed->id, -1);
    QCOMPARE(failed->status, Message::Status::Failed);
}

void TestLocalCache::reconcileAckFirst()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    const auto local = cache.queueOutgoing(7, QStringLiteral("c-1"), QStringLiteral("It ships today."));
    QVERIFY(local.has_value());
    QVERIFY(local->id < 0);
    QCOMPARE(cache.messages(7, 10), QList<Message>{*local});
    QCOMPARE(local->status, Message::Status::Pending);

    QVERIFY(cache.applyMessages({relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Pending)}));
    QCOMPARE(cache.messageCount(7), 1);
    QCOMPARE(cache.messages(7, 10).first().id, 88);
    QVERIFY(cache.outbox().isEmpty());
    // Then the events: created (echo of our send) and the status.
    QVERIFY(cache.applyEvents({messageEvent(1, Kind::MessageCreated, relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Pending)),
                               messageEvent(2, Kind::MessageStatus, relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Sent))}));
    QCOMPARE(cache.messageCount(7), 1);
    QCOMPARE(cache.messages(7, 10).first().status, Message::Status::Sent);
    QCOMPARE(cache.search(QStringLiteral("ships")), QList<qint64>{});  // no conversation row yet: nothing to show
}

void TestLocalCache::reconcileEventFirst()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-1"), QStringLiteral("It ships today.")).has_value());
    QVERIFY(cache.queueOutgoing(7, QStringLiteral("c-2"), QStringLiteral("Anything else?")).has_value());
    QCOMPARE(cache.messageCount(7), 2);
    // The events overtake the ack (it was lost, or is still on its way).
    QVERIFY(cache.applyEvents({messageEvent(1, Kind::MessageCreated, relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Pending)),
                               messageEvent(2, Kind::MessageStatus, relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Delivered))}));
    QCOMPARE(cache.messageCount(7), 2);
    QCOMPARE(cache.outbox().size(), 1); // c-1 is the relay's now; c-2 still waits
    QCOMPARE(cache.outbox().first().clientId, QStringLiteral("c-2"));
    // The late ack carries an older state: it must not move the reply back to pending.
    QVERIFY(cache.applyMessages({relayReply(88, 7, QStringLiteral("c-1"), Message::Status::Pending)}));
    const QList<Message> messages = cache.messages(7, 10);
    QCOMPARE(messages.size(), 2);
    // The relay's timestamp (5000) is older than the still-local c-2's (now).
    QCOMPARE(messages.at(0).id, 88);
    QCOMPARE(messages.at(0).status, Message::Status::Delivered);
    QVERIFY(messages.at(1).id < 0);
    QCOMPARE(messages.at(1).clientId, QStringLiteral("c-2"));
}

void TestLocalCache::searchByNameAndText()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QVERIFY(cache.applyEvents({conversationEvent(1, makeConversation(1, QStringLiteral("Linh Nguyễn"), 100)),
                               conversationEvent(2, makeConversation(2, QStringLiteral("Bob Smith"), 200)),
                               conversationEvent(3, makeConversation(3, QString(), 300)),
                               messageEvent(4, Kind::MessageCreated, makeMessage(10, 2, 150, QStringLiteral("Where is my order #4512?"))),
                               messageEvent(5, Kind::MessageCreated, makeMessage(11, 1, 90, QStringLiteral("Thanks, order received")))}));
    QCOMPARE(cache.search(QStringLiteral("linh")), QList<qint64>{1});
    QCOMPARE(cache.search(QStringLiteral("nguyen")), QList<qint64>{1});  // diacritics folded
    QCOMPARE(cache.search(QStringLiteral("smi")), QList<qint64>{2});     // prefix
    QCOMPARE(cache.search(QStringLiteral("order 4512")), QList<qint64>{2});
    QCOMPARE(cache.search(QStringLiteral("customer")), QList<qint64>{3}); // the name shown until the profile is known
    QCOMPARE(cache.search(QStringLiteral("ord")), (QList<qint64>{2, 1})); // newest activity first
    QCOMPARE(cache.search(QStringLiteral("nobody")), QList<qint64>{});
    QCOMPARE(cache.search(QStringLiteral("\" OR * NEAR(")), QList<qint64>{}); // the user's text is never FTS syntax
    QVERIFY(cache.lastError().isEmpty());

    // A renamed customer is found by the new name only; a queued reply is searchable at once.
    QVERIFY(cache.applyEvents({conversationEvent(6, makeConversation(2, QStringLiteral("Robert Smith"), 200))}));
    QCOMPARE(cache.search(QStringLiteral("bob")), QList<qint64>{});
    QCOMPARE(cache.search(QStringLiteral("robert")), QList<qint64>{2});
    QVERIFY(cache.queueOutgoing(1, QStringLiteral("c-1"), QStringLiteral("Your parcel left")).has_value());
    QCOMPARE(cache.search(QStringLiteral("parcel")), QList<qint64>{1});
}

void TestLocalCache::snapshotPreviewIsSearchable()
{
    // A snapshot brings conversations without their messages: the preview is all the
    // cache has of them, and an agent searching right after signing in must find it.
    Conversation shipped = makeConversation(1, QStringLiteral("Sofía García"), 100);
    shipped.previewText = QStringLiteral("¿Dónde está mi pedido 7512?");
    {
        LocalCache cache(m_path);
        QVERIFY(cache.open(nullptr));
        QVERIFY(cache.applySnapshot({shipped, makeConversation(2, QStringLiteral("Bob Smith"), 200)}, 10));
        QCOMPARE(cache.search(QStringLiteral("pedido")), QList<qint64>{1});
        QCOMPARE(cache.search(QStringLiteral("donde 7512")), QList<qint64>{1});
    }
    // A version 2 file indexed names only: migrating to 3 indexes the previews it already holds.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const char *sql : {"DROP TABLE conversation_search",
                                "CREATE VIRTUAL TABLE conversation_search USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2')",
                                "INSERT INTO conversation_search (rowid, name) SELECT id, customer_name FROM conversations",
                                "DROP TABLE canned_responses", "DROP TABLE canned_outbox", // came with version 4
                                "DROP TABLE notes", // came with version 5
                                "PRAGMA user_version = 2"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    LocalCache cache(m_path);
    QString error;
    QVERIFY2(cache.open(&error), qPrintable(error));
    QCOMPARE(userVersion(m_path), CacheSchema::latestVersion());
    QCOMPARE(cache.search(QStringLiteral("pedido")), QList<qint64>{1});
    QCOMPARE(cache.search(QStringLiteral("bob")), QList<qint64>{2});
}

void TestLocalCache::twoConnectionsShareThePosition()
{
    // The UI's connection and the cache writer's, on one file.
    LocalCache ui(m_path);
    LocalCache writer(m_path);
    QVERIFY(ui.open(nullptr));
    QVERIFY(writer.open(nullptr));
    QVERIFY(writer.applyEvents({conversationEvent(5, makeConversation(1, QStringLiteral("Linh"), 100)),
                                messageEvent(6, Kind::MessageCreated, makeMessage(10, 1, 100, QStringLiteral("hi")))}));
    QCOMPARE(ui.lastSeq(), 6); // read from the file, not remembered
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(ui.messages(1, 10)), QStringList{QStringLiteral("hi")});

    // A snapshot on the UI's connection moves the position back (another relay's log);
    // the writer reads it in its transaction, so events after it are not skipped.
    QVERIFY(ui.applySnapshot({makeConversation(1, QStringLiteral("Linh"), 100)}, 2));
    QCOMPARE(writer.lastSeq(), 2);
    QVERIFY(writer.applyEvents({messageEvent(3, Kind::MessageCreated, makeMessage(11, 1, 200, QStringLiteral("again")))}));
    QCOMPARE(ui.lastSeq(), 3);
    QCOMPARE(Relaydesk::Test::RelayFixture::texts(ui.messages(1, 10)), (QStringList{QStringLiteral("hi"), QStringLiteral("again")}));
    // And the UI's writes (the outbox) go in between the writer's.
    QVERIFY(ui.queueOutgoing(1, QStringLiteral("c1"), QStringLiteral("reply")).has_value());
    QVERIFY(writer.applyEvents({messageEvent(4, Kind::MessageCreated, relayReply(12, 1, QStringLiteral("c1"), Message::Status::Pending))}));
    QCOMPARE(ui.outbox().size(), 0); // the relay's copy replaced our pending one
    QCOMPARE(ui.messages(1, 10).size(), 3);
}

void TestLocalCache::batchKeepsTheNewestStateOfEach()
{
    LocalCache cache(m_path);
    QVERIFY(cache.open(nullptr));
    QVERIFY(cache.applyEvents({conversationEvent(1, makeConversation(7, QStringLiteral("Linh"), 100))}));
    // A catch-up batch: the same conversation three times, our reply sent → delivered → read,
    // and a replayed seq already applied.
    Conversation c = makeConversation(7, QStringLiteral("Linh"), 200);
    c.previewText = QStringLiteral("first preview");
    Conversation later = c;
    later.previewText = QStringLiteral("second preview");
    Conversation newest = later;
    newest.previewText = QStringLiteral("newest preview");
    newest.unreadCount = 3;
    Message reply = relayReply(40, 7, QStringLiteral("c40"), Message::Status::Sent);
    Message delivered = reply;
    delivered.status = Message::Status::Delivered;
    Message read = reply;
    read.status = Message::Status::Read;
    QVERIFY(cache.applyEvents({conversationEvent(1, makeConversation(7, QStringLiteral("Stale"), 50)),
                               conversationEvent(2, c), messageEvent(3, Kind::MessageCreated, reply),
                               conversationEvent(4, later), messageEvent(5, Kind::MessageStatus, delivered),
                               messageEvent(6, Kind::MessageStatus, read), conversationEvent(7, newest)}));
    QCOMPARE(cache.lastSeq(), 7);
    QCOMPARE(cache.conversation(7)->previewText, QStringLiteral("newest preview"));
    QCOMPARE(cache.conversation(7)->unreadCount, 3);
    QCOMPARE(cache.conversation(7)->customer.name, QStringLiteral("Linh"));
    QCOMPARE(cache.messages(7, 10).size(), 1);
    QCOMPARE(cache.messages(7, 10).first().status, Message::Status::Read);
    if (cache.hasFullTextSearch()) {
        QCOMPARE(cache.search(QStringLiteral("newest")), QList<qint64>{7});
        QVERIFY(cache.search(QStringLiteral("second")).isEmpty());
    }
}

namespace {
int fileMode(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}
} // namespace

void TestLocalCache::filesAreTheAgentsAlone()
{
    const mode_t previous = ::umask(022); // new files 0644, as on most desktops
    auto restore = qScopeGuard([previous] { ::umask(previous); });
    const QString folder = m_dir.filePath(QStringLiteral("accounts-%1").arg(m_n));
    {
        // A new cache, its WAL and shared memory: 0600 in a 0700 folder.
        LocalCache cache(folder + QStringLiteral("/new.sqlite"));
        QString error;
        QVERIFY2(cache.open(&error), qPrintable(error));
        QVERIFY(cache.applyMessages({makeMessage(1, 1, 1000, QStringLiteral("my address is"))}));
        QCOMPARE(fileMode(folder), 0700);
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QVERIFY2(QFileInfo::exists(cache.path() + suffix), qPrintable(suffix));
            QCOMPARE(fileMode(cache.path() + suffix), 0600);
        }
    }
    // One an older version left readable to others: fixed when it opens.
    const QString old = folder + QStringLiteral("/old.sqlite");
    {
        LocalCache cache(old);
        QVERIFY(cache.open(nullptr));
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile file(old + suffix);
        QVERIFY(file.open(QIODevice::Append)); // SQLite may have removed the WAL on close
        file.close();
        QCOMPARE(::chmod(QFile::encodeName(old + suffix).constData(), 0644), 0);
    }
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0755), 0);
    LocalCache reopened(old);
    QVERIFY(reopened.open(nullptr));
    QCOMPARE(fileMode(folder), 0700);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QCOMPARE(fileMode(old + suffix), 0600);
}

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"
