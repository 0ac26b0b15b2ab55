// The Store contract: conversations and messages: look-ups, uniqueness, keyset paging, receipts'
// targets, pending replies. Only the Store interface, against the backend RELAYDESK_TEST_STORE names
// (see storebackend.h); each test gets a new, empty database.

#include "storebackend.h"
#include "storetestdata.h"

#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;
using namespace StoreTestData;

class TestStoreConversations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void conversationsInsertAndLookup();
    void conversationsKeysetPaging();
    void messagesRoundTrip();
    void messageUniqueness();
    void outgoingUpTo();
    void messagesBeforePaging();
    void unclaimedPendingOutgoing();

private:
    bool openStore();

    std::unique_ptr<StoreBackend> m_backend;
    std::unique_ptr<Relaydesk::Store::Store> m_store;
    QString m_error;
};

void TestStoreConversations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString why;
    QVERIFY2(StoreBackend::isAvailable(&why), qPrintable(why));
}

void TestStoreConversations::init()
{
    m_backend = std::make_unique<StoreBackend>();
    m_error.clear();
}

void TestStoreConversations::cleanup()
{
    m_store.reset();
    m_backend.reset();
}

bool TestStoreConversations::openStore()
{
    m_store.reset();
    m_error.clear();
    m_store = m_backend->create(&m_error);
    return m_store != nullptr;
}

void TestStoreConversations::conversationsInsertAndLookup()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    Conversation c;
    c.pageId = QStringLiteral("p1");
    c.customer.psid = QStringLiteral("u1");
    c.lastMessageAt = 1000;
    c.lastCustomerMessageAt = 900;
    c.previewText = QStringLiteral("hello");
    c.previewKind = QStringLiteral("text");
    c.previewOutgoing = true;
    c.unreadCount = 3;
    c.status = Conversation::Status::Pending;
    c.assigneeId = 7;
    QVERIFY(m_store->saveConversation(&c));
    QVERIFY(c.id > 0);
    QCOMPARE(m_store->conversationCount(), 1);

    auto byId = m_store->conversation(c.id);
    QVERIFY(byId);
    QCOMPARE(*byId, c);
    auto byPair = m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u1"));
    QVERIFY(byPair);
    QCOMPARE(*byPair, c);
    QVERIFY(!m_store->conversationFor(QStringLiteral("p2"), QStringLiteral("u1")));
    QVERIFY(!m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u2")));
    QVERIFY(!m_store->conversation(c.id + 100));

    // One conversation per (page, customer).
    Conversation dup;
    dup.pageId = QStringLiteral("p1");
    dup.customer.psid = QStringLiteral("u1");
    dup.previewText = QStringLiteral("x");
    dup.previewKind = QStringLiteral("text");
    QVERIFY(!m_store->saveConversation(&dup));
    QCOMPARE(m_store->conversationCount(), 1);

    // A conversation with no preview yet (null strings).
    Conversation bare;
    bare.pageId = QStringLiteral("p1");
    bare.customer.psid = QStringLiteral("u-bare");
    QVERIFY2(m_store->saveConversation(&bare), qPrintable(m_store->lastError()));
    QVERIFY(bare.id > c.id);
    QCOMPARE(*m_store->conversation(bare.id), bare);
    bare.unreadCount = 1;
    QVERIFY(m_store->saveConversation(&bare));
    QCOMPARE(m_store->conversation(bare.id)->unreadCount, 1);

    // Update.
    c.lastMessageAt = 2000;
    c.previewText = QStringLiteral("bye");
    c.previewOutgoing = false;
    c.unreadCount = 0;
    c.status = Conversation::Status::Resolved;
    c.assigneeId = 0;
    const qint64 id = c.id;
    QVERIFY(m_store->saveConversation(&c));
    QCOMPARE(c.id, id);
    QCOMPARE(*m_store->conversation(id), c);

    // The customer's name and picture are joined in.
    CustomerRecord cu;
    cu.pageId = QStringLiteral("p1");
    cu.customer = {QStringLiteral("u1"), QStringLiteral("Ana"), QStringLiteral("https://x.invalid/a.png")};
    cu.profileState = CustomerRecord::ProfileState::Known;
    QVERIFY(m_store->saveCustomer(cu));
    c.customer = cu.customer;
    QCOMPARE(*m_store->conversation(id), c);
    QCOMPARE(m_store->conversationFor(QStringLiteral("p1"), QStringLiteral("u1"))->customer.name, QStringLiteral("Ana"));
    const QList<Conversation> listed = m_store->conversations({}, 0, 0, 1);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().id, id);
    QCOMPARE(listed.first().customer.name, QStringLiteral("Ana"));
    QCOMPARE(listed.first().customer.pictureUrl, QStringLiteral("https://x.invalid/a.png"));
    // A customer of the same psid on another page is not joined.
    const qint64 other = addConversation(m_store.get(), QStringLiteral("p2"), QStringLiteral("u1"), 5);
    QVERIFY(other > 0);
    QVERIFY(m_store->conversation(other)->customer.name.isEmpty());
}

