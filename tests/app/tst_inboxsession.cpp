#include "agentactions.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "localcache.h"
#include "messagelistmodel.h"
#include "presencetracker.h"
#include "relayconnection.h"
#include "relayfixture.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using State = RelayConnection::State;

// Two agents' sessions (each with its own cache file) against one real relay: what
// one agent does, the other sees, and what the cache holds paints without a network.
class TestInboxSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void paintsFromCacheWithoutNetwork();
    void openingMarksReadForEveryone();
    void assignmentMovesBetweenFilters();
    void colleaguesPresenceShows();
    void searchWorksOffline();
    void actionsOfflineAreRefusedClearly();
    void largeCacheIsReadPageByPage();
    void pagesReadMeanwhileDoNotUndoEvents();
    void offlineHistoryPagesThroughTheWholeCache();

private:
    static QString writeBigCache(const QString &path, int count);
    std::unique_ptr<InboxSession> startSession(const QString &file, const QByteArray &token);
    qint64 firstConversation(const InboxSession &session) const;

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestInboxSession::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestInboxSession::cleanup()
{
    m_fixture.reset();
    m_dir.reset();
}

std::unique_ptr<InboxSession> TestInboxSession::startSession(const QString &file, const QByteArray &token)
{
    auto session = std::make_unique<InboxSession>(m_dir->filePath(file));
    QString error;
    if (!session->open(&error)) {
        qWarning() << error;
        return nullptr;
    }
    session->connection()->setBackoff(100, 400);
    session->connectToRelay(m_fixture->relay().wsUrl(), token);
    return session;
}

qint64 TestInboxSession::firstConversation(const InboxSession &session) const
{
    return session.conversations()->rowCount() ? session.conversations()->conversationAt(0).id : 0;
}

void TestInboxSession::paintsFromCacheWithoutNetwork()
{
    {
        auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
        QVERIFY(alice);
        QTRY_COMPARE(alice->connection()->state(), State::Live);
        QCOMPARE(alice->directory().me.name, QStringLiteral("alice"));
        QVERIFY(m_fixture->postText(QStringLiteral("Do you ship to Hanoi?")));
        QTRY_COMPARE(alice->conversations()->rowCount(), 1);
    }
    m_fixture->relay().stop();

    InboxSession offline(m_dir->filePath(QStringLiteral("alice.sqlite")));
    QString error;
    QVERIFY2(offline.open(&error), qPrintable(error));
    // Painted at once from the file: no connection was ever asked for.
    QCOMPARE(offline.connection()->state(), State::Offline);
    QCOMPARE(offline.conversations()->rowCount(), 1);
    QCOMPARE(offline.conversations()->index(0).data(ConversationListModel::PreviewTextRole).toString(),
             QStringLiteral("Do you ship to Hanoi?"));
    QCOMPARE(offline.directory().me.name, QStringLiteral("alice"));
    QCOMPARE(offline.directory().pageName(RelayFixture::PageId), QStringLiteral("Shop"));
    offline.openConversation(firstConversation(offline));
    QCOMPARE(offline.messages()->rowCount(), 1);
    QCOMPARE(offline.messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("Do you ship to Hanoi?"));
}

void TestInboxSession::openingMarksReadForEveryone()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_fixture->addAgent(QStringLiteral("bob")));
    QVERIFY(alice && bob);
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    QVERIFY(m_fixture->postText(QStringLiteral("first")));
    QVERIFY(m_fixture->postText(QStringLiteral("second")));
    QTRY_COMPARE(bob->conversations()->totalUnread(), 2);
    QTRY_COMPARE(alice->conversations()->totalUnread(), 2);

    // Opened but not looked at (window in the background): stays unread.
    alice->openConversation(firstConversation(*alice));
    QTest::qWait(300);
    QCOMPARE(bob->conversations()->totalUnread(), 2);
    alice->setAttentive(true);
    QTRY_COMPARE(bob->conversations()->totalUnread(), 0);
    QTRY_COMPARE(alice->conversations()->totalUnread(), 0);

    // A new message into the conversation alice is looking at is read at once.
    QVERIFY(m_fixture->postText(QStringLiteral("third")));
    QTRY_COMPARE(alice->messages()->rowCount(), 3);
    QTRY_COMPARE(bob->conversations()->find(alice->currentConversation())->previewText, QStringLiteral("third"));
    QTRY_COMPARE(bob->conversations()->totalUnread(), 0);
}

