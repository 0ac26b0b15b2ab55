#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Relaydesk::Messenger {

// X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body keyed with the app secret.
class WebhookSignature
{
public:
    // The header value Meta would send for this body.
    static QByteArray sign(QByteArrayView body, QByteArrayView appSecret);
    // Verifies over the bytes exactly as received, comparing in constant time.
    // False for a missing, malformed or wrong header.
    static bool verify(QByteArrayView body, QByteArrayView headerValue, QByteArrayView appSecret);
};

} // namespace Relaydesk::Messenger
