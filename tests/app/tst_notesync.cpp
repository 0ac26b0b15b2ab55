#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "localcache.h"
#include "notesync.h"
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

// Private notes in the app against a real relay: a mention reaches the colleague
// (announced, the conversation marked until opened), notes are searchable in the
// cache, a note written offline is queued and sent once on reconnect, and an agent
// who was away gets them.
class TestNoteSync : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void mentionReachesTheColleague();
    void notesAreSearchableOffline();
    void noteWrittenOfflineIsSentOnce();
    void agentAwayGetsTheNotes();
    void mentionsAreReadFromTheText();

private:
    std::unique_ptr<InboxSession> startSession(const QString &file, const QByteArray &token);
    qint64 conversationOf(const InboxSession &session) const;

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_bobToken;
};

void TestNoteSync::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_bobToken = m_fixture->addAgent(QStringLiteral("bob"));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(m_fixture->postText(QStringLiteral("My parcel never came")));
}

void TestNoteSync::cleanup()
{
    m_fixture.reset();
    m_dir.reset();
}

std::unique_ptr<InboxSession> TestNoteSync::startSession(const QString &file, const QByteArray &token)
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

qint64 TestNoteSync::conversationOf(const InboxSession &session) const
{
    return session.conversations()->rowCount() ? session.conversations()->conversationAt(0).id : 0;
}

void TestNoteSync::mentionReachesTheColleague()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_bobToken);
    QVERIFY(alice && bob);
    QTRY_VERIFY(conversationOf(*alice) != 0);
    QTRY_VERIFY(conversationOf(*bob) != 0);
    QTRY_VERIFY(!bob->directory().isEmpty() && !alice->directory().isEmpty());
    const qint64 conversation = conversationOf(*alice);
    QSignalSpy bobMentioned(bob.get(), &InboxSession::mentionReceived);
    QSignalSpy aliceMentioned(alice.get(), &InboxSession::mentionReceived);

    QString error;
    const auto note = alice->notes()->addNote(conversation, QStringLiteral("@Bob he paid twice, please refund one"), &error);
    QVERIFY2(note, qPrintable(error));
    QVERIFY(note->id < 0); // shown at once, before the relay answers
    QCOMPARE(note->mentions, QList<qint64>{bob->directory().me.id});
    QCOMPARE(alice->notes()->notes(conversation).size(), 1);

    QTRY_COMPARE(bobMentioned.size(), 1);
    QCOMPARE(bobMentioned.first().first().value<Note>().text, QStringLiteral("@Bob he paid twice, please refund one"));
    QVERIFY(bob->isMentioned(conversation));
    // Marked in bob's list, not in alice's.
    const int bobRow = bob->conversations()->rowOf(conversation);
    QVERIFY(bob->conversations()->index(bobRow).data(ConversationListModel::MentionedRole).toBool());
    QVERIFY(!alice->conversations()->index(alice->conversations()->rowOf(conversation))
                 .data(ConversationListModel::MentionedRole).toBool());
    QCOMPARE(bob->notes()->notes(conversation).size(), 1);
    QTRY_VERIFY(alice->notes()->notes(conversation).first().id > 0); // acknowledged: the relay's, once
    QCOMPARE(alice->notes()->notes(conversation).size(), 1);
    QCOMPARE(aliceMentioned.size(), 0);
    QVERIFY(!alice->isMentioned(conversation));
    QCOMPARE(m_fixture->relay().store().noteCount(), 1);

    // Opening the conversation clears the mark, also after a restart.
    bob->openConversation(conversation);
    QVERIFY(!bob->isMentioned(conversation));
    QVERIFY(!bob->conversations()->index(bobRow).data(ConversationListModel::MentionedRole).toBool());
    QCOMPARE(bob->cache()->meta(QStringLiteral("mentioned")), QString());
}

