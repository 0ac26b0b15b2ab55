#include "replywindow.h"

namespace Relaydesk {

ReplyWindow::State ReplyWindow::state(qint64 lastCustomerMessageAtMs, qint64 nowMs)
{
    if (lastCustomerMessageAtMs <= 0)
        return State::Closed; // the customer never wrote: the Page may not start a thread
    const qint64 age = nowMs - lastCustomerMessageAtMs;
    if (age < StandardMs)
        return State::Standard;
    if (age < HumanAgentMs)
        return State::HumanAgent;
    return State::Closed;
}

qint64 ReplyWindow::remainingMs(qint64 lastCustomerMessageAtMs, qint64 nowMs)
{
    const qint64 age = nowMs - lastCustomerMessageAtMs;
    switch (state(lastCustomerMessageAtMs, nowMs)) {
    case State::Standard: return StandardMs - age;
    case State::HumanAgent: return HumanAgentMs - age;
    case State::Closed: return 0;
    }
    return 0;
}

} // namespace Relaydesk
