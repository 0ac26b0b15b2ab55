#include "agenttoken.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace Relaydesk::Relay {

QByteArray AgentToken::generate()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QByteArrayLiteral("rdk_")
        + bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray AgentToken::hash(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace Relaydesk::Relay
