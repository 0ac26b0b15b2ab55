#include "agentclient.h"
#include "graphstandin.h"
#include "protocol.h"
#include "testfixtures.h"
#include "webhookposter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Relaydesk;
using namespace Relaydesk::Test;

namespace {

const QByteArray kAppSecret = "proc-app-secret-5f2c9a0d";
const QByteArray kVerifyToken = "proc-verify-token-81be44";
const QByteArray kPageToken = "EAAB-proc-page-token-77d1c3";
const QString kPageId = QStringLiteral("104216672283716");

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

int fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QByteArray httpGet(const QUrl &url, int *status)
{
    WebhookPoster client(url, kAppSecret);
    const auto answer = client.get(url);
    *status = answer.status;
    return answer.body;
}

// A text message from the customer with its own mid and timestamp.
QByteArray numberedMessage(int n)
{
    QByteArray body = fixture(QStringLiteral("webhooks/text.json"));
    body.replace("m_AbC1xYz_text_0001", "m_durable_" + QByteArray::number(n));
    body.replace("1732521600000", QByteArray::number(1732521600000LL + n));
    return body;
}

} // namespace

// The relaydesk-relay binary as an operator runs it: its command line, its data
// folder's permissions, serve, crash durability, clean shutdown, and logs that
// never carry a secret.
class TestRelayProcess : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cliPagesAndAgents();
    void dataFolderOwnerOnly();
    void serveAnswersHealthz();
    void serveWithoutAppSecretFails();
    void answeredWebhooksSurviveKill();
    void sigtermClosesAgentsAndExitsZero();
    void sigtermRightAfterReady();
    void secretsNeverLogged();

private:
    QProcessEnvironment environment(bool withSecrets = true) const;
    CliResult cli(const QStringList &arguments, const QByteArray &input = {});
    bool startServe(QProcess &process, const QProcessEnvironment &env);
    QUrl url(const QString &path) const;

    QString m_binary;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    quint16 m_port = 0;
    QUrl m_graphUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
};

void TestRelayProcess::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_binary = qEnvironmentVariable("RELAYDESK_RELAY_BIN");
    QVERIFY2(!m_binary.isEmpty(), "RELAYDESK_RELAY_BIN is not set (run through ctest)");
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
}

void TestRelayProcess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_dataDir = m_dir->path() + QStringLiteral("/state/relay");
    m_port = 0;
    m_graphUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
}

void TestRelayProcess::cleanup() { m_dir.reset(); }

QProcessEnvironment TestRelayProcess::environment(bool withSecrets) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        if (key.startsWith(QLatin1String("RELAYDESK_")) || key == QLatin1String("QT_LOGGING_RULES"))
            env.remove(key);
    env.insert(QStringLiteral("HOME"), m_dir->path() + QStringLiteral("/home"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->path() + QStringLiteral("/home/.local/share"));
    if (withSecrets) {
        env.insert(QStringLiteral("RELAYDESK_APP_SECRET"), QString::fromLatin1(kAppSecret));
        env.insert(QStringLiteral("RELAYDESK_VERIFY_TOKEN"), QString::fromLatin1(kVerifyToken));
    }
    env.insert(QStringLiteral("RELAYDESK_GRAPH_URL"), m_graphUrl.toString());
    return env;
}