void TestInboxSession::assignmentMovesBetweenFilters()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_fixture->addAgent(QStringLiteral("bob")));
    QVERIFY(alice && bob);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QVERIFY(m_fixture->postText(QStringLiteral("need help")));
    QTRY_COMPARE(alice->conversations()->rowCount(), 1);
    const qint64 id = firstConversation(*alice);

    alice->setFilterBox(ConversationFilter::Box::Mine);
    QCOMPARE(alice->conversations()->rowCount(), 0);
    bob->setFilterBox(ConversationFilter::Box::Unassigned);
    QTRY_COMPARE(bob->conversations()->rowCount(), 1);

    QVERIFY(alice->actions()->assign(id, alice->directory().me.id));
    QTRY_COMPARE(alice->conversations()->rowCount(), 1);  // now in alice's "Mine"
    QTRY_COMPARE(bob->conversations()->rowCount(), 0);    // gone from bob's "Unassigned"

    QVERIFY(bob->actions()->setStatus(id, Conversation::Status::Resolved));
    QTRY_COMPARE(alice->conversations()->rowCount(), 0);  // resolved is not in "Mine"
    alice->setFilterBox(ConversationFilter::Box::Resolved);
    QCOMPARE(alice->conversations()->rowCount(), 1);
}

void TestInboxSession::colleaguesPresenceShows()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_fixture->addAgent(QStringLiteral("bob")));
    QVERIFY(alice && bob);
    QVERIFY(m_fixture->postText(QStringLiteral("hello?")));
    QTRY_COMPARE(alice->conversations()->rowCount(), 1);
    QTRY_COMPARE(bob->conversations()->rowCount(), 1);
    QTRY_COMPARE(bob->connection()->state(), State::Live);
    const qint64 id = firstConversation(*alice);

    bob->setAttentive(true);
    bob->openConversation(id);
    QTRY_COMPARE(alice->presence()->describe(id), QStringLiteral("bob is viewing"));
    bob->setTyping(true);
    QTRY_COMPARE(alice->presence()->describe(id), QStringLiteral("bob is typing…"));
    bob->closeConversation();
    QTRY_VERIFY(alice->presence()->describe(id).isEmpty());
    QVERIFY(bob->presence()->describe(id).isEmpty()); // our own presence is never shown to us
}

void TestInboxSession::searchWorksOffline()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    // Live before the customers write: their messages come as events, so the cache has their text.
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QVERIFY(m_fixture->postText(QStringLiteral("Mein Paket ist beschädigt"), QStringLiteral("7000000000000001")));
    QVERIFY(m_fixture->postText(QStringLiteral("Where is my refund?"), QStringLiteral("7000000000000002")));
    QTRY_COMPARE(alice->conversations()->rowCount(), 2);
    alice->disconnectFromRelay();
    m_fixture->relay().stop();

    alice->setSearchText(QStringLiteral("refund"));
    QCOMPARE(alice->conversations()->rowCount(), 1);
    QCOMPARE(alice->conversations()->index(0).data(ConversationListModel::PreviewTextRole).toString(),
             QStringLiteral("Where is my refund?"));
    alice->setSearchText(QStringLiteral("beschadigt")); // diacritics folded
    QCOMPARE(alice->conversations()->rowCount(), 1);
    alice->setSearchText(QStringLiteral("nothing like this"));
    QCOMPARE(alice->conversations()->rowCount(), 0);
    alice->setSearchText(QString());
    QCOMPARE(alice->conversations()->rowCount(), 2);
}

void TestInboxSession::actionsOfflineAreRefusedClearly()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QVERIFY(m_fixture->postText(QStringLiteral("hi")));
    QTRY_COMPARE(alice->conversations()->rowCount(), 1);
    alice->disconnectFromRelay();
    QSignalSpy errors(alice.get(), &InboxSession::errorOccurred);
    QVERIFY(!alice->actions()->assign(firstConversation(*alice), 1));
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().at(0).toString().contains(QStringLiteral("not connected")));
    // Replies are the exception: they queue, shown pending.
    alice->openConversation(firstConversation(*alice));
    const int shown = alice->messages()->rowCount();
    const auto pending = alice->sendReply(QStringLiteral("We are on it"));
    QVERIFY(pending);
    QCOMPARE(pending->status, Message::Status::Pending);
    QCOMPARE(alice->messages()->rowCount(), shown + 1);
    QCOMPARE(alice->messages()->index(shown).data(MessageListModel::StatusRole).toInt(), int(Message::Status::Pending));
}

QString TestInboxSession::writeBigCache(const QString &path, int count)
{
    LocalCache cache(path);
    if (!cache.open(nullptr))
        return QStringLiteral("cannot open");
    QList<Conversation> all;
    for (int i = 1; i <= count; ++i) {
        Conversation c;
        c.id = i;
        c.pageId = RelayFixture::PageId;
        c.customer.psid = QStringLiteral("69201543%1").arg(i, 8, 10, QLatin1Char('0'));
        c.lastMessageAt = 1'000'000 + (i % 600) * 1000; // ties on purpose: paging goes by (time, id)
        c.unreadCount = i % 3 == 0 ? 1 : 0;
        all.append(c);
    }
    return cache.applySnapshot(all, 10) ? QString() : cache.lastError();
}

