#include "systemundertest.h"

#include <QDir>
#include <QFile>

namespace Relaydesk::Bench {

namespace {
QProcessEnvironment serverEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RELAYDESK_APP_SECRET"), QString::fromLatin1(benchAppSecret()));
    env.insert(QStringLiteral("RELAYDESK_VERIFY_TOKEN"), QStringLiteral("bench-verify-token"));
    return env;
}

void stopProcess(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished(2'000);
    }
}

// Starts a program that writes the port it listens on to portFile, and reads that
// port; 0, with the reason in error, when it did not get that far in timeoutMs.
quint16 startListening(QProcess &process, const QString &program, const QStringList &args,
                       const QProcessEnvironment &env, const QString &portFile, const QString &log, int timeoutMs,
                       QString *error)
{
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(log);
    process.setStandardErrorFile(log, QIODevice::Append);
    process.start(program, args);
    quint16 port = 0;
    if (process.waitForStarted() && waitForFile(portFile, timeoutMs)) {
        QFile file(portFile);
        file.open(QIODevice::ReadOnly);
        port = quint16(file.readAll().trimmed().toUInt());
    }
    if (port == 0)
        *error = QStringLiteral("%1 did not start listening (log: %2)").arg(program, log);
    return port;
}

bool writePrivateFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(content) == content.size();
}
} // namespace

SystemUnderTest::~SystemUnderTest() { stopProcess(m_server); }

void SystemUnderTest::stop() { stopProcess(m_server); }

bool SystemUnderTest::startServer(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                                  const QString &portFile, const QString &log, QString *error)
{
    m_port = startListening(m_server, program, args, env, portFile, log, 30'000, error);
    if (m_port == 0)
        stop();
    return m_port != 0;
}

bool RelayUnderTest::start(const QString &dir, QString *error)
{
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    const QString data = dir + QStringLiteral("/data");
    QProcessEnvironment env = serverEnvironment();
    // Room for the "most agents" step; the default (2048) protects a small VPS.
    env.insert(QStringLiteral("RELAYDESK_MAX_CONNECTIONS"), QStringLiteral("60000"));
    // And for the agents' sockets, which all come from loopback, many handshakes at once.
    env.insert(QStringLiteral("RELAYDESK_MAX_AGENT_CONNECTIONS"), QStringLiteral("60000"));
    env.insert(QStringLiteral("RELAYDESK_MAX_UNAUTHENTICATED_WEBSOCKETS"), QStringLiteral("60000"));
    env.insert(QStringLiteral("RELAYDESK_MAX_UNAUTHENTICATED_WEBSOCKETS_PER_ADDRESS"), QStringLiteral("60000"));
    const QStringList pages = benchPageIds();
    for (int i = 0; i < pages.size(); ++i) {
        runToCompletion(m_tools.relay, {QStringLiteral("page"), QStringLiteral("add"), pages[i], QStringLiteral("--name"),
                                        QStringLiteral("Bench Page %1").arg(i + 1), QStringLiteral("--data-dir"), data},
                        env, "bench-page-token\n", error);
        if (!error->isEmpty())
            return false;
    }
    const QByteArray token = runToCompletion(m_tools.relay, {QStringLiteral("agent"), QStringLiteral("add"),
                                                             QStringLiteral("bench"), QStringLiteral("--pages"),
                                                             QStringLiteral("*"), QStringLiteral("--data-dir"), data},
                                             env, {}, error).trimmed();
    if (!error->isEmpty())
        return false;
    m_tokenFile = dir + QStringLiteral("/agent-token");
    writePrivateFile(m_tokenFile, token);

    // The relay asks the Graph API for each new customer's profile: the simulator answers.
    const QString graphPortFile = dir + QStringLiteral("/graph-port");
    const quint16 graphPort = startListening(
        m_graph, m_tools.simulator,
        {QStringLiteral("--port-file"), graphPortFile, QStringLiteral("--pages"), pages.join(QLatin1Char(','))}, env,
        graphPortFile, dir + QStringLiteral("/graph.log"), 15'000, error);
    if (graphPort == 0)
        return false;
    env.insert(QStringLiteral("RELAYDESK_GRAPH_URL"), QStringLiteral("http://127.0.0.1:%1").arg(graphPort));
    return startServer(m_tools.relay, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                       QStringLiteral("--data-dir"), data, QStringLiteral("--port-file"),
                                       dir + QStringLiteral("/port")},
                       env, dir + QStringLiteral("/port"), dir + QStringLiteral("/relay.log"), error);
}

void RelayUnderTest::stop()
{
    SystemUnderTest::stop();
    stopProcess(m_graph);
}

bool PeerUnderTest::start(const QString &dir, QString *error)
{
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    if (!QFile::exists(m_tools.peerDir + QStringLiteral("/node_modules"))) {
        *error = QStringLiteral("%1 has no node_modules: run scripts/setup.sh (npm ci)").arg(m_tools.peerDir);
        return false;
    }
    const QByteArray token = "bench-peer-agent-token";
    m_tokenFile = dir + QStringLiteral("/agent-token");
    writePrivateFile(m_tokenFile, token);
    QProcessEnvironment env = serverEnvironment();
    env.insert(QStringLiteral("RELAYDESK_AGENT_TOKEN"), QString::fromLatin1(token));
    env.insert(QStringLiteral("NODE_ENV"), QStringLiteral("production"));
    m_server.setWorkingDirectory(m_tools.peerDir);
    return startServer(m_tools.node, {m_tools.peerDir + QStringLiteral("/server.js"), QStringLiteral("--port"),
                                      QStringLiteral("0"), QStringLiteral("--port-file"), dir + QStringLiteral("/port")},
                       env, dir + QStringLiteral("/port"), dir + QStringLiteral("/peer.log"), error);
}

} // namespace Relaydesk::Bench
