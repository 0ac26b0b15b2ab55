#pragma once

#include <QString>

namespace Relaydesk::Test {

// Writes a self-signed certificate for 127.0.0.1 and its key (cert.pem, key.pem in
// directory) with openssl, for tests of TLS on loopback. Returns what went wrong, or
// an empty string.
QString makeLoopbackCertificate(const QString &directory);

} // namespace Relaydesk::Test
