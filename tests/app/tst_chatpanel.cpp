#include "chatpanel.h"
#include "chatview.h"
#include "conversation.h"
#include "inboxsession.h"
#include "localcache.h"
#include "messagelistmodel.h"

#include <QLabel>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {
constexpr qint64 ConversationId = 7;
const QString PageId = QStringLiteral("104216672283716");
} // namespace

// The chat panel over a real cache file, offline (no relay): what a customer wrote,
// shown as they wrote it, and all of the history the cache holds.
class TestChatPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void customerMarkupIsShownAsText();
    void scrollingUpOfflineShowsTheWholeCache();

private:
    // A cache with one conversation from customerName and `messages` messages in it.
    bool seed(const QString &customerName, int messages);
    void openPanel();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<InboxSession> m_session;
    std::unique_ptr<ChatPanel> m_panel;
};

void TestChatPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("account.sqlite"));
}

void TestChatPanel::cleanup()
{
    m_panel.reset();
    m_session.reset();
    m_dir.reset();
}

bool TestChatPanel::seed(const QString &customerName, int messages)
{
    LocalCache cache(m_path);
    if (!cache.open(nullptr))
        return false;
    Conversation c;
    c.id = ConversationId;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("6920154378193507");
    c.customer.name = customerName;
    c.lastMessageAt = 1'700'000'000'000 + messages * 1000;
    c.lastCustomerMessageAt = c.lastMessageAt;
    if (!cache.applySnapshot({c}, 1))
        return false;
    QList<Message> all;
    for (int i = 1; i <= messages; ++i) {
        Message m;
        m.id = i;
        m.conversationId = ConversationId;
        m.mid = QStringLiteral("m_%1").arg(i);
        m.text = QStringLiteral("message %1").arg(i);
        m.timestamp = 1'700'000'000'000 + i * 1000;
        all.append(m);
    }
    return cache.applyMessages(all);
}

void TestChatPanel::openPanel()
{
    m_session = std::make_unique<InboxSession>(m_path);
    QString error;
    QVERIFY2(m_session->open(&error), qPrintable(error));
    m_panel = std::make_unique<ChatPanel>(m_session.get());
    m_panel->resize(600, 500);
    m_panel->show();
    m_session->openConversation(ConversationId);
    m_panel->refresh();
}

void TestChatPanel::customerMarkupIsShownAsText()
{
    const QString name = QStringLiteral("<b>Eve</b><img src=\"file:///etc/hostname\">");
    QVERIFY(seed(name, 1));
    openPanel();
    auto *title = m_panel->findChild<QLabel *>(QStringLiteral("chatTitle"));
    QVERIFY(title);
    QCOMPARE(title->text(), name);
    // What the agent sees and copies: the characters, not bold text and an image.
    title->setSelection(0, int(name.size()));
    QCOMPARE(title->selectedText(), name);
    QCOMPARE(title->textFormat(), Qt::PlainText);
    for (const char *label : {"chatDetails", "presenceLabel"}) {
        auto *other = m_panel->findChild<QLabel *>(QString::fromLatin1(label));
        QVERIFY2(other, label);
        QCOMPARE(other->textFormat(), Qt::PlainText);
    }
}

void TestChatPanel::scrollingUpOfflineShowsTheWholeCache()
{
    QVERIFY(seed(QStringLiteral("Mai"), 500));
    openPanel();
    MessageListModel *messages = m_session->messages();
    QCOMPARE(messages->rowCount(), 200); // the newest, painted at once
    auto *view = m_panel->findChild<ChatView *>();
    QVERIFY(view);
    QScrollBar *bar = view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
    // Scrolled to the top again and again, as an agent reading back would.
    for (int round = 0; round < 20 && messages->rowCount() < 500; ++round) {
        const int before = messages->rowCount();
        QTRY_VERIFY(bar->value() > bar->minimum() + 40); // the view kept the reading position
        bar->setValue(bar->minimum());
        QTRY_VERIFY(messages->rowCount() > before);
    }
    QCOMPARE(messages->rowCount(), 500);
    for (int row = 0; row < 500; ++row)
        QCOMPARE(messages->messageAt(row).text, QStringLiteral("message %1").arg(row + 1));
}

QTEST_MAIN(TestChatPanel)
#include "tst_chatpanel.moc"
