#include "haproxyprocess.h"

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace Relaydesk::Test {

HaproxyProcess::HaproxyProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyRead, [this] { m_output += m_process.readAll(); });
}

HaproxyProcess::~HaproxyProcess() { stop(); }

bool HaproxyProcess::start(const QList<quint16> &relayPorts, QString *error)
{
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
    }
    // The same shape as docs/deploy-cluster.md, minus TLS, with short check intervals.
    QByteArray config = "global\n    maxconn 4096\n"
                        "defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n"
                        "    timeout server 60s\n    timeout tunnel 1h\n    timeout http-request 10s\n"
                        "frontend relays\n    bind 127.0.0.1:" + QByteArray::number(m_port) + "\n"
                        "    default_backend relays\n"
                        "backend relays\n    balance roundrobin\n    option httpchk GET /healthz\n"
                        "    http-check expect status 200\n    option redispatch\n    retries 2\n";
    for (qsizetype i = 0; i < relayPorts.size(); ++i)
        config += "    server relay" + QByteArray::number(i + 1) + " 127.0.0.1:" + QByteArray::number(relayPorts[i])
                  + " check inter 500ms fall 2 rise 1\n";
    const QString path = m_dir.filePath(QStringLiteral("haproxy.cfg"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(config) != config.size()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    f.close();
    const QString binary = QStringLiteral("/usr/sbin/haproxy");
    if (!QFile::exists(binary)) {
        *error = QStringLiteral("HAProxy is not installed (%1); scripts/setup.sh installs it").arg(binary);
        return false;
    }
    m_process.start(binary, {QStringLiteral("-db"), QStringLiteral("-f"), path});
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("haproxy did not start");
        return false;
    }
    const bool up = QTest::qWaitFor([this] {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        return s.waitForConnected(200) || m_process.state() != QProcess::Running;
    }, 10'000);
    if (!up || m_process.state() != QProcess::Running) {
        *error = QStringLiteral("haproxy is not listening: %1").arg(output());
        return false;
    }
    return true;
}

void HaproxyProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
    m_process.waitForFinished(2000);
}

} // namespace Relaydesk::Test
