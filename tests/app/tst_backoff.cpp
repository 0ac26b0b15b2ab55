#include "backoff.h"

#include <QTest>

using namespace Relaydesk::App;

class TestBackoff : public QObject
{
    Q_OBJECT
private slots:
    void doublesUpToTheMaximum();
    void jitterOnlyShortens();
    void resetStartsOver();
};

void TestBackoff::doublesUpToTheMaximum()
{
    Backoff backoff(1000, 60'000);
    backoff.setRandomSource([] { return 0.0; });
    QList<int> delays;
    for (int i = 0; i < 9; ++i)
        delays.append(backoff.nextDelayMs());
    QCOMPARE(delays, (QList<int>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000}));
    for (int i = 0; i < 100; ++i) // no overflow after a long outage
        QCOMPARE(backoff.nextDelayMs(), 60000);
}

void TestBackoff::jitterOnlyShortens()
{
    Backoff backoff(1000, 60'000);
    backoff.setRandomSource([] { return 0.999; });
    const int first = backoff.nextDelayMs();
    QVERIFY2(first > 750 && first < 1000, qPrintable(QString::number(first)));
}

void TestBackoff::resetStartsOver()
{
    Backoff backoff(100, 1000);
    backoff.setRandomSource([] { return 0.0; });
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    QCOMPARE(backoff.attempts(), 2);
    backoff.reset();
    QCOMPARE(backoff.nextDelayMs(), 100);
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
