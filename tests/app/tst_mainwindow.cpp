#include "chatpanel.h"
#include "chatview.h"
#include "composer.h"
#include "connectionstatuslabel.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "inboxsession.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "messagelistmodel.h"
#include "relayconnection.h"
#include "relayprocess.h"
#include "simulator.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;

namespace {
const QString PageId = QStringLiteral("104216672283716");
const QString Psid = QStringLiteral("6920154378193526");
} // namespace

// The real window, driven with QTest clicks and keys, against a real relaydesk-relay
// process fed by signed webhooks; relaydesk-simulator plays the Graph API, so a reply
// is echoed, delivered and read as Messenger does it.
class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void customerMessageShowsInListAndChat();
    void replyGoesPendingSentDelivered();
    void relayRestartLosesNothing();
    void keyboardMovesThroughConversations();
    void refusedReplyShowsReasonAndRetries();

private:
    bool postText(const QString &text, const QString &psid = Psid);
    void openFirstConversationByClick();
    QString statusText() const;

    std::unique_ptr<Simulator::Simulator> m_sim;
    std::unique_ptr<QSignalSpy> m_sends; // Send API calls the simulator answered
    std::unique_ptr<RelayProcess> m_relay;
    std::unique_ptr<WebhookPoster> m_poster;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<InboxSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    int m_mid = 0;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!qEnvironmentVariableIsEmpty("RELAYDESK_RELAY_BIN"), "RELAYDESK_RELAY_BIN is not set (run through ctest)");
}