void TestInboxSession::largeCacheIsReadPageByPage()
{
    const QString path = m_dir->filePath(QStringLiteral("big.sqlite"));
    const int count = 1'734; // the first page, a full one, and a short last one
    QCOMPARE(writeBigCache(path, count), QString());
    InboxSession session(path);
    QSignalSpy pages(&session, &InboxSession::conversationsLoaded);
    QSignalSpy loaded(&session, &InboxSession::cacheLoaded);
    QVERIFY(session.open(nullptr));
    // The newest at once, to paint; the rest from the event loop.
    QVERIFY(session.isLoadingCache());
    const int first = session.conversations()->rowCount();
    QVERIFY(first > 0 && first < count);
    QCOMPARE(session.conversations()->conversationAt(0).lastMessageAt, 1'000'000 + 599 * 1000);
    QVERIFY(loaded.wait());
    QVERIFY(!session.isLoadingCache());
    int paged = 0;
    for (const QList<QVariant> &args : std::as_const(pages))
        paged += int(args.at(0).value<QList<Conversation>>().size());
    QVERIFY(pages.size() >= 2); // a short last page ends it
    QCOMPARE(first + paged, count);
    QCOMPARE(session.conversations()->rowCount(), count);
    QCOMPARE(session.conversations()->totalUnread(), count / 3);
    QSet<qint64> seen;
    for (int row = 0; row < count; ++row) {
        const Conversation &c = session.conversations()->conversationAt(row);
        QVERIFY(!seen.contains(c.id));
        seen.insert(c.id);
        QCOMPARE(session.conversations()->rowOf(c.id), row);
        if (row > 0)
            QVERIFY(ConversationListModel::before(session.conversations()->conversationAt(row - 1), c));
    }
}

void TestInboxSession::pagesReadMeanwhileDoNotUndoEvents()
{
    const QString path = m_dir->filePath(QStringLiteral("big.sqlite"));
    const int count = 1'734;
    QCOMPARE(writeBigCache(path, count), QString());
    InboxSession session(path);
    QSignalSpy loaded(&session, &InboxSession::cacheLoaded);
    QVERIFY(session.open(nullptr));
    QVERIFY(session.isLoadingCache());
    // The reader thread has read, or is reading, the pages with conversation 600 (oldest
    // activity, last page) as the cache had it; meanwhile an event brought its newer
    // state: the customer wrote, an agent read it.
    QVERIFY(!session.conversations()->find(600));
    Conversation newer;
    newer.id = 600;
    newer.pageId = RelayFixture::PageId;
    newer.customer.psid = QStringLiteral("6920154300000600");
    newer.lastMessageAt = 9'000'000;
    newer.unreadCount = 0;
    session.conversations()->upsert(newer);
    QVERIFY(loaded.wait());
    QCOMPARE(session.conversations()->rowCount(), count);
    QCOMPARE(session.conversations()->conversationAt(0).id, 600);
    QCOMPARE(session.conversations()->find(600)->unreadCount, 0);
    QCOMPARE(session.conversations()->totalUnread(), count / 3 - 1);
}

void TestInboxSession::offlineHistoryPagesThroughTheWholeCache()
{
    // 500 messages in the cache, the relay gone: the chat opens with the newest 200 and
    // pages back through all the others, in order, none twice, none missing.
    const QString path = m_dir->filePath(QStringLiteral("offline-history.sqlite"));
    constexpr qint64 Id = 42;
    constexpr int Total = 500;
    {
        LocalCache cache(path);
        QVERIFY(cache.open(nullptr));
        Conversation c;
        c.id = Id;
        c.pageId = RelayFixture::PageId;
        c.customer.psid = QStringLiteral("6920154378193542");
        c.customer.name = QStringLiteral("Mai");
        c.lastMessageAt = 1'700'000'000'000 + Total * 1000;
        QVERIFY(cache.applySnapshot({c}, 1));
        QList<Message> all;
        for (int i = 1; i <= Total; ++i) {
            Message m;
            m.id = i;
            m.conversationId = Id;
            m.mid = QStringLiteral("m_%1").arg(i);
            m.text = QStringLiteral("message %1").arg(i);
            m.timestamp = 1'700'000'000'000 + i * 1000;
            all.append(m);
        }
        QVERIFY(cache.applyMessages(all));
    }
    m_fixture->relay().stop();

    InboxSession session(path);
    QString error;
    QVERIFY2(session.open(&error), qPrintable(error));
    session.connection()->setBackoff(100, 400);
    session.connectToRelay(m_fixture->relay().wsUrl(), m_fixture->aliceToken()); // nobody answers
    session.openConversation(Id);
    MessageListModel *messages = session.messages();
    QCOMPARE(messages->rowCount(), 200);
    QCOMPARE(messages->messageAt(0).text, QStringLiteral("message 301"));
    for (int page = 0; page < 10 && messages->rowCount() < Total; ++page)
        session.loadOlder();
    QCOMPARE(messages->rowCount(), Total);
    for (int row = 0; row < Total; ++row)
        QCOMPARE(messages->messageAt(row).id, qint64(row + 1));
    session.loadOlder(); // nothing older anywhere: nothing changes
    QCOMPARE(messages->rowCount(), Total);
    QVERIFY(session.connection()->state() != RelayConnection::State::Live);
}

QTEST_MAIN(TestInboxSession)
#include "tst_inboxsession.moc"
