#include "metricsaccess.h"

#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Relay;

// Who may read /metrics: loopback only without a token, the token's holder with one.
class TestMetricsAccess : public QObject
{
    Q_OBJECT
private slots:
    void withoutTokenOnlyThisMachine_data();
    void withoutTokenOnlyThisMachine();
    void withTokenOnlyItsHolder_data();
    void withTokenOnlyItsHolder();
};

namespace {

Http::HttpRequest request(const QString &peer, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    Http::HttpRequest r;
    r.method = "GET";
    r.path = r.target = "/metrics";
    r.version = "HTTP/1.1";
    r.peer = QHostAddress(peer);
    r.headers = headers;
    return r;
}

} // namespace

void TestMetricsAccess::withoutTokenOnlyThisMachine_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("header"); // "name: value", or empty
    QTest::addColumn<int>("status");        // 0: allowed
    QTest::newRow("127.0.0.1") << "127.0.0.1" << QByteArray() << 0;
    QTest::newRow("127.3.4.5") << "127.3.4.5" << QByteArray() << 0;
    QTest::newRow("::1") << "::1" << QByteArray() << 0;
    QTest::newRow("v4-mapped loopback") << "::ffff:127.0.0.1" << QByteArray() << 0;
    QTest::newRow("internet v4") << "203.0.113.7" << QByteArray() << 403;
    QTest::newRow("private v4") << "192.168.1.20" << QByteArray() << 403;
    QTest::newRow("v4-mapped internet") << "::ffff:203.0.113.7" << QByteArray() << 403;
    QTest::newRow("internet v6") << "2001:db8::5" << QByteArray() << 403;
    // A reverse proxy on this machine connects from loopback: what it forwards is remote.
    QTest::newRow("via proxy: X-Forwarded-For") << "127.0.0.1" << QByteArray("x-forwarded-for: 203.0.113.7") << 403;
    QTest::newRow("via proxy: Forwarded") << "127.0.0.1" << QByteArray("forwarded: for=203.0.113.7") << 403;
    QTest::newRow("via proxy: X-Real-IP") << "::1" << QByteArray("x-real-ip: 203.0.113.7") << 403;
    QTest::newRow("a token changes nothing") << "203.0.113.7" << QByteArray("authorization: Bearer guess") << 403;
}

void TestMetricsAccess::withoutTokenOnlyThisMachine()
{
    QFETCH(QString, peer);
    QFETCH(QByteArray, header);
    QFETCH(int, status);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!header.isEmpty())
        headers.append(qMakePair(header.left(header.indexOf(':')), header.mid(header.indexOf(':') + 1).trimmed()));
    const auto refusal = MetricsAccess({}).refusal(request(peer, headers));
    QCOMPARE(refusal ? refusal->status : 0, status);
    if (refusal)
        QVERIFY(refusal->body.contains("metrics_token")); // says how to open it up
}

void TestMetricsAccess::withTokenOnlyItsHolder_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("authorization"); // empty: no header
    QTest::addColumn<int>("status");
    const QByteArray token = "m3tr1cs-t0ken-5a1c";
    QTest::newRow("remote, right token") << "203.0.113.7" << QByteArray("Bearer " + token) << 0;
    QTest::newRow("scheme in any case") << "203.0.113.7" << QByteArray("bearer " + token) << 0;
    QTest::newRow("remote, no token") << "203.0.113.7" << QByteArray() << 401;
    QTest::newRow("remote, wrong token") << "203.0.113.7" << QByteArray("Bearer guess") << 401;
    QTest::newRow("remote, prefix") << "203.0.113.7" << QByteArray("Bearer " + token.left(10)) << 401;
    QTest::newRow("remote, longer") << "203.0.113.7" << QByteArray("Bearer " + token + "x") << 401;
    QTest::newRow("remote, Basic") << "203.0.113.7" << QByteArray("Basic " + token.toBase64()) << 401;
    // A token set means the token, from anywhere: loopback is no way around it.
    QTest::newRow("loopback, no token") << "127.0.0.1" << QByteArray() << 401;
}

void TestMetricsAccess::withTokenOnlyItsHolder()
{
    QFETCH(QString, peer);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append(qMakePair(QByteArrayLiteral("authorization"), authorization));
    const auto refusal = MetricsAccess("m3tr1cs-t0ken-5a1c").refusal(request(peer, headers));
    QCOMPARE(refusal ? refusal->status : 0, status);
    if (refusal) {
        QVERIFY(!refusal->body.contains("m3tr1cs")); // the token is never said back
        bool challenged = false;
        for (const auto &h : refusal->headers)
            challenged = challenged || (h.first == "WWW-Authenticate" && h.second == "Bearer");
        QVERIFY(challenged);
    }
}

QTEST_GUILESS_MAIN(TestMetricsAccess)
#include "tst_metricsaccess.moc"
