// What only the PostgreSQL backend promises, against a private server: the log head
// makes seq gap-free and commit-ordered across connections (as across relays), a
// commit with events notifies, a failed statement fails the commit, the connection
// comes back by itself after the server restarts, and the URL never holds a password.
// The Store contract itself is the backend-neutral suite (tst_store_*).

#include "postgresmigrations.h"
#include "postgresserver.h"
#include "postgresstore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace Relaydesk;
using namespace Relaydesk::Store;

class TestPostgresStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void refusesPasswordInUrl();
    void migratesOnceAndReopens();
    void seqIsGapFreeAcrossConnections();
    void savepointRollbackGivesSeqBack();
    void commitWithEventsNotifies();
    void failedStatementFailsCommit();
    void reconnectsAfterServerRestart();

private:
    std::unique_ptr<PostgresStore> open();
    Event event(const QString &kind = QStringLiteral("message.created"));

    Test::PostgresServer m_server;
    QString m_url;
    int m_databases = 0;
};

void TestPostgresStore::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestPostgresStore::init()
{
    const QString name = QStringLiteral("t_%1").arg(++m_databases);
    QString error;
    QVERIFY2(m_server.createDatabase(name, &error), qPrintable(error));
    m_url = m_server.url(name);
}

std::unique_ptr<PostgresStore> TestPostgresStore::open()
{
    auto store = std::make_unique<PostgresStore>(QUrl(m_url), QByteArray());
    QString error;
    if (!store->open(&error)) {
        qWarning() << "open failed:" << error;
        return nullptr;
    }
    return store;
}

Event TestPostgresStore::event(const QString &kind)
{
    Event e;
    e.kind = kind;
    e.pageId = QStringLiteral("page-1");
    e.conversationId = 1;
    e.createdAt = 1000;
    e.data = QJsonObject{{QStringLiteral("text"), QStringLiteral("hällo")}};
    return e;
}

void TestPostgresStore::refusesPasswordInUrl()
{
    QString error;
    QVERIFY(!PostgresStore::checkUrl(QUrl(QStringLiteral("postgresql://u:secret@host/db")), &error));
    QVERIFY(error.contains(QLatin1String("store_password_file")));
    QVERIFY(!error.contains(QLatin1String("secret@")));
    QVERIFY(!PostgresStore::checkUrl(QUrl(QStringLiteral("postgresql://u@host/")), &error));
    QVERIFY(!PostgresStore::checkUrl(QUrl(QStringLiteral("mysql://u@host/db")), &error));
    QVERIFY(PostgresStore::checkUrl(QUrl(QStringLiteral("postgresql://u@host:5433/db?sslmode=require")), &error));
    QCOMPARE(PostgresStore::displayUrl(QUrl(QStringLiteral("postgresql://u@host:5433/db?sslmode=require"))),
             QStringLiteral("postgresql://u@host:5433/db"));
    // Through the factory too: nothing is opened.
    QVERIFY(!openStore(QStringLiteral("postgresql://u:pw@127.0.0.1/db"), QString(), {}, &error));
}