void TestStoreConversations::conversationsKeysetPaging()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    // 30 conversations over three pages with many ties in last_message_at (and some at 0).
    QList<Conversation> all;
    const QStringList pageIds{QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3")};
    for (int i = 0; i < 30; ++i) {
        const qint64 at = (i % 7 == 3) ? 0 : 1000 + (i * 37 % 5) * 100;
        const qint64 id = addConversation(m_store.get(), pageIds.at(i % 3), QStringLiteral("u%1").arg(i), at);
        QVERIFY(id > 0);
        all.append(*m_store->conversation(id));
    }
    QCOMPARE(m_store->conversationCount(), 30);

    auto expected = [&](const QStringList &filter) {
        QList<Conversation> list;
        for (const Conversation &c : all)
            if (filter.isEmpty() || filter.contains(c.pageId))
                list.append(c);
        std::sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
            return a.lastMessageAt != b.lastMessageAt ? a.lastMessageAt > b.lastMessageAt : a.id > b.id;
        });
        return idsOf(list);
    };
    auto walk = [&](const QStringList &filter, int limit) {
        QList<qint64> seen;
        qint64 at = 0, id = 0;
        for (int guard = 0; guard < 100; ++guard) {
            const QList<Conversation> page = m_store->conversations(filter, at, id, limit);
            if (page.isEmpty())
                break;
            if (page.size() > limit)
                return QList<qint64>{-1};
            for (const Conversation &c : page) {
                if (!filter.isEmpty() && !filter.contains(c.pageId))
                    return QList<qint64>{-2};
                seen.append(c.id);
            }
            at = page.last().lastMessageAt;
            id = page.last().id;
        }
        return seen;
    };

    const QList<qint64> everything = expected({});
    QCOMPARE(everything.size(), 30);
    QCOMPARE(idsOf(m_store->conversations({}, 0, 0, 100)), everything);
    for (int limit : {1, 4, 7, 30}) {
        const QList<qint64> seen = walk({}, limit);
        QCOMPARE(seen, everything);
        QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), seen.size());
    }
    const QStringList two{QStringLiteral("p1"), QStringLiteral("p3")};
    QCOMPARE(expected(two).size(), 20);
    QCOMPARE(walk(two, 3), expected(two));
    QCOMPARE(walk({QStringLiteral("p2")}, 4), expected({QStringLiteral("p2")}));
    QVERIFY(m_store->conversations({QStringLiteral("nope")}, 0, 0, 10).isEmpty());

    // The first page holds the newest, and the cursor is exclusive.
    const QList<Conversation> first = m_store->conversations({}, 0, 0, 3);
    QCOMPARE(first.size(), 3);
    QCOMPARE(first.first().lastMessageAt, 1400);
    const QList<Conversation> after = m_store->conversations({}, first.at(0).lastMessageAt, first.at(0).id, 2);
    QCOMPARE(idsOf(after), (QList<qint64>{first.at(1).id, first.at(2).id}));
}

