#include "filesecretstore.h"
#include "memorysecretstore.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Relaydesk::App;
using Result = SecretStore::Result;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

Result resultOf(const QSignalSpy &spy, int i) { return spy.at(i).at(1).value<Result>(); }

} // namespace

// MemorySecretStore (session only, and the fake other tests use) and
// FileSecretStore (the 0600 opt-in), through the SecretStore interface.
class TestSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void roundTrip_data();
    void roundTrip();
    void memoryFailsWhenTold();
    void fileIsOwnerOnlyWhateverTheUmask();
    void fileOverwriteStaysOwnerOnlyAndAtomic();
    void fileReadableByOthersIsRefused();
    void fileAccountsDoNotCollide();
    void fileInUnwritableFolderIsAnError();

private:
    std::unique_ptr<SecretStore> make(const QString &kind);
    std::unique_ptr<QTemporaryDir> m_dir;
    mode_t m_umask = 0;
};

void TestSecretStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_umask = ::umask(022);
}

void TestSecretStore::cleanup()
{
    ::umask(m_umask);
    m_dir.reset();
}

std::unique_ptr<SecretStore> TestSecretStore::make(const QString &kind)
{
    if (kind == QLatin1String("file"))
        return std::make_unique<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets")));
    return std::make_unique<MemorySecretStore>();
}

void TestSecretStore::roundTrip_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("file") << QStringLiteral("file");
}

void TestSecretStore::roundTrip()
{
    QFETCH(QString, kind);
    const auto store = make(kind);
    QSignalSpy written(store.get(), &SecretStore::secretWritten);
    QSignalSpy read(store.get(), &SecretStore::secretRead);
    QSignalSpy removed(store.get(), &SecretStore::secretRemoved);
    const QString account = QStringLiteral("wss://relay.example.com:8443/ws");

    // Not found before anything is stored, with a message for the user.
    store->read(account);
    QCOMPARE(read.size(), 0);   // answers are never emitted from inside the call
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(0).toString(), account);
    QCOMPARE(resultOf(read, 0), Result::NotFound);
    QVERIFY(read.at(0).at(2).toByteArray().isEmpty());
    QVERIFY(!read.at(0).at(3).toString().isEmpty());

    store->write(account, "rdk_abc\x01\xff");
    QCOMPARE(written.size(), 0);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(resultOf(written, 0), Result::Ok);
    QVERIFY(written.at(0).at(2).toString().isEmpty());

    store->read(account);
    QTRY_COMPARE(read.size(), 2);
    QCOMPARE(resultOf(read, 1), Result::Ok);
    QCOMPARE(read.at(1).at(2).toByteArray(), QByteArray("rdk_abc\x01\xff"));

    store->remove(account);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(resultOf(removed, 0), Result::Ok);
    store->read(account);
    QTRY_COMPARE(read.size(), 3);
    QCOMPARE(resultOf(read, 2), Result::NotFound);
    store->remove(account);
    QTRY_COMPARE(removed.size(), 2);
    QCOMPARE(resultOf(removed, 1), Result::NotFound);
}

void TestSecretStore::memoryFailsWhenTold()
{
    MemorySecretStore store;
    store.failWith(Result::NoService, QStringLiteral("no keychain here"));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    QSignalSpy read(&store, &SecretStore::secretRead);
    store.write(QStringLiteral("a"), "x");
    store.read(QStringLiteral("a"));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(resultOf(written, 0), Result::NoService);
    QCOMPARE(written.at(0).at(2).toString(), QStringLiteral("no keychain here"));
    QCOMPARE(resultOf(read, 0), Result::NoService);
    QVERIFY(!store.contains(QStringLiteral("a")));
    QCOMPARE(store.requestCount(), 2);
    store.reset();
    store.write(QStringLiteral("a"), "x");
    QTRY_COMPARE(written.size(), 2);
    QCOMPARE(resultOf(written, 1), Result::Ok);
}

