#include "cannedcachetable.h"
#include "cannedresponsemodel.h"
#include "cannedresponsepopup.h"
#include "cannedresponsesdialog.h"
#include "cannedresponsesync.h"
#include "chatpanel.h"
#include "composer.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "shortcuthelpdialog.h"
#include "teamdirectory.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {
constexpr qint64 ConversationId = 7;
const QString PageId = QStringLiteral("104216672283716");
} // namespace

// The canned responses in the window, offline over a real cache: "/" in the
// composer opens the filtered pop-up, the keyboard drives it, the chosen answer is
// inserted with its placeholders filled and is not sent; the dialog adds, edits and
// refuses; the shortcut help lists the dialog's shortcut.
class TestCannedResponseWidgets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void slashOpensFilteredPopupAndInsertsFilled();
    void escapeClosesThePopupOnly();
    void slashInsideAWordIsText();
    void unknownCustomerNameStaysAPlaceholder();
    void dialogAddsEditsAndRefuses();
    void shortcutHelpListsTheDialog();

private:
    bool seed(const QString &customerName);
    qint64 idOf(const QString &shortcode) const;
    void openWindow();
    QPlainTextEdit *editor() const { return m_window->chatPanel()->composer()->editor(); }
    CannedResponsePopup *popup() const { return m_window->chatPanel()->composer()->cannedPopup(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<InboxSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestCannedResponseWidgets::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("account.sqlite"));
}

void TestCannedResponseWidgets::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_dir.reset();
}

bool TestCannedResponseWidgets::seed(const QString &customerName)
{
    LocalCache cache(m_path);
    if (!cache.open(nullptr))
        return false;
    Conversation c;
    c.id = ConversationId;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("6920154378193507");
    c.customer.name = customerName;
    c.lastMessageAt = c.lastCustomerMessageAt = QDateTime::currentMSecsSinceEpoch() - 60'000;
    if (!cache.applySnapshot({c}, 1))
        return false;
    const TeamDirectory directory{{3, QStringLiteral("Alice Meyer")}, {{PageId, QStringLiteral("Shop One")}},
                                  {{3, QStringLiteral("Alice Meyer")}, {4, QStringLiteral("bob")}}};
    if (!cache.setMeta(QStringLiteral("directory"),
                       QString::fromUtf8(QJsonDocument(directory.toJson()).toJson(QJsonDocument::Compact))))
        return false;
    CannedCacheTable table(cache.database());
    return table.upsert({1, QStringLiteral("thanks"), QStringLiteral("Thank you"),
                         QStringLiteral("Thanks {{customer.first_name}}! {{agent.first_name}} of {{page.name}}"), 3, 1, 4, 2})
        && table.upsert({2, QStringLiteral("shipping"), QStringLiteral("Shipping times"),
                         QStringLiteral("We ship within 2 days."), 3, 1, 3, 1})
        && table.upsert({3, QStringLiteral("hours"), QStringLiteral("Opening hours (thanks for asking)"),
                         QStringLiteral("We are open 9 to 5."), 3, 1, 3, 1});
}

qint64 TestCannedResponseWidgets::idOf(const QString &shortcode) const
{
    const CannedResponseModel *model = m_session->cannedResponseModel();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->responseAt(row).shortcode == shortcode)
            return model->responseAt(row).id;
    return 0;
}

void TestCannedResponseWidgets::openWindow()
{
    m_session = std::make_unique<InboxSession>(m_path);
    QString error;
    QVERIFY2(m_session->open(&error), qPrintable(error));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->openConversation(ConversationId);
    QCOMPARE(m_session->currentConversation(), ConversationId);
    editor()->setFocus();
}

