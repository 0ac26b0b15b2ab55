#include "relayconfig.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk::Relay;

class TestRelayConfig : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();
    void fileThenEnvironment();
    void unknownKeysAndBadNumbersWarn();
    void listenParsing_data();
    void listenParsing();
    void problems();
    void metricsToken();
    void uploadLimits();
    void limits();
};

void TestRelayConfig::cleanup()
{
    for (const char *v : {"RELAYDESK_APP_SECRET", "RELAYDESK_VERIFY_TOKEN", "RELAYDESK_GRAPH_URL", "RELAYDESK_LISTEN",
                          "RELAYDESK_METRICS_TOKEN", "RELAYDESK_MAX_AGENT_CONNECTIONS"})
        qunsetenv(v);
}

static QString writeConfig(const QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.filePath(QStringLiteral("relay.conf"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text);
    return path;
}

void TestRelayConfig::fileThenEnvironment()
{
    QTemporaryDir dir;
    const QString path = writeConfig(dir, "app_secret=from-file\nverify_token=vt-file\n"
                                          "graph_url=http://127.0.0.1:1234\nlisten=0.0.0.0:9000\n"
                                          "event_retention_days=7\n");
    QStringList warnings;
    RelayConfig c = RelayConfig::load(path, &warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    QCOMPARE(c.appSecret, QByteArray("from-file"));
    QCOMPARE(c.verifyToken, QByteArray("vt-file"));
    QCOMPARE(c.graphUrl, QUrl(QStringLiteral("http://127.0.0.1:1234")));
    QCOMPARE(c.listenAddress, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(c.listenPort, quint16(9000));
    QCOMPARE(c.eventRetentionDays, 7);

    qputenv("RELAYDESK_APP_SECRET", "from-env");
    qputenv("RELAYDESK_GRAPH_URL", "http://127.0.0.1:4321");
    c = RelayConfig::load(path, &warnings);
    QCOMPARE(c.appSecret, QByteArray("from-env"));
    QCOMPARE(c.graphUrl, QUrl(QStringLiteral("http://127.0.0.1:4321")));
    QCOMPARE(c.verifyToken, QByteArray("vt-file"));
}

void TestRelayConfig::unknownKeysAndBadNumbersWarn()
{
    QTemporaryDir dir;
    const QString path = writeConfig(dir, "app_secet=typo\nevent_retention_days=-3\n");
    QStringList warnings;
    const RelayConfig c = RelayConfig::load(path, &warnings);
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.at(0).contains(QLatin1String("app_secet")) || warnings.at(1).contains(QLatin1String("app_secet")));
    QCOMPARE(c.eventRetentionDays, 30); // the default stays
    // A warning never quotes a value: it may be a secret.
    for (const QString &w : warnings)
        QVERIFY(!w.contains(QLatin1String("typo")));
}

void TestRelayConfig::listenParsing_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("v4") << QStringLiteral("127.0.0.1:8443") << true << QStringLiteral("127.0.0.1") << 8443;
    QTest::newRow("v6") << QStringLiteral("[::1]:80") << true << QStringLiteral("::1") << 80;
    QTest::newRow("port only") << QStringLiteral(":9000") << true << QStringLiteral("127.0.0.1") << 9000;
    QTest::newRow("localhost") << QStringLiteral("localhost:1") << true << QStringLiteral("127.0.0.1") << 1;
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << false << QString() << 0;
    QTest::newRow("bad port") << QStringLiteral("127.0.0.1:70000") << false << QString() << 0;
    QTest::newRow("name") << QStringLiteral("example.com:80") << false << QString() << 0;
}

void TestRelayConfig::listenParsing()
{
    QFETCH(QString, input);
    QFETCH(bool, ok);
    QFETCH(QString, address);
    QFETCH(int, port);
    RelayConfig c;
    QString error;
    QCOMPARE(c.setListen(input, &error), ok);
    if (ok) {
        QCOMPARE(c.listenAddress, QHostAddress(address));
        QCOMPARE(int(c.listenPort), port);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void TestRelayConfig::problems()
{
    RelayConfig c;
    QCOMPARE(c.problems().size(), 2); // no secret, no verify token
    c.appSecret = "s";
    c.verifyToken = "v";
    QVERIFY(c.problems().isEmpty());
    c.tlsCertificate = QStringLiteral("/etc/cert.pem");
    QCOMPARE(c.problems().size(), 1); // a certificate without its key
}

void TestRelayConfig::metricsToken()
{
    QTemporaryDir dir;
    QStringList warnings;
    QVERIFY(RelayConfig::load(writeConfig(dir, "app_secret=s\n"), &warnings).metricsToken.isEmpty()); // loopback only
    const QString path = writeConfig(dir, "metrics_token=from-file\n");
    QCOMPARE(RelayConfig::load(path, &warnings).metricsToken, QByteArray("from-file"));
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    qputenv("RELAYDESK_METRICS_TOKEN", "from-env");
    QCOMPARE(RelayConfig::load(path, &warnings).metricsToken, QByteArray("from-env"));
}

void TestRelayConfig::uploadLimits()
{
    QTemporaryDir dir;
    QStringList warnings;
    const RelayConfig defaults = RelayConfig::load(writeConfig(dir, "app_secret=s\n"), &warnings);
    QCOMPARE(defaults.uploadRatePerMinute, 30);
    QCOMPARE(defaults.uploadAgentQuotaMiB, 200);
    QCOMPARE(defaults.uploadTotalQuotaMiB, 2048);
    QCOMPARE(defaults.uploadRetentionHours, 24);
    const RelayConfig c = RelayConfig::load(writeConfig(dir, "upload_rate_per_minute=5\nupload_agent_quota_mib=50\n"
                                                             "upload_total_quota_mib=500\nupload_retention_hours=6\n"),
                                            &warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    QCOMPARE(c.uploadRatePerMinute, 5);
    QCOMPARE(c.uploadAgentQuotaMiB, 50);
    QCOMPARE(c.uploadTotalQuotaMiB, 500);
    QCOMPARE(c.uploadRetentionHours, 6);
    RelayConfig::load(writeConfig(dir, "upload_retention_hours=0\n"), &warnings);
    QCOMPARE(warnings.size(), 1); // zero would delete every upload at once
}

void TestRelayConfig::limits()
{
    QTemporaryDir dir;
    QStringList warnings;
    RelayConfig c = RelayConfig::load(writeConfig(dir, "app_secret=s\n"), &warnings);
    QCOMPARE(c.maxBodyMemoryBytes, 64 * 1024 * 1024);
    QCOMPARE(c.maxBodyFileBytes, 1024LL * 1024 * 1024);
    QCOMPARE(c.maxUnauthenticatedWebSockets, 256);
    QCOMPARE(c.maxUnauthenticatedWebSocketsPerAddress, 32);
    QCOMPARE(c.maxAgentConnections, 2048);

    const QString path = writeConfig(dir, "max_body_memory_bytes=1000\nmax_body_file_bytes=5000000000\n"
                                          "max_unauthenticated_websockets=3\n"
                                          "max_unauthenticated_websockets_per_address=2\n"
                                          "max_agent_connections=10\n");
    qputenv("RELAYDESK_MAX_AGENT_CONNECTIONS", "11");
    c = RelayConfig::load(path, &warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    QCOMPARE(c.maxBodyMemoryBytes, 1000);
    QCOMPARE(c.maxBodyFileBytes, 5'000'000'000LL); // over 4 GiB: kept whole
    QCOMPARE(c.maxUnauthenticatedWebSockets, 3);
    QCOMPARE(c.maxUnauthenticatedWebSocketsPerAddress, 2);
    QCOMPARE(c.maxAgentConnections, 11);
}

QTEST_GUILESS_MAIN(TestRelayConfig)
#include "tst_relayconfig.moc"
