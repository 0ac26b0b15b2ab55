#include "appsettings.h"
#include "filesecretstore.h"
#include "memorysecretstore.h"
#include "signindialog.h"
#include "testrelay.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using Storage = AppSettings::TokenStorage;

// The sign-in dialog driven as a user would (offscreen): typing, clicking,
// waiting for what it shows. A real relay checks the token; the keychain is a
// MemorySecretStore told to succeed or to have no service.
class TestSignInDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void badTokenShowsTheReasonAndStaysOpen();
    void unreachableRelayShowsTheReason();
    void signsInAndStoresTheTokenInTheKeychain();
    void noKeychainKeepsTheTokenForThisSessionByDefault();
    void noKeychainStoresInAFileWhenChosen();
    void keychainErrorAlsoOffersTheChoice();
    void addressIsPrefilledFromSettings();

private:
    std::unique_ptr<SignInDialog> makeDialog();
    void typeAndSignIn(SignInDialog *dialog, const QString &url, const QByteArray &token);
    template<typename T> T *child(SignInDialog *dialog, const char *name);

    std::unique_ptr<TestRelay> m_relay;
    QByteArray m_token;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_ini;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemorySecretStore> m_keychain;
};

void TestSignInDialog::init()
{
    m_relay = std::make_unique<TestRelay>();
    QVERIFY(m_relay->start());
    QVERIFY(m_relay->addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    m_token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ini = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("relaydesk.ini")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_ini.get());
    m_keychain = std::make_unique<MemorySecretStore>();
}

void TestSignInDialog::cleanup()
{
    m_settings.reset();
    m_ini.reset();
    m_keychain.reset();
    m_relay.reset();
    m_dir.reset();
}