CliResult TestRelayProcess::cli(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(m_binary, arguments + QStringList{QStringLiteral("--data-dir"), m_dataDir});
    CliResult result;
    if (!process.waitForStarted(10'000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

bool TestRelayProcess::startServe(QProcess &process, const QProcessEnvironment &env)
{
    const QString portFile = m_dir->path() + QStringLiteral("/port");
    QFile::remove(portFile);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--port-file"), portFile, QStringLiteral("--data-dir"), m_dataDir});
    if (!process.waitForStarted(10'000))
        return false;
    m_port = 0;
    QTest::qWaitFor([&] {
        QFile f(portFile);
        if (process.state() == QProcess::NotRunning || !f.open(QIODevice::ReadOnly))
            return process.state() == QProcess::NotRunning;
        m_port = quint16(f.readAll().trimmed().toUInt());
        return m_port != 0;
    }, 10'000);
    return m_port != 0;
}

QUrl TestRelayProcess::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void TestRelayProcess::cliPagesAndAgents()
{
    CliResult r = cli({QStringLiteral("page"), QStringLiteral("add"), kPageId, QStringLiteral("--name"),
                       QStringLiteral("Shop")}, kPageToken + '\n');
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(kPageToken) && !r.err.contains(kPageToken));

    r = cli({QStringLiteral("page"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("104216672283716\tShop\ttoken set\n"));
    QVERIFY(!r.err.contains(kPageToken));

    r = cli({QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--pages"),
             QStringLiteral("*")});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.size(), 2); // one line, then the end
    QVERIFY(lines.at(1).isEmpty());
    const QByteArray token = lines.at(0);
    QVERIFY2(token.startsWith("rdk_") && token.size() > 20, token.constData());
    QVERIFY(!r.err.contains(token));
    QVERIFY(r.err.contains("alice"));

    r = cli({QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--pages"),
             QStringLiteral("*")});
    QCOMPARE(r.exitCode, 1); // the name is taken
    QVERIFY(r.out.isEmpty());

    r = cli({QStringLiteral("agent"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("1\talice\t*\tactive\n"));
    QVERIFY(!r.out.contains(token));

    r = cli({QStringLiteral("agent"), QStringLiteral("revoke"), QStringLiteral("alice")});
    QCOMPARE(r.exitCode, 0);
    r = cli({QStringLiteral("agent"), QStringLiteral("list")});
    QCOMPARE(r.out, QByteArray("1\talice\t*\trevoked\n"));
    r = cli({QStringLiteral("agent"), QStringLiteral("revoke"), QStringLiteral("alice")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already revoked"), r.err.constData());
    r = cli({QStringLiteral("agent"), QStringLiteral("revoke"), QStringLiteral("bob")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no agent named"), r.err.constData());

    r = cli({QStringLiteral("frobnicate")});
    QVERIFY(r.exitCode != 0 && r.exitCode != -1);
    QVERIFY2(r.err.contains("unknown command \"frobnicate\""), r.err.constData());
    r = cli({QStringLiteral("page"), QStringLiteral("add"), QStringLiteral("123")}, {}); // no token anywhere
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no Page access token"), r.err.constData());
}

void TestRelayProcess::dataFolderOwnerOnly()
{
    QVERIFY(!QFile::exists(m_dataDir));
    QCOMPARE(cli({QStringLiteral("page"), QStringLiteral("add"), kPageId}, kPageToken + '\n').exitCode, 0);
    QCOMPARE(fileMode(m_dataDir), 0700);
    QCOMPARE(fileMode(m_dataDir + QStringLiteral("/relaydesk.sqlite")), 0600);
    for (const char *side : {"/relaydesk.sqlite-wal", "/relaydesk.sqlite-shm"})
        if (QFile::exists(m_dataDir + QLatin1String(side)))
            QCOMPARE(fileMode(m_dataDir + QLatin1String(side)), 0600);
}

void TestRelayProcess::serveAnswersHealthz()
{
    QProcess relay;
    QVERIFY(startServe(relay, environment()));
    int status = 0;
    const QJsonObject health = QJsonDocument::fromJson(httpGet(url(QStringLiteral("/healthz")), &status)).object();
    QCOMPARE(status, 200);
    QCOMPARE(health.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.value(QStringLiteral("seq")).toInteger(-1), 0);
    relay.terminate();
    QVERIFY(relay.waitForFinished(10'000));
    QCOMPARE(relay.exitCode(), 0);
}

void TestRelayProcess::serveWithoutAppSecretFails()
{
    QProcessEnvironment env = environment(false);
    env.insert(QStringLiteral("RELAYDESK_VERIFY_TOKEN"), QString::fromLatin1(kVerifyToken));
    QProcess relay;
    QVERIFY(!startServe(relay, env));
    QVERIFY(relay.state() == QProcess::NotRunning || relay.waitForFinished(10'000));
    QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
    QVERIFY(relay.exitCode() != 0);
    const QByteArray output = relay.readAll();
    QVERIFY2(output.contains("no app secret"), output.constData());
    QVERIFY(!QFile::exists(m_dir->path() + QStringLiteral("/port")));
}

void TestRelayProcess::answeredWebhooksSurviveKill()
{
    const CliResult added = cli({QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("alice"),
                                 QStringLiteral("--pages"), QStringLiteral("*")});
    QCOMPARE(added.exitCode, 0);
    const QByteArray token = added.out.trimmed();

    constexpr int N = 200;
    {
        QProcess relay;
        QVERIFY(startServe(relay, environment()));
        WebhookPoster poster(url(QStringLiteral("/webhook")), kAppSecret);
        for (int i = 1; i <= N; ++i) {
            const auto answer = poster.post(numberedMessage(i));
            QVERIFY2(answer.status == 200, qPrintable(QStringLiteral("webhook %1 answered %2").arg(i).arg(answer.status)));
        }
        relay.kill(); // SIGKILL right after the last 200: no shutdown, no flush
        QVERIFY(relay.waitForFinished(10'000));
        QCOMPARE(relay.exitStatus(), QProcess::CrashExit);
    }

    QProcess relay;
    QVERIFY(startServe(relay, environment()));
    AgentClient agent;
    QUrl ws = url(QStringLiteral("/ws"));
    ws.setScheme(QStringLiteral("ws"));
    agent.connectTo(ws, token, 0);
    QTRY_VERIFY_WITH_TIMEOUT(agent.hasFrame(QStringLiteral("replay_done")), 20'000);
    QSet<QString> mids;
    int created = 0;
    for (const Event &e : agent.events()) {
        if (e.kind == Protocol::EventKind::MessageCreated) {
            ++created;
            mids.insert(e.message().mid);
        }
    }
    QCOMPARE(created, N);
    QCOMPARE(mids.size(), N);
    QVERIFY(mids.contains(QStringLiteral("m_durable_1")) && mids.contains(QStringLiteral("m_durable_200")));

    // The log has no gap, and /healthz reports its head.
    const QList<qint64> seqs = agent.eventSeqs();
    for (qsizetype i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs[i], i + 1);
    int status = 0;
    const QJsonObject health = QJsonDocument::fromJson(httpGet(url(QStringLiteral("/healthz")), &status)).object();
    QCOMPARE(status, 200);
    QCOMPARE(health.value(QStringLiteral("seq")).toInteger(), agent.lastSeq());
    QCOMPARE(agent.framesOfType(QStringLiteral("replay_done")).first().value(QStringLiteral("head")).toInteger(),
             agent.lastSeq());
    QCOMPARE(agent.lastSeq(), 2 * N); // message.created + conversation.updated each
    relay.terminate();
    QVERIFY(relay.waitForFinished(10'000));
}

void TestRelayProcess::sigtermClosesAgentsAndExitsZero()
{
    const CliResult added = cli({QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("alice"),
                                 QStringLiteral("--pages"), QStringLiteral("*")});
    QCOMPARE(added.exitCode, 0);
    QProcess relay;
    QVERIFY(startServe(relay, environment()));
    AgentClient agent;
    QUrl ws = url(QStringLiteral("/ws"));
    ws.setScheme(QStringLiteral("ws"));
    agent.connectTo(ws, added.out.trimmed(), 0);
    QTRY_VERIFY(agent.hasFrame(QStringLiteral("replay_done")));

    relay.terminate();
    QTRY_VERIFY_WITH_TIMEOUT(agent.wasClosed(), 10'000);
    QCOMPARE(agent.closeCode(), Protocol::CloseCode::GoingAway);
    QVERIFY(relay.waitForFinished(10'000));
    QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
    QCOMPARE(relay.exitCode(), 0);
}

// The port file says "ready": a supervisor may stop the relay the moment it appears.
void TestRelayProcess::sigtermRightAfterReady()
{
    for (int i = 0; i < 3; ++i) {
        QProcess relay;
        QVERIFY(startServe(relay, environment()));
        relay.terminate();
        QVERIFY(relay.waitForFinished(10'000));
        QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
        QCOMPARE(relay.exitCode(), 0);
    }
}

void TestRelayProcess::secretsNeverLogged()
{
    GraphStandIn graph;
    QVERIFY(graph.listen());
    m_graphUrl = graph.baseUrl();
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("relaydesk.*=true")); // debug too

    QByteArray logs;
    CliResult r = cli({QStringLiteral("page"), QStringLiteral("add"), kPageId, QStringLiteral("--name"),
                       QStringLiteral("Shop")}, kPageToken + '\n');
    QCOMPARE(r.exitCode, 0);
    logs += r.out + r.err;

    QProcess relay;
    QVERIFY(startServe(relay, env));
    r = cli({QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--pages"),
             QStringLiteral("*")});
    QCOMPARE(r.exitCode, 0);
    const QByteArray agentToken = r.out.trimmed(); // stdout is where the token belongs, once
    logs += r.err;

    int status = 0;
    QUrl verify = url(QStringLiteral("/webhook"));
    verify.setQuery(QStringLiteral("hub.mode=subscribe&hub.verify_token=%1&hub.challenge=4242")
                        .arg(QString::fromLatin1(kVerifyToken)));
    QCOMPARE(httpGet(verify, &status), QByteArray("4242"));
    QCOMPARE(status, 200);
    verify.setQuery(QStringLiteral("hub.mode=subscribe&hub.verify_token=wrong-%1&hub.challenge=4242")
                        .arg(QString::fromLatin1(kVerifyToken)));
    httpGet(verify, &status);
    QCOMPARE(status, 403);

    WebhookPoster poster(url(QStringLiteral("/webhook")), kAppSecret);
    QByteArray recent = fixture(QStringLiteral("webhooks/text.json"));
    recent.replace("1732521600000", QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 60'000));
    QCOMPARE(poster.post(recent).status, 200);
    QCOMPARE(poster.post(fixture(QStringLiteral("webhooks/unicode.json"))).status, 200);
    QCOMPARE(poster.postWithSignature(recent, "sha256=" + QByteArray(64, 'a')).status, 403);
    WebhookPoster wrongSecret(url(QStringLiteral("/webhook")), kAppSecret + "x");
    QCOMPARE(wrongSecret.post(recent).status, 403);

    QUrl ws = url(QStringLiteral("/ws"));
    ws.setScheme(QStringLiteral("ws"));
    AgentClient byHeader;
    byHeader.connectTo(ws, agentToken, 0);
    AgentClient byHello;
    byHello.connectTo(ws, agentToken, 0, AgentClient::TokenIn::Hello);
    const QByteArray guessed = "rdk_guessed-token-0123456789abcdef";
    AgentClient intruder;
    intruder.connectTo(ws, guessed, 0);
    QTRY_VERIFY(byHeader.hasFrame(QStringLiteral("replay_done")) && byHello.hasFrame(QStringLiteral("replay_done")));
    QTRY_VERIFY(intruder.wasClosed());
    // The profile look-up and a reply both use the Page token against the Graph API.
    QTRY_COMPARE(graph.profileLookups().size(), 2); // both customers
    const QString id = byHeader.command(QString(Protocol::ClientFrame::SendMessage),
                                        {{QStringLiteral("conversation_id"), byHeader.events().first().conversationId},
                                         {QStringLiteral("client_id"), QStringLiteral("log-check")},
                                         {QStringLiteral("text"), QStringLiteral("On its way.")}});
    QTRY_COMPARE(graph.sends().size(), 1);
    QCOMPARE(graph.sends().first().authorization, "Bearer " + kPageToken);
    QTRY_VERIFY(!byHeader.answerTo(id).isEmpty());

    relay.terminate();
    QVERIFY(relay.waitForFinished(10'000));
    logs += relay.readAll();
    QVERIFY2(logs.contains("POST /webhook"), "the relay's log was not captured");
    QVERIFY2(logs.contains("connected"), "the agents' connections were not logged");
    const QList<QByteArray> secrets{kAppSecret, kVerifyToken, kPageToken, agentToken, guessed};
    for (const QByteArray &secret : secrets) {
        QVERIFY(!secret.isEmpty());
        QVERIFY2(!logs.contains(secret), qPrintable(QStringLiteral("a secret is in the log:\n") + QString::fromUtf8(logs)));
    }
}

QTEST_GUILESS_MAIN(TestRelayProcess)
#include "tst_relayprocess.moc"
