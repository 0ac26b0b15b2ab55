// relaydesk-bench-agents: N simulated agents in one process, for either system.
// The harness starts several of these, waits for "ready", then drives them over
// stdin: "reset" clears the counters, "report" prints one JSON line, "quit" ends.
#include "agentpool.h"
#include "relayagentconnection.h"
#include "socketioagentconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

using namespace Relaydesk::Bench;

namespace {
void printLine(const QByteArray &line)
{
    fwrite(line.constData(), 1, size_t(line.size()), stdout);
    fputc('\n', stdout);
    fflush(stdout);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Simulated agents for the Relaydesk benchmarks."));
    parser.addHelpOption();
    const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("relay or socketio."), QStringLiteral("NAME"), QStringLiteral("relay"));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("ws://HOST:PORT/ws (relay) or http://HOST:PORT (socketio)."), QStringLiteral("URL"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"), QStringLiteral("File with the agent token (kept out of argv)."), QStringLiteral("FILE"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Agents in this process."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("Page ids an agent watches (socketio auth)."), QStringLiteral("ID,ID"));
    const QCommandLineOption since(QStringLiteral("since"), QStringLiteral("Relay: catch up from this seq (default: live only)."), QStringLiteral("SEQ"), QStringLiteral("-1"));
    const QCommandLineOption slow(QStringLiteral("slow"), QStringLiteral("Relay: agents that sign in and then never read."));
    const QCommandLineOption maxConnecting(QStringLiteral("max-connecting"), QStringLiteral("Handshakes in flight at once."), QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption allAtOnce(QStringLiteral("all-at-once"), QStringLiteral("Relay: --max-connecting bounds only the upgrades in flight, so every agent catches up at the same time (mass reconnect)."));
    parser.addOptions({system, url, tokenFile, connections, pages, since, slow, maxConnecting, allAtOnce});
    parser.process(app);

    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly)) {
        qCritical("cannot read the token file");
        return 2;
    }
    const QByteArray token = file.readAll().trimmed();
    const QUrl target(parser.value(url));
    const bool isRelay = parser.value(system) == QLatin1String("relay");
    const bool isSlow = parser.isSet(slow);
    const qint64 sinceSeq = parser.value(since).toLongLong();
    QJsonArray pageIds;
    for (const QString &id : parser.value(pages).split(QLatin1Char(','), Qt::SkipEmptyParts))
        pageIds.append(id);
    if (!isRelay && parser.value(system) != QLatin1String("socketio")) {
        qCritical("unknown --system");
        return 2;
    }

    AgentPool pool(
        [&](int index, QObject *parent) -> AgentConnection * {
            if (!isRelay)
                return new SocketIoAgentConnection(
                    target,
                    QJsonObject{{QStringLiteral("token"), QString::fromUtf8(token)},
                                {QStringLiteral("agent"), index % 10}, {QStringLiteral("pages"), pageIds}},
                    parent);
            return new RelayAgentConnection(target, token, sinceSeq, isSlow, parent);
        },
        parser.value(connections).toInt(), parser.value(maxConnecting).toInt(), parser.isSet(allAtOnce));
    QObject::connect(&pool, &AgentPool::settled, [](int ready, int failed) {
        printLine("ready " + QByteArray::number(ready) + ' ' + QByteArray::number(failed));
    });

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) { // the harness went away
            pool.stop();
            QCoreApplication::exit(0);
            return;
        }
        pending.append(buffer, n);
        qsizetype eol;
        while ((eol = pending.indexOf('\n')) >= 0) {
            const QByteArray command = pending.left(eol).trimmed();
            pending.remove(0, eol + 1);
            if (command == "reset")
                pool.resetStats();
            else if (command == "report")
                printLine(QJsonDocument(pool.report()).toJson(QJsonDocument::Compact));
            else if (command == "quit") {
                pool.stop();
                QCoreApplication::exit(0);
            }
        }
    });
    pool.start();
    return app.exec();
}