std::unique_ptr<SignInDialog> TestSignInDialog::makeDialog()
{
    auto dialog = std::make_unique<SignInDialog>(m_keychain.get(), m_settings.get());
    dialog->checker()->setTimeout(10'000);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        qWarning("dialog not exposed");
    return dialog;
}

template<typename T>
T *TestSignInDialog::child(SignInDialog *dialog, const char *name)
{
    T *widget = dialog->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

void TestSignInDialog::typeAndSignIn(SignInDialog *dialog, const QString &url, const QByteArray &token)
{
    auto *urlEdit = child<QLineEdit>(dialog, "relayUrlEdit");
    auto *tokenEdit = child<QLineEdit>(dialog, "tokenEdit");
    QVERIFY(urlEdit && tokenEdit);
    QCOMPARE(tokenEdit->echoMode(), QLineEdit::Password);
    urlEdit->clear();
    tokenEdit->clear();
    QTest::keyClicks(urlEdit, url);
    QTest::keyClicks(tokenEdit, QString::fromLatin1(token));
    auto *button = child<QPushButton>(dialog, "signInButton");
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestSignInDialog::badTokenShowsTheReasonAndStaysOpen()
{
    const auto dialog = makeDialog();
    typeAndSignIn(dialog.get(), m_relay->wsUrl().toString(), "rdk_wrong");
    // Busy while checking: the button cannot be pressed twice.
    QVERIFY(!child<QPushButton>(dialog.get(), "signInButton")->isEnabled());
    auto *error = child<QLabel>(dialog.get(), "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 15'000);
    QVERIFY2(error->text().contains(QLatin1String("did not accept this token")), qPrintable(error->text()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QVERIFY(child<QPushButton>(dialog.get(), "signInButton")->isEnabled());
    QVERIFY(child<QLineEdit>(dialog.get(), "tokenEdit")->isEnabled());
    QCOMPARE(m_keychain->requestCount(), 0);   // nothing stored for a refused token
    QVERIFY(m_settings->accountKey().isEmpty());

    // Fixing the token signs in.
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    typeAndSignIn(dialog.get(), m_relay->wsUrl().toString(), m_token);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 15'000);
}

void TestSignInDialog::unreachableRelayShowsTheReason()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const auto dialog = makeDialog();
    typeAndSignIn(dialog.get(), QStringLiteral("127.0.0.1:%1").arg(port), m_token);
    auto *error = child<QLabel>(dialog.get(), "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 15'000);
    QVERIFY2(error->text().contains(QLatin1String("refused")), qPrintable(error->text()));
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
}

void TestSignInDialog::signsInAndStoresTheTokenInTheKeychain()
{
    const auto dialog = makeDialog();
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    QSignalSpy signedIn(dialog.get(), &SignInDialog::signedIn);
    typeAndSignIn(dialog.get(), QStringLiteral("http://127.0.0.1:%1").arg(m_relay->port()), m_token);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 15'000);
    QCOMPARE(signedIn.size(), 1);
    QCOMPARE(dialog->tokenStorage(), Storage::Keychain);
    QCOMPARE(dialog->relayUrl(), m_relay->wsUrl());
    QCOMPARE(dialog->token(), m_token);
    QCOMPARE(dialog->agent().name, QStringLiteral("alice"));
    QCOMPARE(dialog->pages().size(), 1);
    QCOMPARE(dialog->accountKey(), SignInDialog::accountKeyFor(m_relay->wsUrl()));

    // The token is in the keychain under the account key...
    QSignalSpy read(m_keychain.get(), &SecretStore::secretRead);
    m_keychain->read(dialog->accountKey());
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(2).toByteArray(), m_token);
    // ...and the settings know where to find it, but never hold it.
    QCOMPARE(m_settings->relayUrl(), m_relay->wsUrl());
    QCOMPARE(m_settings->accountKey(), dialog->accountKey());
    QCOMPARE(m_settings->tokenStorage(), Storage::Keychain);
    m_settings->sync();
    QFile ini(m_ini->fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(m_token));
}

void TestSignInDialog::noKeychainKeepsTheTokenForThisSessionByDefault()
{
    m_keychain->failWith(SecretStore::Result::NoService, QStringLiteral("no session bus"));
    MemorySecretStore fileStore;   // must stay untouched
    const auto dialog = makeDialog();
    dialog->setFileStore(&fileStore);
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    typeAndSignIn(dialog.get(), m_relay->wsUrl().toString(), m_token);

    auto *explanation = child<QLabel>(dialog.get(), "fallbackLabel");
    QTRY_VERIFY_WITH_TIMEOUT(explanation->isVisible(), 15'000);
    QVERIFY2(explanation->text().contains(QLatin1String("no system keychain is available")), qPrintable(explanation->text()));
    QVERIFY(explanation->text().contains(QLatin1String("no session bus")));
    QCOMPARE(accepted.size(), 0);   // the user decides first
    auto *session = child<QRadioButton>(dialog.get(), "sessionOnlyRadio");
    auto *file = child<QRadioButton>(dialog.get(), "fileRadio");
    QVERIFY(session->isChecked());
    QVERIFY(!file->isChecked());

    QTest::mouseClick(child<QPushButton>(dialog.get(), "continueButton"), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(dialog->tokenStorage(), Storage::Session);
    QCOMPARE(dialog->token(), m_token);
    QCOMPARE(m_settings->tokenStorage(), Storage::Session);
    QCOMPARE(fileStore.requestCount(), 0);
}

void TestSignInDialog::noKeychainStoresInAFileWhenChosen()
{
    m_keychain->failWith(SecretStore::Result::NoService, QStringLiteral("no session bus"));
    FileSecretStore fileStore(m_dir->filePath(QStringLiteral("secrets")));
    const auto dialog = makeDialog();
    dialog->setFileStore(&fileStore);
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    typeAndSignIn(dialog.get(), m_relay->wsUrl().toString(), m_token);

    auto *file = child<QRadioButton>(dialog.get(), "fileRadio");
    QTRY_VERIFY_WITH_TIMEOUT(file->isVisible(), 15'000);
    QTest::mouseClick(file, Qt::LeftButton, {}, QPoint(8, file->height() / 2));   // on the button, not the stretched row
    QVERIFY(file->isChecked());
    QVERIFY(!child<QRadioButton>(dialog.get(), "sessionOnlyRadio")->isChecked());
    QTest::mouseClick(child<QPushButton>(dialog.get(), "continueButton"), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(dialog->tokenStorage(), Storage::File);
    QCOMPARE(m_settings->tokenStorage(), Storage::File);

    const QString path = fileStore.filePath(dialog->accountKey());
    QFile stored(path);
    QVERIFY(stored.open(QIODevice::ReadOnly));
    QCOMPARE(stored.readAll(), m_token);
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
}

void TestSignInDialog::keychainErrorAlsoOffersTheChoice()
{
    m_keychain->failWith(SecretStore::Result::Error, QStringLiteral("the user said no"));
    const auto dialog = makeDialog();
    typeAndSignIn(dialog.get(), m_relay->wsUrl().toString(), m_token);
    auto *explanation = child<QLabel>(dialog.get(), "fallbackLabel");
    QTRY_VERIFY_WITH_TIMEOUT(explanation->isVisible(), 15'000);
    QVERIFY2(explanation->text().contains(QLatin1String("did not store your token: the user said no")),
             qPrintable(explanation->text()));
}

void TestSignInDialog::addressIsPrefilledFromSettings()
{
    m_settings->setRelayUrl(QUrl(QStringLiteral("wss://relay.example.com/ws")));
    const auto dialog = makeDialog();
    QCOMPARE(child<QLineEdit>(dialog.get(), "relayUrlEdit")->text(), QStringLiteral("wss://relay.example.com/ws"));
    QVERIFY(child<QLineEdit>(dialog.get(), "tokenEdit")->text().isEmpty());
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
