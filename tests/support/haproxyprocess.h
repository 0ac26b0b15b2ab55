#pragma once

#include <QList>
#include <QProcess>
#include <QTemporaryDir>

namespace Relaydesk::Test {

// Debian's HAProxy in front of several relays, as docs/deploy-cluster.md sets it
// up: round robin, health checks on /healthz, WebSocket upgrades passed through.
class HaproxyProcess
{
public:
    HaproxyProcess();
    ~HaproxyProcess();

    bool start(const QList<quint16> &relayPorts, QString *error);
    void stop();
    quint16 port() const { return m_port; }
    QString output() const { return QString::fromLocal8Bit(m_output); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

} // namespace Relaydesk::Test
