#include "cannedplaceholders.h"
#include "cannedresponse.h"
#include "event.h"
#include "protocol.h"

#include <QTest>

using namespace Relaydesk;

// Placeholders in canned responses, filled when inserted; and the rules both ends check.
class TestCannedPlaceholders : public QObject
{
    Q_OBJECT
private slots:
    void fillsKnownValues();
    void leavesUnknownValuesVisible();
    void findsUnknownNames();
    void validation_data();
    void validation();
    void eventRoundTrip();
};

void TestCannedPlaceholders::fillsKnownValues()
{
    const CannedPlaceholders::Values values{QStringLiteral(" Linh  Nguyen "), QStringLiteral("Alice Meyer"),
                                            QStringLiteral("Shop One")};
    QCOMPARE(CannedPlaceholders::fill(QStringLiteral("Hi {{customer.first_name}}, {{ agent.first_name }} of "
                                                     "{{page.name}} here ({{agent.name}}) for {{customer.name}}."),
                                      values),
             QStringLiteral("Hi Linh, Alice of Shop One here (Alice Meyer) for Linh  Nguyen."));
    QCOMPARE(CannedPlaceholders::fill(QStringLiteral("no placeholders {here}"), values),
             QStringLiteral("no placeholders {here}"));
}

void TestCannedPlaceholders::leavesUnknownValuesVisible()
{
    const CannedPlaceholders::Values values{QString(), QStringLiteral("alice"), QString()};
    QCOMPARE(CannedPlaceholders::fill(QStringLiteral("Hi {{customer.first_name}}, {{agent.name}}"), values),
             QStringLiteral("Hi {{customer.first_name}}, alice"));
    QCOMPARE(CannedPlaceholders::fill(QStringLiteral("{{other}}"), values), QStringLiteral("{{other}}"));
}

void TestCannedPlaceholders::findsUnknownNames()
{
    QCOMPARE(CannedPlaceholders::firstUnknown(QStringLiteral("{{agent.name}} {{ customer.phone }}")),
             QStringLiteral("customer.phone"));
    QCOMPARE(CannedPlaceholders::firstUnknown(QStringLiteral("{{agent.name}} {single}")), QString());
    // Empty braces are text, not a placeholder.
    QCOMPARE(CannedPlaceholders::firstUnknown(QStringLiteral("{{}}")), QString());
    QCOMPARE(CannedPlaceholders::fill(QStringLiteral("{{}}"), {}), QStringLiteral("{{}}"));
}

void TestCannedPlaceholders::validation_data()
{
    QTest::addColumn<QString>("shortcode");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ok") << "thanks-2_b" << "Thanks" << "Thank you!" << true;
    QTest::newRow("umlaut") << "grüße" << "Grüße" << "Viele Grüße" << true;
    QTest::newRow("upper") << "Thanks" << "Thanks" << "x" << false; // normalize first
    QTest::newRow("slash") << "/thanks" << "Thanks" << "x" << false;
    QTest::newRow("empty text") << "a" << "A" << "  " << false;
    QTest::newRow("2000") << "a" << "A" << QString(2000, QLatin1Char('x')) << true;
    QTest::newRow("2001") << "a" << "A" << QString(2001, QLatin1Char('x')) << false;
    QTest::newRow("32") << QString(32, QLatin1Char('a')) << "A" << "x" << true;
    QTest::newRow("33") << QString(33, QLatin1Char('a')) << "A" << "x" << false;
}

void TestCannedPlaceholders::validation()
{
    QFETCH(QString, shortcode);
    QFETCH(QString, title);
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(CannedResponse::validationError(shortcode, title, text).isEmpty(), valid);
    QCOMPARE(CannedResponse::normalizedShortcode(QStringLiteral(" /Thanks ")), QStringLiteral("thanks"));
}

void TestCannedPlaceholders::eventRoundTrip()
{
    CannedResponse r{7, QStringLiteral("hi"), QStringLiteral("Hi"), QStringLiteral("Hi {{agent.name}}"), 3, 100, 4, 200};
    const Event e = Event::forCannedResponse(QString(Protocol::EventKind::CannedResponseSaved), r);
    const Event back = Event::fromFrame(e.toFrame());
    QVERIFY(back.hasCannedResponse());
    QVERIFY(!back.hasConversation());
    QVERIFY(!back.hasMessage());
    QCOMPARE(back.cannedResponse(), r);
    QCOMPARE(back.pageId, QString());
    QCOMPARE(back.conversationId, 0);
}

QTEST_GUILESS_MAIN(TestCannedPlaceholders)
#include "tst_cannedplaceholders.moc"