void TestPostgresStore::migratesOnceAndReopens()
{
    {
        auto a = open();
        QVERIFY(a);
        auto b = open(); // a second relay starting: finds the schema there
        QVERIFY(b);
        QCOMPARE(a->lastSeq(), 0);
    }
    QString error;
    QVERIFY2(m_server.exec(m_url.section(QLatin1Char('/'), -1), QStringLiteral("UPDATE schema_version SET version = 99"),
                           &error), qPrintable(error));
    PostgresStore newer{QUrl(m_url), QByteArray()};
    QVERIFY(!newer.open(&error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
}

// Two connections stand for two relays. The second writer waits for the first's
// head lock; the first rolls back; the second then gets seq 1, not 2: no gap, and
// nothing with a higher seq is ever visible before a lower one.
void TestPostgresStore::seqIsGapFreeAcrossConnections()
{
    auto a = open();
    QVERIFY(a);
    QVERIFY(a->beginTransaction());
    Event first = event();
    QVERIFY(a->appendEvent(&first));
    QCOMPARE(first.seq, 1);

    std::atomic<qint64> otherSeq{-1};
    const QString url = m_url;
    QThread *writer = QThread::create([url, &otherSeq] {
        PostgresStore b{QUrl(url), QByteArray()};
        QString error;
        if (!b.open(&error) || !b.beginTransaction()) {
            otherSeq = -2;
            return;
        }
        Event e;
        e.kind = QStringLiteral("message.created");
        e.pageId = QStringLiteral("page-1");
        if (!b.appendEvent(&e) || !b.commitTransaction()) {
            otherSeq = -3;
            return;
        }
        otherSeq = e.seq;
    });
    writer->start();
    QTest::qWait(300);
    QCOMPARE(otherSeq.load(), -1); // still waiting for the head lock
    a->rollbackTransaction();
    QVERIFY(writer->wait(10'000));
    delete writer;
    QCOMPARE(otherSeq.load(), 1);

    QVERIFY(a->beginTransaction());
    Event next = event();
    QVERIFY(a->appendEvent(&next));
    QVERIFY(a->commitTransaction());
    QCOMPARE(next.seq, 2);
    QCOMPARE(a->lastSeq(), 2);
    const QList<Event> log = a->eventsAfter(0, 10);
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0).seq, 1);
    QCOMPARE(log.at(1).seq, 2);
    QCOMPARE(log.at(1).data.value(QStringLiteral("text")).toString(), QStringLiteral("hällo"));
}

void TestPostgresStore::savepointRollbackGivesSeqBack()
{
    auto s = open();
    QVERIFY(s);
    QVERIFY(s->beginTransaction());
    QVERIFY(s->savepoint());
    Event kept = event();
    QVERIFY(s->appendEvent(&kept));
    QVERIFY(s->releaseSavepoint());
    QVERIFY(s->savepoint());
    Event dropped = event();
    QVERIFY(s->appendEvent(&dropped));
    QCOMPARE(dropped.seq, 2);
    s->rollbackToSavepoint();
    QVERIFY(s->savepoint());
    Event after = event();
    QVERIFY(s->appendEvent(&after));
    QVERIFY(s->releaseSavepoint());
    QVERIFY(s->commitTransaction());
    QCOMPARE(after.seq, 2);
    QCOMPARE(s->lastSeq(), 2);
    QCOMPARE(s->eventsAfter(0, 10).size(), 2);
}

void TestPostgresStore::commitWithEventsNotifies()
{
    auto s = open();
    QVERIFY(s);
    QSqlDatabase listener = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("listener"));
    const QUrl url(m_url);
    listener.setHostName(url.host());
    listener.setPort(url.port());
    listener.setUserName(url.userName());
    listener.setDatabaseName(url.path().mid(1));
    QVERIFY(listener.open());
    QVERIFY(listener.driver()->subscribeToNotification(QString::fromLatin1(PostgresStore::kNotifyChannel)));
    QSignalSpy spy(listener.driver(), &QSqlDriver::notification);

    // A transaction without events says nothing.
    QVERIFY(s->beginTransaction());
    QVERIFY(s->commitTransaction());
    QVERIFY(s->beginTransaction());
    Event a = event(), b = event();
    QVERIFY(s->appendEvent(&a));
    QVERIFY(s->appendEvent(&b));
    QVERIFY(s->commitTransaction());
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("2")); // the new head
    QTest::qWait(100);
    QCOMPARE(spy.size(), 1);
    listener.close();
    listener = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("listener"));
}

void TestPostgresStore::failedStatementFailsCommit()
{
    auto s = open();
    QVERIFY(s);
    Conversation c;
    c.pageId = QStringLiteral("page-1");
    c.customer.psid = QStringLiteral("psid-1");
    QVERIFY(s->saveConversation(&c));

    QVERIFY(s->beginTransaction());
    Event e = event();
    QVERIFY(s->appendEvent(&e));
    Conversation duplicate = c;
    duplicate.id = 0; // (page, psid) is unique: this insert fails and aborts the transaction
    QVERIFY(!s->saveConversation(&duplicate));
    QVERIFY(!s->commitTransaction());
    QVERIFY(!s->lastError().isEmpty());
    QCOMPARE(s->lastSeq(), 0);
    QCOMPARE(s->eventsAfter(0, 10).size(), 0);
    // And the connection is usable again.
    QVERIFY(s->beginTransaction());
    QVERIFY(s->appendEvent(&e));
    QVERIFY(s->commitTransaction());
    QCOMPARE(e.seq, 1);
}

void TestPostgresStore::reconnectsAfterServerRestart()
{
    auto s = open();
    QVERIFY(s);
    QVERIFY(s->beginTransaction());
    Event e = event();
    QVERIFY(s->appendEvent(&e));
    QVERIFY(s->commitTransaction());

    QVERIFY(m_server.stop());
    QVERIFY(!s->beginTransaction());
    QCOMPARE(s->eventsAfter(0, 10).size(), 0);
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));

    // Tried again at most once a second: within a few seconds it is back, with the data.
    QElapsedTimer timer;
    timer.start();
    bool back = false;
    while (!back && timer.elapsed() < 10'000) {
        back = s->beginTransaction();
        if (!back)
            QTest::qWait(200);
    }
    QVERIFY2(back, qPrintable(s->lastError()));
    Event next = event();
    QVERIFY(s->appendEvent(&next));
    QVERIFY(s->commitTransaction());
    QCOMPARE(next.seq, 2);
    QCOMPARE(s->eventsAfter(0, 10).size(), 2);
}

QTEST_GUILESS_MAIN(TestPostgresStore)
#include "tst_postgresstore.moc"
