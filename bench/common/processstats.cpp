#include "processstats.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <unistd.h>

namespace Relaydesk::Bench {

namespace {
QByteArray readProc(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: readAll reads to EOF
}

qint64 statusKb(const QByteArray &status, const QByteArray &key)
{
    const qsizetype at = status.indexOf('\n' + key + ':');
    if (at < 0)
        return 0;
    const qsizetype end = status.indexOf('\n', at + 1);
    const QByteArray line = status.mid(at + key.size() + 2, end - at - key.size() - 2).trimmed();
    return line.split(' ').value(0).toLongLong();
}
} // namespace

ProcessSample sampleProcess(qint64 pid)
{
    ProcessSample sample;
    const QByteArray stat = readProc(pid, "stat");
    const QByteArray status = readProc(pid, "status");
    // The command name in (…) may contain spaces: count fields after the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0 || status.isEmpty())
        return sample;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // After ')': state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12.
    if (fields.size() < 13)
        return sample;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    sample.cpuSeconds = double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / ticks;
    sample.rssBytes = statusKb(status, "VmRSS") * 1024;
    sample.peakRssBytes = statusKb(status, "VmHWM") * 1024;
    sample.valid = true;
    return sample;
}

ProcessSample sampleSelf() { return sampleProcess(getpid()); }

} // namespace Relaydesk::Bench

namespace Relaydesk::Bench {

MachineSample sampleMachine()
{
    QFile file(QStringLiteral("/proc/stat"));
    MachineSample sample;
    if (!file.open(QIODevice::ReadOnly))
        return sample;
    const QList<QByteArray> fields = file.readLine().simplified().split(' '); // "cpu user nice system idle iowait …"
    for (int i = 1; i < fields.size() && i <= 8; ++i) { // guest time is already in user
        const qint64 v = fields[i].toLongLong();
        sample.totalTicks += v;
        if (i != 4 && i != 5)
            sample.busyTicks += v;
    }
    return sample;
}

double busyFraction(const MachineSample &from, const MachineSample &to)
{
    const qint64 total = to.totalTicks - from.totalTicks;
    return total > 0 ? double(to.busyTicks - from.busyTicks) / double(total) : 0.0;
}

} // namespace Relaydesk::Bench
