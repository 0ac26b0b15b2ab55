#include "webhooksignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace Relaydesk::Messenger {

namespace {

constexpr QByteArrayView kPrefix = "sha256=";
constexpr qsizetype kHexLength = 64; // 32 bytes of SHA-256

QByteArray hmacHex(QByteArrayView body, QByteArrayView appSecret)
{
    return QMessageAuthenticationCode::hash(body.toByteArray(), appSecret.toByteArray(),
                                            QCryptographicHash::Sha256)
        .toHex();
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char toLowerHex(char c)
{
    return (c >= 'A' && c <= 'F') ? char(c - 'A' + 'a') : c;
}

} // namespace

QByteArray WebhookSignature::sign(QByteArrayView body, QByteArrayView appSecret)
{
    return kPrefix.toByteArray() + hmacHex(body, appSecret);
}

bool WebhookSignature::verify(QByteArrayView body, QByteArrayView headerValue, QByteArrayView appSecret)
{
    // An unconfigured secret must not turn into "anyone can sign".
    if (appSecret.isEmpty() || !headerValue.startsWith(kPrefix))
        return false;
    const QByteArrayView received = headerValue.sliced(kPrefix.size());
    // The length is public (always 64), so rejecting on it leaks nothing.
    if (received.size() != kHexLength)
        return false;

    const QByteArray expected = hmacHex(body, appSecret);
    // Constant time: no early exit on the first differing digit, and the
    // validity of each digit is folded into the same accumulator.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < kHexLength; ++i) {
        const char c = received.at(i);
        difference |= static_cast<unsigned char>(!isHexDigit(c));
        difference |= static_cast<unsigned char>(toLowerHex(c) ^ expected.at(i));
    }
    return difference == 0;
}

} // namespace Relaydesk::Messenger
