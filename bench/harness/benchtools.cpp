#include "benchtools.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
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
