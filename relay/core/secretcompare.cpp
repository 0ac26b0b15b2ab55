#include "secretcompare.h"

#include <QCryptographicHash>

namespace Relaydesk::Relay {

bool secretsEqual(const QByteArray &presented, const QByteArray &ours)
{
    const QByteArray ha = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(ours, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (int i = 0; i < ha.size(); ++i)
        diff |= static_cast<unsigned char>(ha[i] ^ hb[i]);
    return diff == 0 && !ours.isEmpty();
}

} // namespace Relaydesk::Relay
