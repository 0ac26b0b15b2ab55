#pragma once

#include <QString>

namespace Relaydesk {

// Meta's messaging window: a Page may answer freely within 24 hours of the
// customer's last message, with the HUMAN_AGENT tag up to 7 days, then not at all.
// Shared by the relay (which picks messaging_type) and the app (which shows it).
class ReplyWindow
{
public:
    enum class State { Standard, HumanAgent, Closed };

    static constexpr qint64 StandardMs = 24LL * 3600 * 1000;
    static constexpr qint64 HumanAgentMs = 7LL * 24 * 3600 * 1000;

    static State state(qint64 lastCustomerMessageAtMs, qint64 nowMs);
    // Milliseconds until the state changes (0 when closed).
    static qint64 remainingMs(qint64 lastCustomerMessageAtMs, qint64 nowMs);
};

} // namespace Relaydesk
