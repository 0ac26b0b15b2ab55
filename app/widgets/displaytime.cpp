#include "displaytime.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace Relaydesk::App::DisplayTime {

QString clock(qint64 msSinceEpoch)
{
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    format.remove(QStringLiteral(":ss"));
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msSinceEpoch).time(), format);
}

QString relative(qint64 ms, qint64 nowMs)
{
    if (ms <= 0)
        return {};
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    const qint64 seconds = (nowMs - ms) / 1000;
    if (seconds < 60)
        return QCoreApplication::translate("DisplayTime", "now");
    if (seconds < 3600) {
        // Not inline in the call: lupdate 6.4 hangs on "int(a / b)" as an argument.
        const int minutes = int(seconds / 60);
        return QCoreApplication::translate("DisplayTime", "%n min", nullptr, minutes);
    }
    if (at.date() == now.date())
        return clock(ms);
    const qint64 days = at.date().daysTo(now.date());
    if (days == 1)
        return QCoreApplication::translate("DisplayTime", "Yesterday");
    if (days < 7)
        return QLocale().dayName(at.date().dayOfWeek(), QLocale::ShortFormat);
    return QLocale().toString(at.date(), QLocale::ShortFormat);
}

} // namespace Relaydesk::App::DisplayTime