void TestCannedResponseWidgets::slashOpensFilteredPopupAndInsertsFilled()
{
    QVERIFY(seed(QStringLiteral("Linh Nguyen")));
    openWindow();
    QAbstractItemModelTester tester(popup()->model());
    QSignalSpy sent(m_window->chatPanel()->composer(), &Composer::sendRequested);

    QTest::keyClicks(editor(), QStringLiteral("Hello! /"));
    QVERIFY(popup()->isVisible());
    QCOMPARE(popup()->model()->rowCount(), 3); // everything, by shortcode
    QTest::keyClicks(editor(), QStringLiteral("th"));
    // "thanks" by its shortcode first, "hours" by its title after it.
    QCOMPARE(popup()->model()->rowCount(), 2);
    QCOMPARE(popup()->currentShortcode(), QStringLiteral("thanks"));
    QTest::keyClick(editor(), Qt::Key_Down);
    QCOMPARE(popup()->currentShortcode(), QStringLiteral("hours"));
    QTest::keyClick(editor(), Qt::Key_Down); // wraps around
    QCOMPARE(popup()->currentShortcode(), QStringLiteral("thanks"));
    QTest::keyClick(editor(), Qt::Key_Down); // on "hours" again
    QTest::keyClicks(editor(), QStringLiteral("an"));
    QCOMPARE(popup()->model()->rowCount(), 2); // the other by its title "(thanks for asking)"
    QCOMPARE(popup()->currentShortcode(), QStringLiteral("thanks")); // a new word: its best match
    QTest::keyClick(editor(), Qt::Key_Return);

    QVERIFY(!popup()->isVisible());
    QCOMPARE(editor()->toPlainText(), QStringLiteral("Hello! Thanks Linh! Alice of Shop One"));
    QCOMPARE(sent.size(), 0); // inserted for editing, never sent by the Enter that chose it
    QVERIFY(m_session->cache()->outbox().isEmpty());
    // The agent goes on writing where the answer ends.
    QTest::keyClicks(editor(), QStringLiteral(" :)"));
    QCOMPARE(editor()->toPlainText(), QStringLiteral("Hello! Thanks Linh! Alice of Shop One :)"));
    // Tab chooses too.
    QTest::keyClicks(editor(), QStringLiteral(" /ship"));
    QVERIFY(popup()->isVisible());
    QTest::keyClick(editor(), Qt::Key_Tab);
    QCOMPARE(editor()->toPlainText(), QStringLiteral("Hello! Thanks Linh! Alice of Shop One :) We ship within 2 days."));
    QVERIFY(editor()->hasFocus());
    QCOMPARE(sent.size(), 0);
}

void TestCannedResponseWidgets::escapeClosesThePopupOnly()
{
    QVERIFY(seed(QStringLiteral("Linh Nguyen")));
    openWindow();
    QTest::keyClicks(editor(), QStringLiteral("/sh"));
    QVERIFY(popup()->isVisible());
    QTest::keyClick(editor(), Qt::Key_Escape);
    QVERIFY(!popup()->isVisible());
    // Esc was the pop-up's: the conversation stays open (Esc elsewhere goes back to the list).
    QCOMPARE(m_session->currentConversation(), ConversationId);
    QCOMPARE(editor()->toPlainText(), QStringLiteral("/sh"));
    // Typing on does not bring it back for that word; Enter now sends the text as it is.
    QTest::keyClicks(editor(), QStringLiteral("i"));
    QVERIFY(!popup()->isVisible());
    // A word that matches nothing shows nothing.
    QTest::keyClicks(editor(), QStringLiteral(" /zzz"));
    QVERIFY(!popup()->isVisible());
}

void TestCannedResponseWidgets::slashInsideAWordIsText()
{
    QVERIFY(seed(QStringLiteral("Linh Nguyen")));
    openWindow();
    QTest::keyClicks(editor(), QStringLiteral("and/or"));
    QVERIFY(!popup()->isVisible());
    QTest::keyClicks(editor(), QStringLiteral(" https://shop.example/th"));
    QVERIFY(!popup()->isVisible());
}

