#include "benchtools.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>

namespace Relaydesk::Bench {

QByteArray runToCompletion(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                           const QByteArray &input, QString *error, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    if (!process.waitForStarted()) {
        *error = QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
        return {};
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed: %3").arg(program, args.value(0),
                                                         QString::fromUtf8(process.readAllStandardError()).trimmed());
        process.kill();
        return {};
    }
    return process.readAllStandardOutput();
}

double fetchMetric(quint16 port, const QByteArray &name)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return -1;
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5000))
        response += socket.readAll();
    response += socket.readAll();
    for (const QByteArray &line : response.split('\n'))
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).trimmed().toDouble();
    return -1;
}

bool waitForFile(const QString &path, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (QFileInfo(path).size() > 0)
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace Relaydesk::Bench
