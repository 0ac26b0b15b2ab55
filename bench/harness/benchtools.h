#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Relaydesk::Bench {

// Where the programs the harness runs are, and the folder it may fill.
struct BenchTools
{
    QString relay;      // relaydesk-relay
    QString simulator;  // relaydesk-simulator (the relay's Graph API: profile look-ups)
    QString agents;     // relaydesk-bench-agents
    QString loadgen;    // relaydesk-bench-loadgen
    QString appBench;   // relaydesk-bench-app (may be empty)
    QString node;       // node
    QString peerDir;    // bench/peers/express-socketio
    QString workDir;
};

// The benchmark's Page ids and secret: not real, never Meta's.
inline QStringList benchPageIds() { return {QStringLiteral("104216672283716"), QStringLiteral("104216672283999")}; }
inline QByteArray benchAppSecret() { return QByteArrayLiteral("bench-app-secret"); }

// Runs a program to completion and returns its stdout, or an empty string and
// `error` set when it failed.
QByteArray runToCompletion(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                           const QByteArray &input, QString *error, int timeoutMs = 60'000);
// One value of the relay's GET /metrics (Prometheus text), or -1.
double fetchMetric(quint16 port, const QByteArray &name);
// Waits until `path` exists with content; false after timeoutMs.
bool waitForFile(const QString &path, int timeoutMs);

} // namespace Relaydesk::Bench