void TestNoteSync::notesAreSearchableOffline()
{
    auto bob = startSession(QStringLiteral("bob.sqlite"), m_bobToken);
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice && bob);
    QTRY_VERIFY(conversationOf(*alice) != 0);
    QTRY_VERIFY(conversationOf(*bob) != 0);
    const qint64 conversation = conversationOf(*alice);
    QVERIFY(alice->notes()->addNote(conversation, QStringLiteral("Refund approved by Günther")));
    QTRY_COMPARE(bob->notes()->notes(conversation).size(), 1);
    bob->disconnectFromRelay();
    QCOMPARE(bob->cache()->search(QStringLiteral("approved")), QList<qint64>{conversation});
    QCOMPARE(bob->cache()->search(QStringLiteral("günther refund")), QList<qint64>{conversation});
    QVERIFY(bob->cache()->search(QStringLiteral("declined")).isEmpty());
}

void TestNoteSync::noteWrittenOfflineIsSentOnce()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QTRY_VERIFY(conversationOf(*alice) != 0);
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    const qint64 conversation = conversationOf(*alice);
    alice->disconnectFromRelay();
    const auto note = alice->notes()->addNote(conversation, QStringLiteral("written on the train"));
    QVERIFY(note);
    QVERIFY(alice->notes()->isQueued(note->id));
    QCOMPARE(m_fixture->relay().store().noteCount(), 0);

    // The queue outlives the app.
    alice.reset();
    alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QTRY_COMPARE(m_fixture->relay().store().noteCount(), 1);
    QTRY_VERIFY(alice->notes()->notes(conversation).value(0).id > 0);
    QCOMPARE(alice->notes()->notes(conversation).size(), 1);
    // Reconnecting again sends nothing twice.
    alice->disconnectFromRelay();
    alice->connectToRelay(m_fixture->relay().wsUrl(), m_fixture->aliceToken());
    QTRY_COMPARE(alice->connection()->state(), State::Live);
    QCOMPARE(m_fixture->relay().store().noteCount(), 1);
}

void TestNoteSync::agentAwayGetsTheNotes()
{
    qint64 conversation = 0;
    {
        auto bob = startSession(QStringLiteral("bob.sqlite"), m_bobToken);
        QVERIFY(bob);
        QTRY_VERIFY(conversationOf(*bob) != 0);
        QTRY_COMPARE(bob->connection()->state(), State::Live);
        conversation = conversationOf(*bob);
    }
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QTRY_VERIFY(!alice->directory().isEmpty());
    QVERIFY(alice->notes()->addNote(conversation, QStringLiteral("@bob while you were out")));
    QTRY_COMPARE(m_fixture->relay().store().noteCount(), 1);

    auto bob = startSession(QStringLiteral("bob.sqlite"), m_bobToken);
    QVERIFY(bob);
    QSignalSpy mentioned(bob.get(), &InboxSession::mentionReceived);
    QTRY_COMPARE(mentioned.size(), 1); // replayed from the log
    QVERIFY(bob->isMentioned(conversation));
    QCOMPARE(bob->notes()->notes(conversation).size(), 1);
}

void TestNoteSync::mentionsAreReadFromTheText()
{
    auto alice = startSession(QStringLiteral("alice.sqlite"), m_fixture->aliceToken());
    QVERIFY(alice);
    QTRY_VERIFY(!alice->directory().isEmpty());
    NoteSync *notes = alice->notes();
    const qint64 bob = alice->directory().agents.value(1).name == QLatin1String("bob") ? alice->directory().agents.value(1).id
                                                                                        : alice->directory().agents.value(0).id;
    QCOMPARE(notes->mentionsIn(QStringLiteral("@bob and @BOB, @nobody")), QList<qint64>{bob});
    QVERIFY(notes->mentionsIn(QStringLiteral("mail bob@example.com")).isEmpty());
    QCOMPARE(notes->mentionsIn(QStringLiteral("(cc\n@bob)")), QList<qint64>{bob});
}

QTEST_MAIN(TestNoteSync)
#include "tst_notesync.moc"
