#pragma once

#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

namespace Relaydesk::Test {

// The relaydesk-relay binary (RELAYDESK_RELAY_BIN, set by ctest) as an operator runs
// it, on a temporary data folder: CLI commands, then serve. restart() stops it with
// SIGTERM and serves again on the same port, so clients reconnect to the same URL.
class RelayProcess
{
public:
    static constexpr const char *AppSecret = "process-app-secret";

    RelayProcess();
    ~RelayProcess();

    bool isValid() const { return !m_binary.isEmpty() && m_dir.isValid(); }
    void setGraphUrl(const QUrl &url) { m_graphUrl = url; }
    // An extra RELAYDESK_* setting for the next start() (e.g. a limit).
    void setSetting(const QString &variable, const QString &value) { m_settings.insert(variable, value); }

    // Runs a CLI command (page add, agent add, ...); returns stdout, or a null array on failure.
    QByteArray cli(const QStringList &arguments, const QByteArray &input = {});
    bool addPage(const QString &id, const QString &name);
    QByteArray addAgent(const QString &name); // every page; returns the token

    bool start();    // on a free port the first time, on the same port after
    bool stop();     // SIGTERM; true on a clean exit
    bool restart() { return stop() && start(); }
    void kill();     // SIGKILL: a crash, with no clean shutdown
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 processId() const { return m_process.processId(); }
    // The relay's resident set size now (VmRSS from /proc), in KiB; -1 if unknown.
    qint64 residentKiB() const;

    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    QUrl httpUrl(const QString &path) const;
    QUrl wsUrl() const;
    QByteArray output() const { return m_output; }

private:
    QProcessEnvironment environment() const;

    QString m_binary;
    QTemporaryDir m_dir;
    QUrl m_graphUrl{QStringLiteral("http://127.0.0.1:9")};
    QHash<QString, QString> m_settings;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};

} // namespace Relaydesk::Test
