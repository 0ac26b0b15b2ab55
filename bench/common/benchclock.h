#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Relaydesk::Bench {

// CLOCK_MONOTONIC in nanoseconds: one clock for every process on the machine, so
// the load generator can stamp a webhook and an agent in another process can
// subtract. Not wall time: immune to NTP steps during a run.
qint64 monotonicNs();

// Marker the load generator puts in a message's text: "bench:<ns>:<n>". Agents
// find it in the raw frame, without a JSON parse, to keep the harness cheap.
QByteArray benchMarker(qint64 sentNs, qint64 sequence);
// The send time in a frame that carries a marker, or -1. Only the first marker
// counts: a frame that repeats the text (a preview) carries the same stamp.
qint64 markerTimeNs(QByteArrayView frame);

} // namespace Relaydesk::Bench
