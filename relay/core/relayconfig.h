#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace Relaydesk::Relay {

// Everything an operator configures. Read from an INI file, then overridden by
// the environment (RELAYDESK_*), then by command-line options.
struct RelayConfig
{
    QHostAddress listenAddress = QHostAddress::LocalHost; // loopback unless told otherwise
    quint16 listenPort = 8443;
    QString dataDir;
    // "sqlite" (the default: relaydesk.sqlite in dataDir) or postgresql://user@host:port/db.
    QString store = QStringLiteral("sqlite");
    QString storePasswordFile;   // the PostgreSQL password, never on a command line or in the URL
    QByteArray appSecret;        // secret: never logged
    QByteArray verifyToken;      // secret: never logged
    QByteArray metricsToken;     // secret: never logged. Empty: /metrics for loopback only
    QUrl graphUrl = QUrl(QStringLiteral("https://graph.facebook.com"));
    QString graphApiVersion = QStringLiteral("v21.0");
    int eventRetentionDays = 30;
    QString tlsCertificate;      // PEM paths; both set: the relay terminates TLS itself
    QString tlsPrivateKey;
    int maxConnections = 2048;
    // Request bodies held at once across all connections: in memory (webhooks),
    // and in temporary files under <data_dir>/incoming (uploads). Over either: 503.
    qint64 maxBodyMemoryBytes = 64 * 1024 * 1024;
    qint64 maxBodyFileBytes = 1024LL * 1024 * 1024;
    // Agents' WebSockets, which leave max_connections once upgraded: those not yet
    // authenticated (in all, and from one address), and authenticated ones.
    int maxUnauthenticatedWebSockets = 256;
    int maxUnauthenticatedWebSocketsPerAddress = 32;
    int maxAgentConnections = 2048;
    qint64 maxOutgoingBufferBytes = 8 * 1024 * 1024; // per agent socket, then "too slow"
    int heartbeatIntervalMs = 30'000;
    int authTimeoutMs = 5'000;
    int commandsPerSecond = 20;
    int commandBurst = 60;
    int sendRetryInitialMs = 1'000;
    int sendMaxAttempts = 6;
    int profileRetryMs = 10 * 60 * 1000;
    int headTimeoutMs = 10'000;
    int idleTimeoutMs = 30'000;
    // Agents' uploads: a rate per agent, bytes held per agent and in all (until sent
    // or swept), and how long an unsent upload is kept.
    int uploadRatePerMinute = 30;
    int uploadAgentQuotaMiB = 200;
    int uploadTotalQuotaMiB = 2048;
    int uploadRetentionHours = 24;
    // Work one relay of a cluster does at a time (a reply's send, …) is leased for this
    // long and renewed meanwhile; a relay that dies leaves it to another after this.
    int leaseMs = 30'000;
    QString instanceId;          // this run of this relay (set at start: host and a random part)

    // Reads the file (if it exists) and the environment. Unknown keys are reported in *warnings.
    static RelayConfig load(const QString &configFile, QStringList *warnings);
    // Parses "HOST:PORT", "[v6]:PORT" or ":PORT".
    bool setListen(const QString &hostPort, QString *error);
    // The store's password: the file's first line, or RELAYDESK_STORE_PASSWORD; empty for none.
    bool readStorePassword(QByteArray *password, QString *error) const;
    // What is missing to serve webhooks (empty when ready).
    QStringList problems() const;
    static QString defaultDataDir();
};

} // namespace Relaydesk::Relay