void TestStoreConversations::messagesRoundTrip()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u1"), 0);
    QVERIFY(conv > 0);

    Message m;
    m.conversationId = conv;
    m.direction = Message::Direction::Outgoing;
    m.kind = QStringLiteral("attachments");
    m.text = QStringLiteral("Gr\u00fc\u00dfe \U0001F44B");
    m.attachments = {{QStringLiteral("image"), QStringLiteral("https://x.invalid/a.jpg"), {}, {}, QStringLiteral("a.jpg")}};
    m.timestamp = 1732521600000;
    m.status = Message::Status::Pending;
    m.clientId = QStringLiteral("c-1");
    m.agentId = 3;
    m.source = QStringLiteral("relaydesk");
    m.replyToMid = QStringLiteral("m_prev");
    QVERIFY(m.id == 0);
    QVERIFY(m_store->saveMessage(&m));
    QVERIFY(m.id > 0);
    QCOMPARE(m_store->messageCount(), 1);

    auto back = m_store->message(m.id);
    QVERIFY(back);
    QCOMPARE(*back, m);
    QCOMPARE(*m_store->messageByClientId(QStringLiteral("c-1")), m);
    QVERIFY(!m_store->messageByMid(QStringLiteral("m_1"))); // no mid yet

    // The Send API answered, then delivery, a reaction and an edit.
    m.mid = QStringLiteral("m_1");
    m.status = Message::Status::Delivered;
    m.reactions = {{QStringLiteral("love"), QStringLiteral("\u2764")}};
    m.editCount = 1;
    m.text = QStringLiteral("edited");
    const qint64 id = m.id;
    QVERIFY(m_store->saveMessage(&m));
    QCOMPARE(m.id, id);
    QCOMPARE(m_store->messageCount(), 1);
    QCOMPARE(*m_store->message(id), m);
    QCOMPARE(*m_store->messageByMid(QStringLiteral("m_1")), m);
    QCOMPARE(*m_store->messageByClientId(QStringLiteral("c-1")), m);

    // Failure details survive too.
    m.status = Message::Status::Failed;
    m.errorCode = 10;
    m.errorSubcode = 2018278;
    m.errorMessage = QStringLiteral("outside window");
    QVERIFY(m_store->saveMessage(&m));
    QCOMPARE(*m_store->message(id), m);

    QVERIFY(!m_store->message(id + 1));
    QVERIFY(!m_store->messageByMid(QString()));
    QVERIFY(!m_store->messageByClientId(QString()));

    // A message must belong to an existing conversation.
    Message orphan = textMessage(conv + 1000, Message::Direction::Incoming, 5, Message::Status::Received);
    QVERIFY(!m_store->saveMessage(&orphan));
    QCOMPARE(m_store->messageCount(), 1);
}

