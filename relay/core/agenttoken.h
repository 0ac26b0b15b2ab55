#pragma once

#include <QByteArray>

namespace Relaydesk::Relay {

// Agent bearer tokens: 256 random bits, shown once, stored only as SHA-256.
// (A fast hash is right here: the token is random, not a password to guess.)
class AgentToken
{
public:
    static QByteArray generate();               // "rdk_" + base64url
    static QByteArray hash(const QByteArray &token);
};

} // namespace Relaydesk::Relay
