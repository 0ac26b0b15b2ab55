#include "signinchecker.h"
#include "testcertificate.h"
#include "testrelay.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Relaydesk::App;
using namespace Relaydesk::Test;
using Result = SignInChecker::Result;

namespace {

QStringList logged;
void recordLog(QtMsgType, const QMessageLogContext &, const QString &message) { logged.append(message); }

// A WebSocket server that closes every client with one code after its hello:
// the close codes the real relay only sends in states a test cannot easily reach.
class ClosingServer : public QObject
{
public:
    explicit ClosingServer(QWebSocketProtocol::CloseCode code)
        : m_server(QStringLiteral("closing"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this, code] {
            QWebSocket *client = m_server.nextPendingConnection();
            client->setParent(this);
            connect(client, &QWebSocket::textMessageReceived, client, [client, code] {
                client->close(code, QStringLiteral("closing as told"));
            });
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

private:
    QWebSocketServer m_server;
};

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();   // closed again when probe goes
}

} // namespace

// The sign-in check against a real relay in process (and a few stand-ins for
// what a relay never does on purpose).
class TestSignInChecker : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void normalizeUrl_data();
    void normalizeUrl();

    void okWithAgentAndPages();
    void okForEveryWayOfTypingTheAddress_data();
    void okForEveryWayOfTypingTheAddress();
    void badToken();
    void emptyToken();
    void invalidUrl();
    void unreachablePort();
    void unknownHost();
    void silentServerTimesOut();
    void httpWithoutUpgradeIsNotARelay();
    void closeCodes_data();
    void closeCodes();
    void untrustedCertificateIsTlsError();
    void trustedCertificateSignsIn();
    void tokenIsNeverLogged();
    void newCheckAbandonsTheRunningOne();

private:
    Result runCheck(SignInChecker &checker, const QString &url, const QByteArray &token);
    void makeCertificate();

    std::unique_ptr<TestRelay> m_relay;
    QByteArray m_token;
    QTemporaryDir m_certDir;
    bool m_haveCertificate = false;
};

void TestSignInChecker::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSignInChecker::init()
{
    m_relay = std::make_unique<TestRelay>();
    QVERIFY(m_relay->start());
    QVERIFY(m_relay->addPage(QStringLiteral("104216672283716"), QStringLiteral("Shop")));
    m_token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(!m_token.isEmpty());
}

void TestSignInChecker::cleanup()
{
    m_relay.reset();
}

Result TestSignInChecker::runCheck(SignInChecker &checker, const QString &url, const QByteArray &token)
{
    QSignalSpy finished(&checker, &SignInChecker::finished);
    checker.check(url, token);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000); }();
    if (finished.size() != 1)
        return Result::ProtocolError;   // the caller's QCOMPARE fails with context
    const Result result = finished.at(0).at(0).value<Result>();
    if (result != checker.result())
        qWarning("finished() and result() disagree");
    return result;
}

void TestSignInChecker::normalizeUrl_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected");   // empty: invalid
    QTest::newRow("https") << "https://relay.example.com" << "wss://relay.example.com/ws";
    QTest::newRow("https slash") << "https://relay.example.com/" << "wss://relay.example.com/ws";
    QTest::newRow("http port") << "http://relay.example.com:8080" << "ws://relay.example.com:8080/ws";
    QTest::newRow("wss ws") << "wss://relay.example.com/ws" << "wss://relay.example.com/ws";
    QTest::newRow("wss no path") << "wss://relay.example.com" << "wss://relay.example.com/ws";
    QTest::newRow("wss own path") << "wss://relay.example.com/agents/socket" << "wss://relay.example.com/agents/socket";
    QTest::newRow("https prefix") << "https://example.com/relaydesk/" << "wss://example.com/relaydesk/ws";
    QTest::newRow("http ws path") << "http://example.com:81/ws" << "ws://example.com:81/ws";
    QTest::newRow("host:port") << "relay.example.com:8443" << "wss://relay.example.com:8443/ws";
    QTest::newRow("host") << "  relay.example.com  " << "wss://relay.example.com/ws";
    QTest::newRow("loopback") << "127.0.0.1:8080" << "ws://127.0.0.1:8080/ws";
    QTest::newRow("localhost") << "localhost:8080" << "ws://localhost:8080/ws";
    QTest::newRow("ipv6 loopback") << "[::1]:8080" << "ws://[::1]:8080/ws";
    QTest::newRow("upper case") << "HTTPS://Relay.Example.COM" << "wss://relay.example.com/ws";
    QTest::newRow("credentials dropped") << "https://user:pw@relay.example.com/?token=x#f" << "wss://relay.example.com/ws";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("blank") << "   " << "";
    QTest::newRow("ftp") << "ftp://relay.example.com" << "";
    QTest::newRow("no host") << "https://" << "";
    QTest::newRow("bad port") << "relay.example.com:99999" << "";
    QTest::newRow("spaces") << "relay example com" << "";
}

void TestSignInChecker::normalizeUrl()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    const QUrl url = SignInChecker::normalizeUrl(typed);
    if (expected.isEmpty())
        QVERIFY2(!url.isValid() || url.isEmpty(), qPrintable(url.toString()));
    else
        QCOMPARE(url.toString(), expected);
}

