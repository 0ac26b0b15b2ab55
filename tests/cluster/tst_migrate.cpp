// relaydesk-relay migrate: a relay that ran on SQLite moves to PostgreSQL keeping
// every id and seq; an app connected before resumes from its seq without a resync;
// a database that holds anything is refused.

#include "agentclient.h"
#include "graphstandin.h"
#include "postgresserver.h"
#include "protocol.h"
#include "relayprocess.h"
#include "sqlitestore.h"
#include "store.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QDateTime>
#include <QDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::Test;

class TestMigrate : public QObject
{
    Q_OBJECT
private slots:
    void sqliteRelayMovesToPostgresKeepingSeqs();
};

void TestMigrate::sqliteRelayMovesToPostgresKeepingSeqs()
{
    PostgresServer postgres;
    QString error;
    QVERIFY2(postgres.start(&error), qPrintable(error));
    QVERIFY2(postgres.createDatabase(QStringLiteral("moved"), &error), qPrintable(error));
    const QString url = postgres.url(QStringLiteral("moved"));
    GraphStandIn graph;
    QVERIFY(graph.listen());

    RelayProcess relay;
    QVERIFY(relay.isValid());
    relay.setGraphUrl(graph.baseUrl());
    QVERIFY(relay.addPage(QStringLiteral("page-1"), QStringLiteral("Shop")));
    const QByteArray token = relay.addAgent(QStringLiteral("ana"));
    QVERIFY(relay.start());
    WebhookPoster poster(relay.httpUrl(QStringLiteral("/webhook")), RelayProcess::AppSecret);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(poster.post(textWebhook(CustomerText{QStringLiteral("page-1"), QStringLiteral("u%1").arg(i % 2),
                                                      QStringLiteral("m_before_%1").arg(i), QStringLiteral("hi"),
                                                      QDateTime::currentMSecsSinceEpoch()})).status, 200);
    AgentClient app;
    app.connectTo(relay.wsUrl(), token, 0);
    QTRY_VERIFY(app.hasFrame(QStringLiteral("replay_done")));
    const qint64 seen = app.lastSeq();
    QVERIFY(seen > 0);
    QVERIFY(relay.stop());

    // The refusal first: migrate into a database that is not empty says so and changes nothing.
    RelayProcess other;
    other.setSetting(QStringLiteral("RELAYDESK_STORE"), url);
    QVERIFY(other.addPage(QStringLiteral("page-9"), QStringLiteral("Someone else's")));
    relay.setSetting(QStringLiteral("RELAYDESK_STORE"), url);
    QVERIFY(relay.cli({QStringLiteral("migrate")}).isNull());
    QVERIFY2(postgres.exec(QStringLiteral("moved"), QStringLiteral("DELETE FROM pages"), &error), qPrintable(error));

    QVERIFY(!relay.cli({QStringLiteral("migrate")}).isNull());
    Store::SqliteStore sqlite(QDir(relay.dataDir()).filePath(QStringLiteral("relaydesk.sqlite")));
    QVERIFY2(sqlite.open(&error), qPrintable(error));
    auto moved = Store::openStore(url, QString(), QByteArray(), &error);
    QVERIFY2(moved, qPrintable(error));
    QCOMPARE(moved->lastSeq(), sqlite.lastSeq());
    const QList<Event> before = sqlite.eventsAfter(0, 1000);
    const QList<Event> after = moved->eventsAfter(0, 1000);
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        QCOMPARE(after[i].seq, before[i].seq);
        QCOMPARE(after[i].kind, before[i].kind);
        QCOMPARE(after[i].data, before[i].data);
    }
    QCOMPARE(moved->agents().size(), 1);
    QCOMPARE(moved->agents().first().tokenHash, sqlite.agents().first().tokenHash);
    QCOMPARE(moved->conversationCount(), sqlite.conversationCount());
    QCOMPARE(moved->messageByMid(QStringLiteral("m_before_3"))->id, sqlite.messageByMid(QStringLiteral("m_before_3"))->id);

    // The relay on PostgreSQL: the app resumes from its seq (no resync) and new events follow on.
    QVERIFY(relay.start());
    AgentClient resumed;
    resumed.connectTo(relay.wsUrl(), token, seen);
    QTRY_VERIFY(resumed.hasFrame(QStringLiteral("replay_done")));
    QVERIFY(!resumed.hasFrame(QStringLiteral("resync_required")));
    WebhookPoster again(relay.httpUrl(QStringLiteral("/webhook")), RelayProcess::AppSecret);
    QCOMPARE(again.post(textWebhook(CustomerText{QStringLiteral("page-1"), QStringLiteral("u9"),
                                                 QStringLiteral("m_after"), QStringLiteral("hello again"),
                                                 QDateTime::currentMSecsSinceEpoch()})).status, 200);
    QTRY_VERIFY(resumed.lastSeq() > seen);
    QCOMPARE(resumed.eventSeqs().first(), seen + 1);
    QVERIFY(moved->messageByMid(QStringLiteral("m_after"))->id > sqlite.messageByMid(QStringLiteral("m_before_4"))->id);
    QVERIFY(relay.stop());
}

QTEST_GUILESS_MAIN(TestMigrate)
#include "tst_migrate.moc"
