#pragma once

#include "conversation.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Relaydesk::Store {

// A Facebook Page the relay serves, with its Page access token (a secret).
struct PageRecord
{
    QString id;
    QString name;
    QByteArray accessToken;
    qint64 createdAt = 0;
    qint64 backfilledAt = 0; // 0: recent conversations not fetched yet
};

// An agent who may connect. The token itself is never stored, only its hash.
struct AgentRecord
{
    qint64 id = 0;
    QString name;
    QByteArray tokenHash;
    QStringList pages;       // page ids, or {"*"} for every page
    qint64 createdAt = 0;
    qint64 revokedAt = 0;    // 0: active

    bool isRevoked() const { return revokedAt != 0; }
    // An empty pageId is the team's (canned responses): every agent's.
    bool mayAccess(const QString &pageId) const
    {
        return pageId.isEmpty() || pages.contains(QStringLiteral("*")) || pages.contains(pageId);
    }
};

// A customer, plus the state of their User Profile API look-up.
struct CustomerRecord
{
    enum class ProfileState { Unknown = 0, Known = 1, Unavailable = 2 };

    QString pageId;
    Customer customer;
    ProfileState profileState = ProfileState::Unknown;
    int profileAttempts = 0;
    qint64 profileNextAttemptAt = 0; // ms; when to try again after a failure
};

// A file an agent uploaded to send as an attachment, until it is sent or swept.
// The row is what the quotas count, on every relay of a cluster; the bytes are
// in the store too where relays share it (Store::writeUploadBytes).
struct UploadRecord
{
    QString id;       // 32 hex digits
    qint64 agentId = 0;
    QString mimeType; // as the content bears it out
    QString name;     // made safe
    qint64 size = 0;
    qint64 createdAt = 0; // ms, the relay's clock
};

// Bytes of uploads held, by one agent and in all.
struct UploadUsage
{
    qint64 agentBytes = 0;
    qint64 totalBytes = 0;
};

} // namespace Relaydesk::Store