void TestMainWindow::init()
{
    Simulator::SimulatorConfig config;
    config.pages = {PageId};
    config.appSecret = RelayProcess::AppSecret;
    config.echoDelayMs = 100;
    config.deliveryDelayMs = 300;
    config.readDelayMs = 600;
    config.webhookRetryInitialMs = 100;
    m_sim = std::make_unique<Simulator::Simulator>(config);
    QVERIFY(m_sim->listen());
    m_sends = std::make_unique<QSignalSpy>(m_sim.get(), &Simulator::Simulator::sendApiCalled);
    m_relay = std::make_unique<RelayProcess>();
    QVERIFY(m_relay->isValid());
    m_relay->setGraphUrl(m_sim->baseUrl());
    QVERIFY(m_relay->addPage(PageId, QStringLiteral("Shop")));
    const QByteArray token = m_relay->addAgent(QStringLiteral("alice"));
    QVERIFY(token.startsWith("rdk_"));
    QVERIFY(m_relay->start());
    m_sim->setRelayUrl(m_relay->httpUrl(QStringLiteral("/webhook")));
    m_poster = std::make_unique<WebhookPoster>(m_relay->httpUrl(QStringLiteral("/webhook")), RelayProcess::AppSecret);

    m_dir = std::make_unique<QTemporaryDir>();
    m_session = std::make_unique<InboxSession>(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QString error;
    QVERIFY2(m_session->open(&error), qPrintable(error));
    m_session->connection()->setBackoff(300, 1000);
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_session->connectToRelay(m_relay->wsUrl(), token);
    QTRY_COMPARE(m_session->connection()->state(), RelayConnection::State::Live);
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_poster.reset();
    m_relay.reset();
    m_sends.reset();
    m_sim.reset();
    m_dir.reset();
}

bool TestMainWindow::postText(const QString &text, const QString &psid)
{
    const QString mid = QStringLiteral("m_gui_%1").arg(++m_mid);
    return m_poster->post(textWebhook(CustomerText{PageId, psid, mid, text, 0})).status == 200;
}

QString TestMainWindow::statusText() const
{
    return m_window->findChild<ConnectionStatusLabel *>()->text();
}

void TestMainWindow::openFirstConversationByClick()
{
    QAbstractItemView *list = m_window->listPanel()->view();
    QTRY_VERIFY(list->model()->rowCount() > 0);
    const QRect row = list->visualRect(list->model()->index(0, 0));
    QVERIFY(row.isValid());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
    QTRY_VERIFY(m_session->currentConversation() != 0);
    QCOMPARE(m_window->findChild<QStackedWidget *>()->currentWidget(), m_window->chatPanel());
}

void TestMainWindow::customerMessageShowsInListAndChat()
{
    QVERIFY(statusText().contains(QStringLiteral("Connected as alice")));
    QVERIFY(postText(QStringLiteral("Do you ship to Lisbon?")));
    QAbstractItemView *list = m_window->listPanel()->view();
    QTRY_COMPARE(list->model()->rowCount(), 1);
    const QModelIndex row = list->model()->index(0, 0);
    QCOMPARE(row.data(ConversationListModel::PreviewTextRole).toString(), QStringLiteral("Do you ship to Lisbon?"));
    QCOMPARE(row.data(ConversationListModel::UnreadRole).toInt(), 1);

    openFirstConversationByClick();
    auto *title = m_window->chatPanel()->findChild<QLabel *>(QStringLiteral("chatTitle"));
    QVERIFY(!title->text().isEmpty());
    QCOMPARE(title->text(), row.data(ConversationListModel::CustomerNameRole).toString());
    ChatView *chat = m_window->chatPanel()->view();
    QTRY_COMPARE(chat->model()->rowCount(), 1);
    QCOMPARE(chat->model()->index(0, 0).data(MessageListModel::TextRole).toString(), QStringLiteral("Do you ship to Lisbon?"));
    // Looking at it marks it read (for everyone: the relay's event brings unread 0 back).
    QTRY_COMPARE(list->model()->index(0, 0).data(ConversationListModel::UnreadRole).toInt(), 0);

    // A second message arrives live in the open chat, below the first.
    QVERIFY(postText(QStringLiteral("Or Porto?")));
    QTRY_COMPARE(chat->model()->rowCount(), 2);
    QCOMPARE(chat->model()->index(1, 0).data(MessageListModel::TextRole).toString(), QStringLiteral("Or Porto?"));
    QVERIFY(chat->visualRect(chat->model()->index(1, 0)).isValid());
}

void TestMainWindow::replyGoesPendingSentDelivered()
{
    QVERIFY(postText(QStringLiteral("Is the blue one in stock?")));
    openFirstConversationByClick();
    ChatView *chat = m_window->chatPanel()->view();
    QTRY_COMPARE(chat->model()->rowCount(), 1);

    QList<Message::Status> seen;
    QObject::connect(chat->model(), &QAbstractItemModel::dataChanged, chat, [&](const QModelIndex &from, const QModelIndex &to) {
        for (int r = from.row(); r <= to.row(); ++r) {
            const QModelIndex i = chat->model()->index(r, 0);
            if (!i.data(MessageListModel::OutgoingRole).toBool())
                continue;
            const auto status = Message::Status(i.data(MessageListModel::StatusRole).toInt());
            if (seen.isEmpty() || seen.last() != status)
                seen.append(status);
        }
    });
    QPlainTextEdit *editor = m_window->chatPanel()->composer()->editor();
    QTest::keyClicks(editor, QStringLiteral("Yes, size M and L."));
    QTest::keyClick(editor, Qt::Key_Return);
    // At once: one bubble, pending, and the composer is empty for the next reply.
    QCOMPARE(chat->model()->rowCount(), 2);
    const QModelIndex bubble = chat->model()->index(1, 0);
    QCOMPARE(bubble.data(MessageListModel::TextRole).toString(), QStringLiteral("Yes, size M and L."));
    QCOMPARE(Message::Status(bubble.data(MessageListModel::StatusRole).toInt()), Message::Status::Pending);
    QVERIFY(editor->toPlainText().isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(Message::Status(chat->model()->index(1, 0).data(MessageListModel::StatusRole).toInt()),
                              Message::Status::Read, 15'000);
    QVERIFY2(seen.contains(Message::Status::Sent), qPrintable(QString::number(seen.size())));
    QVERIFY(seen.indexOf(Message::Status::Sent) < seen.indexOf(Message::Status::Delivered));
    QVERIFY(seen.indexOf(Message::Status::Delivered) < seen.indexOf(Message::Status::Read));
    // The echo came back from "Messenger" too: still one bubble for the reply.
    QCOMPARE(chat->model()->rowCount(), 2);
    QCOMPARE(int(m_sends->size()), 1);
}

void TestMainWindow::relayRestartLosesNothing()
{
    QVERIFY(postText(QStringLiteral("before the restart")));
    openFirstConversationByClick();
    ChatView *chat = m_window->chatPanel()->view();
    QTRY_COMPARE(chat->model()->rowCount(), 1);

    QVERIFY(m_relay->stop());
    QTRY_VERIFY(statusText().contains(QStringLiteral("Reconnecting")));
    // Written while the relay is away: shown pending, sent when it is back.
    QPlainTextEdit *editor = m_window->chatPanel()->composer()->editor();
    QTest::keyClicks(editor, QStringLiteral("Sent while offline"));
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(chat->model()->rowCount(), 2);
    QCOMPARE(Message::Status(chat->model()->index(1, 0).data(MessageListModel::StatusRole).toInt()), Message::Status::Pending);

    QVERIFY(m_relay->start());
    // Customers write the moment the relay is back, maybe before the app reconnects.
    for (int i = 1; i <= 5; ++i)
        QVERIFY(postText(QStringLiteral("after %1").arg(i)));
    QTRY_VERIFY_WITH_TIMEOUT(statusText().contains(QStringLiteral("Connected")), 15'000);
    QTRY_COMPARE_WITH_TIMEOUT(chat->model()->rowCount(), 7, 15'000);
    QStringList texts;
    for (int r = 0; r < chat->model()->rowCount(); ++r)
        texts.append(chat->model()->index(r, 0).data(MessageListModel::TextRole).toString());
    for (const QString &expected : {QStringLiteral("before the restart"), QStringLiteral("Sent while offline"),
                                    QStringLiteral("after 1"), QStringLiteral("after 5")})
        QCOMPARE(texts.count(expected), 1);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_sends->size()), 1, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(Message::Status(chat->model()->index(chat->model()->rowCount() - 1, 0)
                                                 .data(MessageListModel::StatusRole).toInt()) >= Message::Status::Sent
                                 || Message::Status(chat->model()->index(1, 0).data(MessageListModel::StatusRole).toInt())
                                        >= Message::Status::Sent, 10'000);
    QCOMPARE(m_session->conversations()->rowCount(), 1);
}

void TestMainWindow::keyboardMovesThroughConversations()
{
    QVERIFY(postText(QStringLiteral("one"), QStringLiteral("7000000000000001")));
    QVERIFY(postText(QStringLiteral("two"), QStringLiteral("7000000000000002")));
    QVERIFY(postText(QStringLiteral("three"), QStringLiteral("7000000000000003")));
    QTRY_COMPARE(m_session->conversations()->rowCount(), 3);
    QAbstractItemView *list = m_window->listPanel()->view();
    QCOMPARE(m_session->currentConversation(), 0);
    QTest::keyClick(m_window.get(), Qt::Key_Down, Qt::AltModifier); // nothing open yet: the top row
    QTRY_COMPARE(m_session->messages()->rowCount(), 1);
    QCOMPARE(m_session->messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("three"));
    QTest::keyClick(m_window.get(), Qt::Key_Down, Qt::AltModifier);
    QTRY_COMPARE(m_session->messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("two"));
    QTest::keyClick(m_window.get(), Qt::Key_Up, Qt::AltModifier);
    QTRY_COMPARE(m_session->messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("three"));
    // Ctrl+K: to the search field; typing filters the list over the cache.
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(m_window->listPanel()->searchField()->hasFocus());
    QTest::keyClicks(m_window->listPanel()->searchField(), QStringLiteral("two"));
    QTRY_COMPARE(m_session->conversations()->rowCount(), 1);
    // Esc: back to the list, no conversation open.
    list->setFocus();
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QTRY_COMPARE(m_session->currentConversation(), 0);
}

void TestMainWindow::refusedReplyShowsReasonAndRetries()
{
    QVERIFY(postText(QStringLiteral("Can I still return it?")));
    openFirstConversationByClick();
    ChatView *chat = m_window->chatPanel()->view();
    QTRY_COMPARE(chat->model()->rowCount(), 1);
    // Messenger refuses the reply for good (outside the messaging window).
    m_sim->setFailures(1.0, {Simulator::Failure::OutsideWindow});
    QPlainTextEdit *editor = m_window->chatPanel()->composer()->editor();
    QTest::keyClicks(editor, QStringLiteral("Yes, within 30 days."));
    QTest::keyClick(editor, Qt::Key_Return);
    const auto statusOfReply = [chat] {
        return Message::Status(chat->model()->index(1, 0).data(MessageListModel::StatusRole).toInt());
    };
    QTRY_COMPARE_WITH_TIMEOUT(statusOfReply(), Message::Status::Failed, 15'000);
    QVERIFY(!chat->model()->index(1, 0).data(MessageListModel::ErrorMessageRole).toString().isEmpty());

    // The agent clicks Retry under the bubble; this time Messenger takes it.
    m_sim->setFailures(0, {});
    const QModelIndex reply = chat->model()->index(1, 0);
    QStyleOptionViewItem option;
    option.initFrom(chat->viewport());
    option.rect = chat->visualRect(reply);
    option.font = chat->font();
    option.widget = chat;
    const QRect retry = m_window->chatPanel()->delegate()->retryLinkRect(option, reply);
    QVERIFY(retry.isValid());
    QVERIFY(chat->viewport()->rect().contains(retry.center()));
    QTest::mouseClick(chat->viewport(), Qt::LeftButton, {}, retry.center());
    QTRY_VERIFY_WITH_TIMEOUT(statusOfReply() >= Message::Status::Sent && statusOfReply() != Message::Status::Failed, 15'000);
    QCOMPARE(chat->model()->rowCount(), 2); // retried in place, not a second bubble
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
