#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace Relaydesk::App {

// Which colleagues are in which conversation, from the relay's presence frames.
// The relay does not say when an agent leaves without telling (a crash, a lost
// network), so every entry expires unless it is repeated: typing after a few
// seconds, viewing after a minute and a half (the app repeats "viewing" every 30 s).
class PresenceTracker : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        qint64 agentId = 0;
        QString agentName;
        bool typing = false;
        qint64 expiresAt = 0; // ms since epoch
    };

    static constexpr int TypingLifetimeMs = 8'000;
    static constexpr int ViewingLifetimeMs = 90'000;

    explicit PresenceTracker(QObject *parent = nullptr);

    void setSelf(qint64 agentId) { m_self = agentId; }
    // Colleagues in the conversation now, typing ones first.
    QList<Entry> colleaguesIn(qint64 conversationId) const;
    // "bob is typing…", "bob and carol are viewing", or empty.
    QString describe(qint64 conversationId) const;

public slots:
    void updatePresence(qint64 conversationId, qint64 agentId, const QString &agentName, const QString &state);
    void clear();
    // Drops what has expired by now (the timer calls this; tests call it with their clock).
    void expire(qint64 nowMs);

signals:
    void presenceChanged(qint64 conversationId);

private:
    void scheduleExpiry();

    qint64 m_self = 0;
    QHash<qint64, QList<Entry>> m_byConversation;
    QTimer m_expiryTimer;
};

} // namespace Relaydesk::App
