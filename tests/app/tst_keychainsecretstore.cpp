#include "keychainsecretstore.h"

#include <QCoreApplication>
#include <QMetaEnum>
#include <QTimer>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

#include <cstdio>

using namespace Relaydesk::App;
using Result = SecretStore::Result;

// Against the real QtKeychain and a real Secret Service: run under
// tests/app/run-with-keyring.sh (ctest does), which starts a private D-Bus
// session with an unlocked gnome-keyring. Without it these tests fail: a
// keychain that silently does nothing must not look like a pass.

namespace {

constexpr char NoBusProbe[] = "--no-bus-probe";

// Child mode: one write with no session bus reachable; prints the result's name.
int runNoBusProbe(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    KeychainSecretStore store(QStringLiteral("relaydesk-test-nobus"));
    int exitCode = 2;
    QObject::connect(&store, &SecretStore::secretWritten, &app,
                     [&exitCode](const QString &, Result result, const QString &message) {
        std::printf("%s\n%s\n", QMetaEnum::fromType<Result>().valueToKey(int(result)), qPrintable(message));
        exitCode = 0;
        QCoreApplication::quit();
    });
    store.write(QStringLiteral("probe"), "secret");
    QTimer::singleShot(60'000, &app, &QCoreApplication::quit);
    app.exec();
    return exitCode;
}

QString uniqueService() { return QStringLiteral("relaydesk-test-%1").arg(QUuid::createUuid().toString(QUuid::Id128)); }

Result resultOf(const QSignalSpy &spy, int i) { return spy.at(i).at(1).value<Result>(); }

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip();
    void readMissingIsNotFound();
    void requestsQueueAndAnswerInOrder();
    void requestFromAnAnswerIsServed();
    void noSessionBusIsNoService();

private:
    QString m_program;
};

void TestKeychainSecretStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_program = QCoreApplication::applicationFilePath();
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "no D-Bus session bus: run this test through tests/app/run-with-keyring.sh");
    QVERIFY2(QDBusConnection::sessionBus().interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")),
             "no Secret Service on the session bus: run this test through tests/app/run-with-keyring.sh");
}

void TestKeychainSecretStore::roundTrip()
{
    KeychainSecretStore store(uniqueService());
    QSignalSpy written(&store, &SecretStore::secretWritten);
    QSignalSpy read(&store, &SecretStore::secretRead);
    QSignalSpy removed(&store, &SecretStore::secretRemoved);
    const QString account = QStringLiteral("wss://relay.example.com/ws");

    store.write(account, "rdk_first");
    QCOMPARE(written.size(), 0);   // never answered from inside the call
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 20'000);
    QCOMPARE(written.at(0).at(0).toString(), account);
    QCOMPARE(resultOf(written, 0), Result::Ok);
    QVERIFY(written.at(0).at(2).toString().isEmpty());

    store.read(account);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 20'000);
    QCOMPARE(resultOf(read, 0), Result::Ok);
    QCOMPARE(read.at(0).at(2).toByteArray(), QByteArray("rdk_first"));

    store.write(account, "rdk_second");
    store.read(account);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 2, 20'000);
    QCOMPARE(resultOf(written, 1), Result::Ok);
    QCOMPARE(read.at(1).at(2).toByteArray(), QByteArray("rdk_second"));

    store.remove(account);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 20'000);
    QCOMPARE(resultOf(removed, 0), Result::Ok);
    store.read(account);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 3, 20'000);
    QCOMPARE(resultOf(read, 2), Result::NotFound);
    QVERIFY(read.at(2).at(2).toByteArray().isEmpty());
}

void TestKeychainSecretStore::readMissingIsNotFound()
{
    KeychainSecretStore store(uniqueService());
    QSignalSpy read(&store, &SecretStore::secretRead);
    store.read(QStringLiteral("nobody"));
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 20'000);
    QCOMPARE(resultOf(read, 0), Result::NotFound);
    QVERIFY(!read.at(0).at(3).toString().isEmpty());
}

void TestKeychainSecretStore::requestsQueueAndAnswerInOrder()
{
    // Six requests at once, two accounts: each answered once, in the order asked,
    // with the state the requests before it left.
    KeychainSecretStore store(uniqueService());
    QStringList answers;
    auto record = [&answers](const char *what) {
        return [&answers, what](const QString &account, Result result) {
            answers.append(QStringLiteral("%1 %2 %3").arg(QLatin1String(what), account,
                QLatin1String(QMetaEnum::fromType<Result>().valueToKey(int(result)))));
        };
    };
    QByteArray lastRead;
    connect(&store, &SecretStore::secretWritten, this, record("write"));
    connect(&store, &SecretStore::secretRemoved, this, record("remove"));
    connect(&store, &SecretStore::secretRead, this,
            [&answers, &lastRead](const QString &account, Result result, const QByteArray &secret) {
        answers.append(QStringLiteral("read %1 %2").arg(account,
            QLatin1String(QMetaEnum::fromType<Result>().valueToKey(int(result)))));
        lastRead = secret;
    });
    store.write(QStringLiteral("a"), "alpha");
    store.write(QStringLiteral("b"), "beta");
    store.read(QStringLiteral("a"));
    store.remove(QStringLiteral("a"));
    store.read(QStringLiteral("a"));
    store.read(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 6, 30'000);
    QCOMPARE(answers, (QStringList{QStringLiteral("write a Ok"), QStringLiteral("write b Ok"),
                                   QStringLiteral("read a Ok"), QStringLiteral("remove a Ok"),
                                   QStringLiteral("read a NotFound"), QStringLiteral("read b Ok")}));
    QCOMPARE(lastRead, QByteArray("beta"));
    store.remove(QStringLiteral("b"));
    QSignalSpy removed(&store, &SecretStore::secretRemoved);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 20'000);
}

void TestKeychainSecretStore::requestFromAnAnswerIsServed()
{
    // What the sign-in dialog does: write, and read back from the written answer.
    KeychainSecretStore store(uniqueService());
    QSignalSpy read(&store, &SecretStore::secretRead);
    connect(&store, &SecretStore::secretWritten, this, [&store](const QString &account, Result result) {
        if (result == Result::Ok)
            store.read(account);
    });
    store.write(QStringLiteral("chained"), "rdk_chained");
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 20'000);
    QCOMPARE(resultOf(read, 0), Result::Ok);
    QCOMPARE(read.at(0).at(2).toByteArray(), QByteArray("rdk_chained"));
    store.remove(QStringLiteral("chained"));
    QSignalSpy removed(&store, &SecretStore::secretRemoved);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 20'000);
}

void TestKeychainSecretStore::noSessionBusIsNoService()
{
    // QtKeychain only finds out on the first job; a process with no reachable
    // session bus must hear NoService (so the app offers session/file), not Error.
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/relaydesk-no-bus"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    child.setProcessEnvironment(env);
    child.start(m_program, {QString::fromLatin1(NoBusProbe)});
    QVERIFY(child.waitForFinished(90'000));
    const QString output = QString::fromUtf8(child.readAllStandardOutput());
    QVERIFY2(child.exitCode() == 0, qPrintable(output + QString::fromUtf8(child.readAllStandardError())));
    const QStringList lines = output.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("NoService"));
    QVERIFY2(!lines.value(1).isEmpty(), "the answer carries no message for the user");
}

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], NoBusProbe) == 0)
        return runNoBusProbe(argc, argv);
    QCoreApplication app(argc, argv);
    TestKeychainSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainsecretstore.moc"