void TestSignInChecker::okWithAgentAndPages()
{
    SignInChecker checker;
    QCOMPARE(runCheck(checker, m_relay->wsUrl().toString(), m_token), Result::Ok);
    QVERIFY(checker.errorMessage().isEmpty());
    QCOMPARE(checker.relayUrl(), m_relay->wsUrl());
    QCOMPARE(checker.agent().name, QStringLiteral("alice"));
    QVERIFY(checker.agent().id > 0);
    QCOMPARE(checker.pages().size(), 1);
    QCOMPARE(checker.pages().at(0).id, QStringLiteral("104216672283716"));
    QCOMPARE(checker.pages().at(0).name, QStringLiteral("Shop"));
    QVERIFY(!checker.isChecking());
}

void TestSignInChecker::okForEveryWayOfTypingTheAddress_data()
{
    QTest::addColumn<QString>("pattern");   // %1: the relay's port
    QTest::newRow("http") << "http://127.0.0.1:%1";
    QTest::newRow("http slash") << "http://127.0.0.1:%1/";
    QTest::newRow("ws") << "ws://127.0.0.1:%1/ws";
    QTest::newRow("host:port") << "127.0.0.1:%1";
    QTest::newRow("localhost") << " localhost:%1 ";
}

void TestSignInChecker::okForEveryWayOfTypingTheAddress()
{
    QFETCH(QString, pattern);
    SignInChecker checker;
    QCOMPARE(runCheck(checker, pattern.arg(m_relay->port()), m_token), Result::Ok);
    QCOMPARE(checker.relayUrl().path(), QStringLiteral("/ws"));
    QCOMPARE(checker.relayUrl().scheme(), QStringLiteral("ws"));
    QCOMPARE(checker.agent().name, QStringLiteral("alice"));
}

void TestSignInChecker::badToken()
{
    SignInChecker checker;
    QCOMPARE(runCheck(checker, m_relay->wsUrl().toString(), "rdk_not-a-token"), Result::BadToken);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("token")), qPrintable(checker.errorMessage()));
    QVERIFY(checker.agent().name.isEmpty());

    // A revoked agent's token is bad too.
    SignInChecker again;
    const QByteArray bob = m_relay->addAgent(QStringLiteral("bob"), {QStringLiteral("*")});
    const auto bobRecord = m_relay->store().agentByName(QStringLiteral("bob"));
    QVERIFY(bobRecord);
    QVERIFY(m_relay->store().revokeAgent(bobRecord->id, QDateTime::currentMSecsSinceEpoch()));
    QCOMPARE(runCheck(again, m_relay->wsUrl().toString(), bob), Result::BadToken);
}

void TestSignInChecker::emptyToken()
{
    SignInChecker checker;
    QCOMPARE(runCheck(checker, m_relay->wsUrl().toString(), "  "), Result::BadToken);
    QVERIFY(!checker.errorMessage().isEmpty());
}

void TestSignInChecker::invalidUrl()
{
    SignInChecker checker;
    QCOMPARE(runCheck(checker, QStringLiteral("ftp://relay.example.com"), m_token), Result::InvalidUrl);
    QVERIFY(checker.errorMessage().contains(QLatin1String("ftp://relay.example.com")));
}

void TestSignInChecker::unreachablePort()
{
    SignInChecker checker;
    const quint16 port = unusedPort();
    QCOMPARE(runCheck(checker, QStringLiteral("127.0.0.1:%1").arg(port), m_token), Result::Unreachable);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("refused")), qPrintable(checker.errorMessage()));
    QVERIFY(checker.errorMessage().contains(QString::number(port)));
}

void TestSignInChecker::unknownHost()
{
    SignInChecker checker;
    checker.setTimeout(20'000);
    // .invalid never resolves (RFC 2606).
    QCOMPARE(runCheck(checker, QStringLiteral("https://relay.invalid"), m_token), Result::Unreachable);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("relay.invalid")), qPrintable(checker.errorMessage()));
}

void TestSignInChecker::silentServerTimesOut()
{
    QTcpServer silent;   // accepts, never answers the upgrade
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    SignInChecker checker;
    checker.setTimeout(500);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(runCheck(checker, QStringLiteral("ws://127.0.0.1:%1").arg(silent.serverPort()), m_token),
             Result::Unreachable);
    QVERIFY(timer.elapsed() >= 450);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("did not answer")), qPrintable(checker.errorMessage()));
}

void TestSignInChecker::httpWithoutUpgradeIsNotARelay()
{
    // A plain web server: answers the upgrade request with a page.
    QTcpServer web;
    QVERIFY(web.listen(QHostAddress::LocalHost, 0));
    connect(&web, &QTcpServer::newConnection, this, [&web] {
        QTcpSocket *client = web.nextPendingConnection();
        connect(client, &QTcpSocket::readyRead, client, [client] {
            client->readAll();
            client->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello");
            client->disconnectFromHost();
        });
    });
    SignInChecker checker;
    QCOMPARE(runCheck(checker, QStringLiteral("http://127.0.0.1:%1").arg(web.serverPort()), m_token), Result::NotARelay);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("HTTP 200")), qPrintable(checker.errorMessage()));

    // The relay's own HTTP side, at a path that is not its WebSocket.
    SignInChecker relayPath;
    QCOMPARE(runCheck(relayPath, QStringLiteral("ws://127.0.0.1:%1/healthz").arg(m_relay->port()), m_token),
             Result::NotARelay);
}