void TestStoreConversations::messageUniqueness()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u1"), 0);
    QVERIFY(conv > 0);

    Message a = textMessage(conv, Message::Direction::Incoming, 100, Message::Status::Received);
    a.mid = QStringLiteral("m_dup");
    QVERIFY(m_store->saveMessage(&a));
    Message b = textMessage(conv, Message::Direction::Incoming, 101, Message::Status::Received);
    b.mid = QStringLiteral("m_dup");
    QVERIFY(!m_store->saveMessage(&b));
    QCOMPARE(b.id, 0);
    QVERIFY(!m_store->lastError().isEmpty());
    QCOMPARE(m_store->messageCount(), 1);
    QCOMPARE(m_store->messageByMid(QStringLiteral("m_dup"))->id, a.id);

    Message c = textMessage(conv, Message::Direction::Outgoing, 102, Message::Status::Pending);
    c.clientId = QStringLiteral("client-1");
    QVERIFY(m_store->saveMessage(&c));
    Message d = textMessage(conv, Message::Direction::Outgoing, 103, Message::Status::Pending);
    d.clientId = QStringLiteral("client-1");
    QVERIFY(!m_store->saveMessage(&d));
    QCOMPARE(m_store->messageCount(), 2);

    // Updating a message to another one's mid is refused as well.
    c.mid = QStringLiteral("m_dup");
    QVERIFY(!m_store->saveMessage(&c));
    QCOMPARE(m_store->messageByMid(QStringLiteral("m_dup"))->id, a.id);

    // Pending replies have neither mid nor (from other tools) a client id: many may exist.
    QSet<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        Message e = textMessage(conv, Message::Direction::Outgoing, 200 + i, Message::Status::Pending);
        QVERIFY2(m_store->saveMessage(&e), qPrintable(m_store->lastError()));
        ids.insert(e.id);
    }
    QCOMPARE(ids.size(), 4);
    QCOMPARE(m_store->messageCount(), 6);
}

void TestStoreConversations::outgoingUpTo()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 other = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u2"), 0);
    QVERIFY(conv > 0 && other > 0);
    using D = Message::Direction;
    using S = Message::Status;
    struct Row { qint64 conv; D dir; qint64 ts; S status; };
    const Row rows[] = {
        {conv, D::Outgoing, 200, S::Delivered}, // 0
        {conv, D::Outgoing, 100, S::Sent},      // 1
        {conv, D::Outgoing, 150, S::Read},      // 2: already read
        {conv, D::Outgoing, 120, S::Pending},   // 3: not sent yet
        {conv, D::Outgoing, 130, S::Failed},    // 4
        {conv, D::Incoming, 110, S::Received},  // 5: theirs
        {conv, D::Outgoing, 300, S::Sent},      // 6: after the watermark below
        {other, D::Outgoing, 100, S::Sent},     // 7: another conversation
        {conv, D::Outgoing, 250, S::Sent},      // 8: exactly at the watermark
    };
    QList<qint64> ids;
    for (const Row &r : rows) {
        Message m = textMessage(r.conv, r.dir, r.ts, r.status);
        QVERIFY(m_store->saveMessage(&m));
        ids.append(m.id);
    }

    // Read receipt at 250: everything sent or delivered, up to and including 250.
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 250, S::Read)), (QList<qint64>{ids[1], ids[0], ids[8]}));
    // Delivery receipt at 250: only what is not delivered yet.
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 250, S::Delivered)), (QList<qint64>{ids[1], ids[8]}));
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 249, S::Delivered)), (QList<qint64>{ids[1]}));
    QCOMPARE(idsOf(m_store->outgoingUpTo(conv, 1000, S::Read)), (QList<qint64>{ids[1], ids[0], ids[8], ids[6]}));
    QVERIFY(m_store->outgoingUpTo(conv, 99, S::Read).isEmpty());
    QVERIFY(m_store->outgoingUpTo(conv, 1000, S::Sent).isEmpty());
    QCOMPARE(idsOf(m_store->outgoingUpTo(other, 1000, S::Read)), (QList<qint64>{ids[7]}));
    for (const Message &m : m_store->outgoingUpTo(conv, 1000, S::Read)) {
        QCOMPARE(m.direction, D::Outgoing);
        QCOMPARE(m.conversationId, conv);
        QCOMPARE(*m_store->message(m.id), m);
    }
}

