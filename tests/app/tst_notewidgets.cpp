#include "chatpanel.h"
#include "composer.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "notesync.h"
#include "shortcuthelpdialog.h"
#include "teamdirectory.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {
constexpr qint64 ConversationId = 7;
const QString PageId = QStringLiteral("104216672283716");
} // namespace

// Private notes in the window, offline over a real cache: Ctrl+Shift+N switches the
// composer to notes, Enter then adds a note (never a reply), shown in the chat in a
// style of its own and queued for the relay; notes may be written when the reply
// window is closed.
class TestNoteWidgets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void noteModeAddsANoteNotAReply();
    void notesWorkWhenTheReplyWindowIsClosed();
    void shortcutIsListed();

private:
    bool seed(qint64 lastCustomerMessageAt);
    void openWindow();
    Composer *composer() const { return m_window->chatPanel()->composer(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<InboxSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestNoteWidgets::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("account.sqlite"));
}

void TestNoteWidgets::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_dir.reset();
}

bool TestNoteWidgets::seed(qint64 lastCustomerMessageAt)
{
    LocalCache cache(m_path);
    if (!cache.open(nullptr))
        return false;
    Conversation c;
    c.id = ConversationId;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("6920154378193507");
    c.customer.name = QStringLiteral("Linh Nguyen");
    c.lastMessageAt = c.lastCustomerMessageAt = lastCustomerMessageAt;
    const TeamDirectory directory{{3, QStringLiteral("alice")}, {{PageId, QStringLiteral("Shop One")}},
                                  {{3, QStringLiteral("alice")}, {4, QStringLiteral("bob")}}};
    return cache.applySnapshot({c}, 1)
        && cache.setMeta(QStringLiteral("directory"),
                         QString::fromUtf8(QJsonDocument(directory.toJson()).toJson(QJsonDocument::Compact)));
}

void TestNoteWidgets::openWindow()
{
    m_session = std::make_unique<InboxSession>(m_path);
    QString error;
    QVERIFY2(m_session->open(&error), qPrintable(error));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->openConversation(ConversationId);
    composer()->editor()->setFocus();
}

void TestNoteWidgets::noteModeAddsANoteNotAReply()
{
    QVERIFY(seed(QDateTime::currentMSecsSinceEpoch() - 60'000));
    openWindow();
    QSignalSpy replies(composer(), &Composer::sendRequested);
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(composer()->isNoteMode());
    QVERIFY(composer()->findChild<QToolButton *>(QStringLiteral("noteToggle"))->isChecked());
    QTest::keyClicks(composer()->editor(), QStringLiteral("@bob he paid twice"));
    QTest::keyClick(composer()->editor(), Qt::Key_Return);

    QCOMPARE(replies.size(), 0);
    QVERIFY(m_session->cache()->outbox().isEmpty()); // no reply queued
    QCOMPARE(composer()->editor()->toPlainText(), QString());
    const QList<Note> notes = m_session->notes()->notes(ConversationId);
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.first().text, QStringLiteral("@bob he paid twice"));
    QCOMPARE(notes.first().mentions, QList<qint64>{4});
    QVERIFY(m_session->notes()->isQueued(notes.first().id)); // offline: waits for the relay
    // In the chat, as a note.
    const MessageListModel *chat = m_session->messages();
    QCOMPARE(chat->rowCount(), 1);
    QCOMPARE(chat->index(0).data(MessageListModel::KindRole).toString(), QStringLiteral("note"));
    QCOMPARE(chat->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("@bob he paid twice"));
    QCOMPARE(Message::Status(chat->index(0).data(MessageListModel::StatusRole).toInt()), Message::Status::Pending);

    // Switched off, Enter replies again.
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!composer()->isNoteMode());
    QTest::keyClicks(composer()->editor(), QStringLiteral("We will refund you"));
    QTest::keyClick(composer()->editor(), Qt::Key_Return);
    QCOMPARE(replies.size(), 1);
    QCOMPARE(m_session->notes()->notes(ConversationId).size(), 1);
}

void TestNoteWidgets::notesWorkWhenTheReplyWindowIsClosed()
{
    QVERIFY(seed(QDateTime::currentMSecsSinceEpoch() - 8 * 24 * 3'600'000LL));
    openWindow();
    QTest::keyClicks(composer()->editor(), QStringLiteral("customer gone quiet"));
    auto *send = composer()->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(!send->isEnabled()); // a reply cannot go
    composer()->setNoteMode(true);
    QVERIFY(send->isEnabled()); // a note can
    send->click();
    QCOMPARE(m_session->notes()->notes(ConversationId).size(), 1);
}

void TestNoteWidgets::shortcutIsListed()
{
    QVERIFY(seed(QDateTime::currentMSecsSinceEpoch()));
    openWindow();
    ShortcutHelpDialog help(m_window->menuBar());
    bool found = false;
    for (int row = 0; row < help.table()->rowCount(); ++row)
        found = found
             || (help.table()->item(row, 0)->text()
                     == QKeySequence(QStringLiteral("Ctrl+Shift+N")).toString(QKeySequence::NativeText)
                 && help.table()->item(row, 1)->text().contains(QLatin1String("note")));
    QVERIFY(found);
}

QTEST_MAIN(TestNoteWidgets)
#include "tst_notewidgets.moc"
