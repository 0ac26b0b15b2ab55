#pragma once

#include <QString>

namespace Relaydesk::App {

// Times as the agent reads them, in the system locale.
namespace DisplayTime {
// "14:05" (or "2:05 PM"): the locale's short time, without seconds even where the
// locale's short format has them (the C locale does).
QString clock(qint64 msSinceEpoch);
// "now", "5 min", "14:05", "Yesterday", "Mon", "24/11/2026".
QString relative(qint64 msSinceEpoch, qint64 nowMs);
}

} // namespace Relaydesk::App