void TestCannedResponseWidgets::unknownCustomerNameStaysAPlaceholder()
{
    QVERIFY(seed(QString())); // the profile has not come yet
    openWindow();
    QTest::keyClicks(editor(), QStringLiteral("/thanks"));
    QTest::keyClick(editor(), Qt::Key_Enter);
    QCOMPARE(editor()->toPlainText(), QStringLiteral("Thanks {{customer.first_name}}! Alice of Shop One"));
}

void TestCannedResponseWidgets::dialogAddsEditsAndRefuses()
{
    QVERIFY(seed(QStringLiteral("Linh Nguyen")));
    openWindow();
    CannedResponsesDialog dialog(m_session.get(), m_window.get());
    dialog.setConfirmDeletes(false);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The first one is shown, with who changed it last.
    QCOMPARE(dialog.shortcodeField()->text(), QStringLiteral("hours"));
    dialog.list()->setCurrentIndex(m_session->cannedResponseModel()->index(m_session->cannedResponseModel()->rowOf(1)));
    QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("cannedInfo"))->text().contains(QLatin1String("bob")),
             qPrintable(dialog.findChild<QLabel *>(QStringLiteral("cannedInfo"))->text()));

    // New, with a shortcode already taken: refused, said, nothing queued.
    dialog.startNew();
    QTest::keyClicks(dialog.shortcodeField(), QStringLiteral("/Thanks"));
    QTest::keyClicks(dialog.titleField(), QStringLiteral("Thanks again"));
    QTest::keyClicks(dialog.textField(), QStringLiteral("Thanks!"));
    dialog.saveCurrent();
    QVERIFY(dialog.errorLabel()->text().contains(QLatin1String("/thanks")));
    QVERIFY(CannedCacheTable(m_session->cache()->database()).changes().isEmpty());

    // A free shortcode: queued (offline), shown at once as waiting.
    dialog.shortcodeField()->setText(QStringLiteral("again"));
    dialog.saveCurrent();
    QCOMPARE(dialog.errorLabel()->text(), QString());
    const int row = m_session->cannedResponseModel()->rowOf(idOf(QStringLiteral("again")));
    QVERIFY(row >= 0);
    QVERIFY(m_session->cannedResponseModel()->index(row).data(CannedResponseModel::PendingRole).toBool());
    QCOMPARE(CannedCacheTable(m_session->cache()->database()).changes().size(), 1);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("cannedInfo"))->text().contains(QLatin1String("waiting")));
    // It is in the composer's pop-up already.
    QTest::keyClicks(editor(), QStringLiteral("/agai"));
    QVERIFY(popup()->isVisible());
    QCOMPARE(popup()->currentShortcode(), QStringLiteral("again"));

    // Deleted (a queued new one is simply forgotten).
    dialog.deleteCurrent();
    QCOMPARE(m_session->cannedResponseModel()->rowOf(idOf(QStringLiteral("again"))), -1);
    QVERIFY(CannedCacheTable(m_session->cache()->database()).changes().isEmpty());
}

void TestCannedResponseWidgets::shortcutHelpListsTheDialog()
{
    QVERIFY(seed(QStringLiteral("Linh Nguyen")));
    openWindow();
    ShortcutHelpDialog help(m_window->menuBar());
    QStringList rows;
    for (int row = 0; row < help.table()->rowCount(); ++row)
        rows.append(help.table()->item(row, 0)->text() + QLatin1Char(' ') + help.table()->item(row, 1)->text());
    const QString canned = QKeySequence(QStringLiteral("Ctrl+Shift+A")).toString(QKeySequence::NativeText);
    QVERIFY2(rows.contains(canned + QStringLiteral(" File: Canned responses")), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY(rows.filter(QStringLiteral("Canned responses pop-up")).size() >= 3);
    // And the shortcut opens it.
    QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(m_window->findChild<CannedResponsesDialog *>());
    QTRY_VERIFY(m_window->findChild<CannedResponsesDialog *>()->isVisible());
}

QTEST_MAIN(TestCannedResponseWidgets)
#include "tst_cannedresponsewidgets.moc"
