#include "relayconfig.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Relaydesk::Relay {

namespace {

// Config file keys and their environment variables, in one place.
struct Key { const char *ini; const char *env; };
constexpr Key kListen{"listen", "RELAYDESK_LISTEN"};
constexpr Key kDataDir{"data_dir", "RELAYDESK_DATA_DIR"};
constexpr Key kAppSecret{"app_secret", "RELAYDESK_APP_SECRET"};
constexpr Key kVerifyToken{"verify_token", "RELAYDESK_VERIFY_TOKEN"};
constexpr Key kGraphUrl{"graph_url", "RELAYDESK_GRAPH_URL"};
constexpr Key kGraphVersion{"graph_api_version", "RELAYDESK_GRAPH_API_VERSION"};
constexpr Key kRetention{"event_retention_days", "RELAYDESK_EVENT_RETENTION_DAYS"};
constexpr Key kTlsCert{"tls_certificate", "RELAYDESK_TLS_CERTIFICATE"};
constexpr Key kTlsKey{"tls_private_key", "RELAYDESK_TLS_PRIVATE_KEY"};
constexpr Key kMaxConnections{"max_connections", "RELAYDESK_MAX_CONNECTIONS"};
constexpr Key kBodyMemory{"max_body_memory_bytes", "RELAYDESK_MAX_BODY_MEMORY_BYTES"};
constexpr Key kBodyFiles{"max_body_file_bytes", "RELAYDESK_MAX_BODY_FILE_BYTES"};
constexpr Key kUnauthWs{"max_unauthenticated_websockets", "RELAYDESK_MAX_UNAUTHENTICATED_WEBSOCKETS"};
constexpr Key kUnauthWsPerAddress{"max_unauthenticated_websockets_per_address",
                                  "RELAYDESK_MAX_UNAUTHENTICATED_WEBSOCKETS_PER_ADDRESS"};
constexpr Key kAgentConnections{"max_agent_connections", "RELAYDESK_MAX_AGENT_CONNECTIONS"};
constexpr Key kHeartbeat{"heartbeat_interval_ms", "RELAYDESK_HEARTBEAT_INTERVAL_MS"};
constexpr Key kOutBuffer{"max_outgoing_buffer_bytes", "RELAYDESK_MAX_OUTGOING_BUFFER_BYTES"};
constexpr Key kSendRetry{"send_retry_initial_ms", "RELAYDESK_SEND_RETRY_INITIAL_MS"};
constexpr Key kProfileRetry{"profile_retry_ms", "RELAYDESK_PROFILE_RETRY_MS"};
constexpr Key kMetricsToken{"metrics_token", "RELAYDESK_METRICS_TOKEN"};
constexpr Key kUploadRate{"upload_rate_per_minute", "RELAYDESK_UPLOAD_RATE_PER_MINUTE"};
constexpr Key kUploadAgentQuota{"upload_agent_quota_mib", "RELAYDESK_UPLOAD_AGENT_QUOTA_MIB"};
constexpr Key kUploadTotalQuota{"upload_total_quota_mib", "RELAYDESK_UPLOAD_TOTAL_QUOTA_MIB"};
constexpr Key kUploadRetention{"upload_retention_hours", "RELAYDESK_UPLOAD_RETENTION_HOURS"};
constexpr Key kStore{"store", "RELAYDESK_STORE"};
constexpr Key kLease{"lease_ms", "RELAYDESK_LEASE_MS"};
constexpr Key kStorePasswordFile{"store_password_file", "RELAYDESK_STORE_PASSWORD_FILE"};
constexpr Key kAllKeys[] = {kListen, kDataDir, kStore, kStorePasswordFile, kLease, kAppSecret, kVerifyToken, kGraphUrl, kGraphVersion,
                            kRetention, kTlsCert, kTlsKey, kMaxConnections, kHeartbeat, kOutBuffer,
                            kSendRetry, kProfileRetry, kMetricsToken, kBodyMemory, kBodyFiles,
                            kUploadRate, kUploadAgentQuota, kUploadTotalQuota, kUploadRetention, kUnauthWs,
                            kUnauthWsPerAddress, kAgentConnections};

} // namespace

QString RelayConfig::defaultDataDir()
{
    // systemd's StateDirectory= sets this; otherwise the user's data location.
    const QByteArray state = qgetenv("STATE_DIRECTORY");
    if (!state.isEmpty())
        return QString::fromLocal8Bit(state).section(QLatin1Char(':'), 0, 0);
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QStringLiteral("/relaydesk-relay");
}

bool RelayConfig::setListen(const QString &hostPort, QString *error)
{
    const int colon = hostPort.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon >= 0 ? hostPort.mid(colon + 1).toUInt(&ok) : 0;
    if (colon < 0 || !ok || port > 65535) {
        *error = QStringLiteral("--listen wants HOST:PORT, got \"%1\"").arg(hostPort);
        return false;
    }
    QString host = hostPort.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty() || host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (host == QLatin1String("*"))
        address = QHostAddress::Any;
    else if (!address.setAddress(host)) {
        *error = QStringLiteral("--listen: \"%1\" is not an IP address").arg(host);
        return false;
    }
    listenAddress = address;
    listenPort = quint16(port);
    return true;
}

