#pragma once

#include <QByteArray>

namespace Relaydesk::Relay {

// Compares a secret someone presented with ours in constant time, whatever their
// lengths (both are hashed first), so timing tells nothing about how much matched.
// An empty secret of ours never matches: an unset secret must not open anything.
bool secretsEqual(const QByteArray &presented, const QByteArray &ours);

} // namespace Relaydesk::Relay