void TestSignInChecker::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<Result>("expected");
    QTest::newRow("unauthorized") << 4001 << Result::BadToken;
    QTest::newRow("revoked") << 4003 << Result::BadToken;
    QTest::newRow("protocol version") << 4004 << Result::UnsupportedProtocol;
    QTest::newRow("going away") << 1001 << Result::Unreachable;
    QTest::newRow("other") << 4500 << Result::ProtocolError;
}

void TestSignInChecker::closeCodes()
{
    QFETCH(int, code);
    QFETCH(Result, expected);
    ClosingServer server(static_cast<QWebSocketProtocol::CloseCode>(code));
    QVERIFY(server.listen());
    SignInChecker checker;
    QCOMPARE(runCheck(checker, QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port()), m_token), expected);
    QVERIFY(!checker.errorMessage().isEmpty());
}

void TestSignInChecker::makeCertificate()
{
    if (m_haveCertificate)
        return;
    const QString error = makeLoopbackCertificate(m_certDir.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_haveCertificate = true;
}

void TestSignInChecker::untrustedCertificateIsTlsError()
{
    makeCertificate();
    TestRelay relay;
    relay.config().tlsCertificate = m_certDir.filePath(QStringLiteral("cert.pem"));
    relay.config().tlsPrivateKey = m_certDir.filePath(QStringLiteral("key.pem"));
    QVERIFY(relay.start());
    const QByteArray token = relay.addAgent(QStringLiteral("alice"), {QStringLiteral("*")});

    SignInChecker checker;   // the system's CAs only: our self-signed certificate is not among them
    QCOMPARE(runCheck(checker, QStringLiteral("https://127.0.0.1:%1").arg(relay.port()), token), Result::TlsError);
    QVERIFY2(checker.errorMessage().contains(QLatin1String("self signed"), Qt::CaseInsensitive)
                 || checker.errorMessage().contains(QLatin1String("self-signed"), Qt::CaseInsensitive),
             qPrintable(checker.errorMessage()));

    // Plain ws:// to the TLS port is not a TLS error but fails clearly too.
    SignInChecker plain;
    plain.setTimeout(5'000);
    const Result result = runCheck(plain, QStringLiteral("ws://127.0.0.1:%1").arg(relay.port()), token);
    QVERIFY2(result == Result::Unreachable || result == Result::NotARelay, qPrintable(plain.errorMessage()));
}

void TestSignInChecker::trustedCertificateSignsIn()
{
    makeCertificate();
    TestRelay relay;
    relay.config().tlsCertificate = m_certDir.filePath(QStringLiteral("cert.pem"));
    relay.config().tlsPrivateKey = m_certDir.filePath(QStringLiteral("key.pem"));
    QVERIFY(relay.start());
    const QByteArray token = relay.addAgent(QStringLiteral("carol"), {QStringLiteral("*")});

    SignInChecker checker;
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(m_certDir.filePath(QStringLiteral("cert.pem"))));
    checker.setSslConfiguration(trusting);
    QCOMPARE(runCheck(checker, QStringLiteral("https://127.0.0.1:%1").arg(relay.port()), token), Result::Ok);
    QCOMPARE(checker.relayUrl().scheme(), QStringLiteral("wss"));
    QCOMPARE(checker.agent().name, QStringLiteral("carol"));
}

void TestSignInChecker::tokenIsNeverLogged()
{
    QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.*=true\nqt.websockets*=true"));
    logged.clear();
    const QtMessageHandler previous = qInstallMessageHandler(recordLog);
    {
        SignInChecker ok;
        runCheck(ok, m_relay->wsUrl().toString(), m_token);
        SignInChecker bad;
        runCheck(bad, m_relay->wsUrl().toString(), m_token + "x");
        SignInChecker refused;
        runCheck(refused, QStringLiteral("127.0.0.1:%1").arg(unusedPort()), m_token);
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!logged.isEmpty());   // it did log: so the next check means something
    for (const QString &line : std::as_const(logged))
        QVERIFY2(!line.contains(QString::fromLatin1(m_token)), qPrintable(line));
}

void TestSignInChecker::newCheckAbandonsTheRunningOne()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    SignInChecker checker;
    QSignalSpy finished(&checker, &SignInChecker::finished);
    checker.check(QStringLiteral("ws://127.0.0.1:%1").arg(silent.serverPort()), m_token);
    QVERIFY(checker.isChecking());
    checker.check(m_relay->wsUrl().toString(), m_token);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<Result>(), Result::Ok);
    QTest::qWait(200);
    QCOMPARE(finished.size(), 1);
}

QTEST_GUILESS_MAIN(TestSignInChecker)
#include "tst_signinchecker.moc"
