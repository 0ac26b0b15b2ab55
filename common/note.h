#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Relaydesk {

// An agent's private note in a conversation: for colleagues only, never sent to
// Meta. It may mention colleagues (agent ids), who are told.
struct Note
{
    static constexpr int MaxTextLength = 4000;
    static constexpr int MaxMentions = 20;

    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 agentId = 0;       // who wrote it
    QString text;
    QString clientId;         // the writing app's idempotency key
    qint64 createdAt = 0;     // ms, when the relay stored it
    QList<qint64> mentions;   // agent ids

    QJsonObject toJson() const;
    static Note fromJson(const QJsonObject &json);
    bool operator==(const Note &o) const;
};

} // namespace Relaydesk
