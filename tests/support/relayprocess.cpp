#include "relayprocess.h"

#include <QFile>
#include <QTest>

namespace Relaydesk::Test {

RelayProcess::RelayProcess()
    : m_binary(qEnvironmentVariable("RELAYDESK_RELAY_BIN"))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyRead, [this] { m_output += m_process.readAll(); });
}

RelayProcess::~RelayProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QProcessEnvironment RelayProcess::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys)
        if (key.startsWith(QLatin1String("RELAYDESK_")))
            env.remove(key);
    env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("RELAYDESK_APP_SECRET"), QString::fromLatin1(AppSecret));
    env.insert(QStringLiteral("RELAYDESK_VERIFY_TOKEN"), QStringLiteral("process-verify-token"));
    env.insert(QStringLiteral("RELAYDESK_GRAPH_URL"), m_graphUrl.toString());
    for (auto it = m_settings.cbegin(); it != m_settings.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

QByteArray RelayProcess::cli(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(m_binary, arguments + QStringList{QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))});
    if (!process.waitForStarted(10'000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning().noquote() << "relay CLI failed:" << arguments.value(0) << arguments.value(1) << process.readAllStandardError();
        return {};
    }
    const QByteArray out = process.readAllStandardOutput();
    return out.isNull() ? QByteArray("") : out;
}

bool RelayProcess::addPage(const QString &id, const QString &name)
{
    return !cli({QStringLiteral("page"), QStringLiteral("add"), id, QStringLiteral("--name"), name}, "page-token\n").isNull();
}

QByteArray RelayProcess::addAgent(const QString &name)
{
    return cli({QStringLiteral("agent"), QStringLiteral("add"), name, QStringLiteral("--pages"), QStringLiteral("*")}).trimmed();
}

bool RelayProcess::start()
{
    const QString portFile = m_dir.filePath(QStringLiteral("port"));
    QFile::remove(portFile);
    m_process.setProcessEnvironment(environment());
    m_process.start(m_binary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                               QStringLiteral("--port-file"), portFile, QStringLiteral("--data-dir"),
                               m_dir.filePath(QStringLiteral("data"))});
    if (!m_process.waitForStarted(10'000))
        return false;
    quint16 port = 0;
    QTest::qWaitFor([&] {
        QFile f(portFile);
        if (!isRunning())
            return true;
        if (f.open(QIODevice::ReadOnly))
            port = quint16(f.readAll().trimmed().toUInt());
        return port != 0;
    }, 10'000);
    if (port == 0) {
        qWarning().noquote() << "relay did not start:" << m_output;
        return false;
    }
    m_port = port;
    return true;
}

bool RelayProcess::stop()
{
    if (!isRunning())
        return true;
    m_process.terminate();
    if (!m_process.waitForFinished(15'000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

qint64 RelayProcess::residentKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(processId()));
    if (!isRunning() || !status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

void RelayProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

QUrl RelayProcess::httpUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

QUrl RelayProcess::wsUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port));
}

} // namespace Relaydesk::Test
