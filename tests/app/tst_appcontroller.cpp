#include "appcontroller.h"
#include "appsettings.h"
#include "conversationlistmodel.h"
#include "inboxsession.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "relayconnection.h"
#include "relayfixture.h"
#include "signindialog.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;

// The app's start-up and sign-out as an agent meets them, with the keychain faked
// (tst_keychainsecretstore tests the real one) and a real relay.
class TestAppController : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void storedTokenOpensTheInbox();
    void noStoredTokenAsksToSignIn();
    void signOutForgetsTokenAndCache();
    void startMakesOldFilesPrivate();

private:
    // Rejects the next modal dialog (the sign-in dialog) and reports it.
    void rejectNextDialog(bool *seen);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemorySecretStore> m_keychain;
};

void TestAppController::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY(m_fixture->start());
    m_dir = std::make_unique<QTemporaryDir>();
    m_qsettings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_qsettings.get());
    m_keychain = std::make_unique<MemorySecretStore>();
    // Caches of earlier test functions would hide what this one leaves behind.
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/accounts")).removeRecursively();
}

void TestAppController::cleanup()
{
    m_keychain.reset();
    m_settings.reset();
    m_qsettings.reset();
    m_dir.reset();
    m_fixture.reset();
}

void TestAppController::rejectNextDialog(bool *seen)
{
    auto *timer = new QTimer(this);
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, this, [timer, seen] {
        if (auto *dialog = qobject_cast<SignInDialog *>(QApplication::activeModalWidget())) {
            *seen = true;
            dialog->reject();
            timer->deleteLater();
        }
    });
    timer->start();
}

void TestAppController::storedTokenOpensTheInbox()
{
    QVERIFY(m_fixture->postText(QStringLiteral("hello there")));
    const QUrl url = m_fixture->relay().wsUrl();
    m_settings->setRelayUrl(url);
    m_settings->setAccountKey(SignInDialog::accountKeyFor(url));
    m_settings->setTokenStorage(AppSettings::TokenStorage::Keychain);
    m_keychain->write(SignInDialog::accountKeyFor(url), m_fixture->aliceToken());
    QSignalSpy written(m_keychain.get(), &SecretStore::secretWritten);
    QVERIFY(written.wait());

    AppController controller(m_settings.get(), m_keychain.get());
    controller.start();
    QTRY_VERIFY(controller.window() && controller.window()->isVisible());
    QTRY_COMPARE(controller.session()->connection()->state(), RelayConnection::State::Live);
    QTRY_COMPARE(controller.session()->conversations()->rowCount(), 1);
    // The token went nowhere but the store: not in the settings file.
    m_settings->sync();
    QFile ini(m_dir->filePath(QStringLiteral("settings.ini")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(m_fixture->aliceToken()));
}

void TestAppController::noStoredTokenAsksToSignIn()
{
    AppController controller(m_settings.get(), m_keychain.get());
    bool asked = false;
    rejectNextDialog(&asked);
    QSignalSpy quit(qApp, &QCoreApplication::aboutToQuit);
    controller.start();
    QVERIFY(asked);
    QVERIFY(!controller.window()); // nothing opened without a token
}

void TestAppController::signOutForgetsTokenAndCache()
{
    const QUrl url = m_fixture->relay().wsUrl();
    const QString account = SignInDialog::accountKeyFor(url);
    m_settings->setRelayUrl(url);
    m_settings->setAccountKey(account);
    m_keychain->write(account, m_fixture->aliceToken());
    QVERIFY(QSignalSpy(m_keychain.get(), &SecretStore::secretWritten).wait());
    QVERIFY(m_fixture->postText(QStringLiteral("private customer message")));

    AppController controller(m_settings.get(), m_keychain.get());
    controller.start();
    QTRY_VERIFY(controller.session() && controller.session()->conversations()->rowCount() == 1);
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/accounts");
    QVERIFY(!QDir(cacheDir).entryList({QStringLiteral("*.sqlite")}, QDir::Files).isEmpty());

    bool asked = false;
    rejectNextDialog(&asked);
    emit controller.window()->signOutRequested();
    QVERIFY(asked); // back at the sign-in dialog
    QTRY_VERIFY(!m_keychain->contains(account));
    QVERIFY(m_settings->accountKey().isEmpty());
    QVERIFY(QDir(cacheDir).entryList({QStringLiteral("*.sqlite*")}, QDir::Files).isEmpty());
    QVERIFY(!controller.session());
}

namespace {
int fileMode(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

bool writeWithMode(const QString &path, int mode)
{
    QFile file(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !file.open(QIODevice::WriteOnly) || file.write("x") != 1)
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}
} // namespace

void TestAppController::startMakesOldFilesPrivate()
{
    // What an older version left: everything readable to other users of the machine.
    const mode_t previous = ::umask(022);
    auto restore = qScopeGuard([previous] { ::umask(previous); });
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    const QStringList files = {data + QStringLiteral("/accounts/0123456789abcdef0123.sqlite"),
                               data + QStringLiteral("/accounts/0123456789abcdef0123.sqlite-wal"),
                               data + QStringLiteral("/accounts/0123456789abcdef0123.sqlite-shm"),
                               cache + QStringLiteral("/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                               cache + QStringLiteral("/files/60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752/invoice.pdf")};
    for (const QString &file : files)
        QVERIFY(writeWithMode(file, 0644));
    const QStringList folders = {data, data + QStringLiteral("/accounts"), cache, cache + QStringLiteral("/images"),
                                 cache + QStringLiteral("/files")};
    for (const QString &folder : folders)
        QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0755), 0);

    AppController controller(m_settings.get(), m_keychain.get());
    bool asked = false;
    rejectNextDialog(&asked);
    controller.start();
    QVERIFY(asked);
    // The two folders at once, what is in them from a worker thread.
    QCOMPARE(fileMode(data), 0700);
    QCOMPARE(fileMode(cache), 0700);
    for (const QString &folder : folders)
        QTRY_COMPARE(fileMode(folder), 0700);
    for (const QString &file : files)
        QTRY_COMPARE(fileMode(file), 0600);
    QDir(cache).removeRecursively();
}

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
