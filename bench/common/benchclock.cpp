#include "benchclock.h"

#include <QByteArray>

#include <time.h>

namespace Relaydesk::Bench {

qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

QByteArray benchMarker(qint64 sentNs, qint64 sequence)
{
    return "bench:" + QByteArray::number(sentNs) + ':' + QByteArray::number(sequence);
}

qint64 markerTimeNs(QByteArrayView frame)
{
    static const QByteArrayView kTag("bench:");
    const qsizetype at = frame.indexOf(kTag);
    if (at < 0)
        return -1;
    qint64 value = 0;
    qsizetype i = at + kTag.size();
    const qsizetype start = i;
    for (; i < frame.size() && frame[i] >= '0' && frame[i] <= '9'; ++i)
        value = value * 10 + (frame[i] - '0');
    return i > start ? value : -1;
}

} // namespace Relaydesk::Bench