void TestStoreConversations::messagesBeforePaging()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 conv = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 other = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u2"), 0);
    QVERIFY(conv > 0 && other > 0);
    QList<Message> mine;
    for (int i = 0; i < 17; ++i) {
        // Timestamps with ties and out of insertion order.
        Message m = textMessage(conv, i % 2 ? Message::Direction::Outgoing : Message::Direction::Incoming,
                                1000 + (i * 7 % 6) * 10, i % 2 ? Message::Status::Sent : Message::Status::Received);
        QVERIFY(m_store->saveMessage(&m));
        mine.append(m);
        Message n = textMessage(other, Message::Direction::Incoming, 1000 + i, Message::Status::Received);
        QVERIFY(m_store->saveMessage(&n));
    }
    std::sort(mine.begin(), mine.end(), [](const Message &a, const Message &b) {
        return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.id > b.id;
    });
    const QList<qint64> expected = idsOf(mine);

    QCOMPARE(idsOf(m_store->messagesBefore(conv, 0, 0, 100)), expected);
    const QList<Message> top = m_store->messagesBefore(conv, 0, 0, 1);
    QCOMPARE(top.size(), 1);
    QCOMPARE(top.first(), mine.first());

    for (int limit : {1, 3, 5, 17}) {
        QList<qint64> seen;
        qint64 ts = 0, id = 0;
        for (int guard = 0; guard < 50; ++guard) {
            const QList<Message> page = m_store->messagesBefore(conv, ts, id, limit);
            if (page.isEmpty())
                break;
            QVERIFY(page.size() <= limit);
            for (const Message &m : page) {
                QCOMPARE(m.conversationId, conv);
                seen.append(m.id);
            }
            ts = page.last().timestamp;
            id = page.last().id;
        }
        QCOMPARE(seen, expected);
    }
    // The cursor is exclusive.
    const QList<Message> after = m_store->messagesBefore(conv, mine.at(0).timestamp, mine.at(0).id, 2);
    QCOMPARE(idsOf(after), (QList<qint64>{mine.at(1).id, mine.at(2).id}));
    QVERIFY(m_store->messagesBefore(conv + 1000, 0, 0, 10).isEmpty());
}

// What a relay takes over to send: pending replies (not sent, failed or incoming),
// in id order; the lease side of it is tst_store_leases.
void TestStoreConversations::unclaimedPendingOutgoing()
{
    QVERIFY2(openStore(), qPrintable(m_error));
    const qint64 a = addConversation(m_store.get(), QStringLiteral("p1"), QStringLiteral("u1"), 0);
    const qint64 b = addConversation(m_store.get(), QStringLiteral("p2"), QStringLiteral("u1"), 0);
    QVERIFY(a > 0 && b > 0);
    QVERIFY(m_store->unclaimedPendingOutgoing(0, 100).isEmpty());

    Message p1 = textMessage(a, Message::Direction::Outgoing, 300, Message::Status::Pending);
    Message sent = textMessage(a, Message::Direction::Outgoing, 100, Message::Status::Sent);
    Message in = textMessage(a, Message::Direction::Incoming, 50, Message::Status::Received);
    Message p2 = textMessage(b, Message::Direction::Outgoing, 100, Message::Status::Pending);
    Message failed = textMessage(b, Message::Direction::Outgoing, 90, Message::Status::Failed);
    for (Message *m : {&p1, &sent, &in, &p2, &failed})
        QVERIFY(m_store->saveMessage(m));

    QCOMPARE(m_store->unclaimedPendingOutgoing(0, 100), (QList<qint64>{p1.id, p2.id}));
    QCOMPARE(m_store->unclaimedPendingOutgoing(0, 1), (QList<qint64>{p1.id}));
    QCOMPARE(*m_store->message(p1.id), p1);

    p1.status = Message::Status::Sent;
    p1.mid = QStringLiteral("m_p1");
    QVERIFY(m_store->saveMessage(&p1));
    failed.status = Message::Status::Pending; // retry
    QVERIFY(m_store->saveMessage(&failed));
    QCOMPARE(m_store->unclaimedPendingOutgoing(0, 100), (QList<qint64>{p2.id, failed.id}));
}

QTEST_GUILESS_MAIN(TestStoreConversations)
#include "tst_store_conversations.moc"
