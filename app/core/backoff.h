#pragma once

#include <functional>

namespace Relaydesk::App {

// Reconnect delays: initial, doubling up to a maximum, each shortened by up to a
// quarter at random so that many clients of a restarted relay do not return at once.
class Backoff
{
public:
    Backoff(int initialMs = 1000, int maxMs = 60'000);

    void setRange(int initialMs, int maxMs);
    // Returns a value in [0, 1); tests pin it.
    void setRandomSource(std::function<double()> random) { m_random = std::move(random); }

    int nextDelayMs();   // the delay before the next attempt; counts the attempt
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }

private:
    int m_initialMs;
    int m_maxMs;
    int m_attempts = 0;
    std::function<double()> m_random;
};

} // namespace Relaydesk::App