RelayConfig RelayConfig::load(const QString &configFile, QStringList *warnings)
{
    RelayConfig c;
    c.dataDir = defaultDataDir();
    QSettings file(configFile.isEmpty() ? QString() : configFile, QSettings::IniFormat);
    const bool haveFile = !configFile.isEmpty() && QFileInfo::exists(configFile);
    if (haveFile) {
        const QStringList keys = file.allKeys();
        for (const QString &k : keys) {
            bool known = false;
            for (const Key &key : kAllKeys)
                known = known || k == QLatin1String(key.ini);
            if (!known)
                warnings->append(QStringLiteral("%1: unknown setting \"%2\"").arg(configFile, k));
        }
    }
    auto value = [&](const Key &key) -> QString {
        const QByteArray env = qgetenv(key.env);
        if (!env.isEmpty())
            return QString::fromUtf8(env);
        return haveFile ? file.value(QLatin1String(key.ini)).toString() : QString();
    };
    auto number = [&](const Key &key, auto *target) {
        const QString v = value(key);
        if (v.isEmpty())
            return;
        bool ok = false;
        const qint64 n = v.toLongLong(&ok);
        if (ok && n > 0)
            *target = std::remove_pointer_t<decltype(target)>(n);
        else
            warnings->append(QStringLiteral("%1 must be a positive number").arg(QLatin1String(key.ini)));
    };

    if (const QString v = value(kListen); !v.isEmpty()) {
        QString error;
        if (!c.setListen(v, &error))
            warnings->append(error);
    }
    if (const QString v = value(kDataDir); !v.isEmpty())
        c.dataDir = v;
    if (const QString v = value(kStore); !v.isEmpty())
        c.store = v;
    c.storePasswordFile = value(kStorePasswordFile);
    c.appSecret = value(kAppSecret).toUtf8();
    c.verifyToken = value(kVerifyToken).toUtf8();
    c.metricsToken = value(kMetricsToken).toUtf8();
    if (const QString v = value(kGraphUrl); !v.isEmpty())
        c.graphUrl = QUrl(v);
    if (const QString v = value(kGraphVersion); !v.isEmpty())
        c.graphApiVersion = v;
    c.tlsCertificate = value(kTlsCert);
    c.tlsPrivateKey = value(kTlsKey);
    number(kRetention, &c.eventRetentionDays);
    number(kMaxConnections, &c.maxConnections);
    number(kBodyMemory, &c.maxBodyMemoryBytes);
    number(kBodyFiles, &c.maxBodyFileBytes);
    number(kUnauthWs, &c.maxUnauthenticatedWebSockets);
    number(kUnauthWsPerAddress, &c.maxUnauthenticatedWebSocketsPerAddress);
    number(kAgentConnections, &c.maxAgentConnections);
    number(kHeartbeat, &c.heartbeatIntervalMs);
    number(kOutBuffer, &c.maxOutgoingBufferBytes);
    number(kSendRetry, &c.sendRetryInitialMs);
    number(kProfileRetry, &c.profileRetryMs);
    number(kUploadRate, &c.uploadRatePerMinute);
    number(kUploadAgentQuota, &c.uploadAgentQuotaMiB);
    number(kUploadTotalQuota, &c.uploadTotalQuotaMiB);
    number(kUploadRetention, &c.uploadRetentionHours);
    number(kLease, &c.leaseMs);
    return c;
}

bool RelayConfig::readStorePassword(QByteArray *password, QString *error) const
{
    password->clear();
    if (!storePasswordFile.isEmpty()) {
        QFile f(storePasswordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read store_password_file %1: %2").arg(storePasswordFile, f.errorString());
            return false;
        }
        *password = f.readLine().trimmed();
        return true;
    }
    *password = qgetenv("RELAYDESK_STORE_PASSWORD");
    return true;
}

QStringList RelayConfig::problems() const
{
    QStringList p;
    if (appSecret.isEmpty())
        p << QStringLiteral("no app secret (app_secret or RELAYDESK_APP_SECRET): webhooks cannot be verified");
    if (verifyToken.isEmpty())
        p << QStringLiteral("no verify token (verify_token or RELAYDESK_VERIFY_TOKEN)");
    if (!graphUrl.isValid() || graphUrl.scheme().isEmpty())
        p << QStringLiteral("graph_url is not a valid URL");
    if (tlsCertificate.isEmpty() != tlsPrivateKey.isEmpty())
        p << QStringLiteral("set both tls_certificate and tls_private_key, or neither");
    return p;
}

} // namespace Relaydesk::Relay