void TestSecretStore::fileIsOwnerOnlyWhateverTheUmask()
{
    // With umask 0 a new file would be 0666: the store must restrict it itself.
    ::umask(0);
    FileSecretStore store(m_dir->filePath(QStringLiteral("nested/secrets")));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    const QString account = QStringLiteral("wss://relay.example.com/ws");
    store.write(account, "rdk_token");
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(resultOf(written, 0), Result::Ok);

    const QString path = store.filePath(account);
    QVERIFY(path.startsWith(store.directory() + QLatin1Char('/')));
    QVERIFY(!path.contains(QLatin1String("relay.example.com")));   // no account names on disk
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(store.directory()), 0700);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("rdk_token"));
    // Nothing else was left in the folder (no temporary copy).
    QCOMPARE(QDir(store.directory()).entryList(QDir::Files | QDir::Hidden).size(), 1);

    QSignalSpy removed(&store, &SecretStore::secretRemoved);
    store.remove(account);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(resultOf(removed, 0), Result::Ok);
    QVERIFY(!QFile::exists(path));
}

void TestSecretStore::fileOverwriteStaysOwnerOnlyAndAtomic()
{
    ::umask(0);
    FileSecretStore store(m_dir->filePath(QStringLiteral("secrets")));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    QSignalSpy read(&store, &SecretStore::secretRead);
    store.write(QStringLiteral("a"), "first-and-longer");
    store.write(QStringLiteral("a"), "second");
    QTRY_COMPARE(written.size(), 2);
    QCOMPARE(resultOf(written, 1), Result::Ok);
    QCOMPARE(modeOf(store.filePath(QStringLiteral("a"))), 0600);
    store.read(QStringLiteral("a"));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(2).toByteArray(), QByteArray("second"));
    QCOMPARE(QDir(store.directory()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestSecretStore::fileReadableByOthersIsRefused()
{
    FileSecretStore store(m_dir->filePath(QStringLiteral("secrets")));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    QSignalSpy read(&store, &SecretStore::secretRead);
    store.write(QStringLiteral("a"), "rdk_token");
    QTRY_COMPARE(written.size(), 1);
    QVERIFY(::chmod(QFile::encodeName(store.filePath(QStringLiteral("a"))).constData(), 0644) == 0);
    store.read(QStringLiteral("a"));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(resultOf(read, 0), Result::Error);
    QVERIFY(read.at(0).at(2).toByteArray().isEmpty());
    QVERIFY(read.at(0).at(3).toString().contains(QLatin1String("other users")));
}

void TestSecretStore::fileAccountsDoNotCollide()
{
    FileSecretStore store(m_dir->filePath(QStringLiteral("secrets")));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    QSignalSpy read(&store, &SecretStore::secretRead);
    store.write(QStringLiteral("wss://one.example/ws"), "one");
    store.write(QStringLiteral("wss://two.example/ws"), "two");
    store.read(QStringLiteral("wss://one.example/ws"));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(2).toByteArray(), QByteArray("one"));
    QVERIFY(store.filePath(QStringLiteral("wss://one.example/ws")) != store.filePath(QStringLiteral("wss://two.example/ws")));
}

void TestSecretStore::fileInUnwritableFolderIsAnError()
{
    if (::geteuid() == 0) {
        // root writes anywhere: use a path under a regular file instead.
        QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
    } else {
        QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("blocker")));
        QVERIFY(QFile::setPermissions(m_dir->filePath(QStringLiteral("blocker")), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }
    FileSecretStore store(m_dir->filePath(QStringLiteral("blocker/secrets")));
    QSignalSpy written(&store, &SecretStore::secretWritten);
    store.write(QStringLiteral("a"), "rdk_token");
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(resultOf(written, 0), Result::Error);
    QVERIFY(!written.at(0).at(2).toString().isEmpty());
    QFile::setPermissions(m_dir->filePath(QStringLiteral("blocker")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
