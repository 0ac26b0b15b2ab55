#pragma once

#include "event.h"
#include "records.h"
#include "replaycache.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>

namespace Relaydesk::Relay {

class AgentHub;

// One agent's WebSocket connection: authentication (bearer header or the hello
// frame, within a deadline), catch-up from the seq the client has, then live
// events with no gap and no duplicate at the seam, heartbeats, a bound on
// unread outgoing data, and a rate limit on commands.
class AgentSession : public QObject
{
    Q_OBJECT
public:
    enum class State { AwaitingHello, Replaying, Live, Closed };

    AgentSession(QWebSocket *socket, AgentHub &hub, QByteArray headerToken, QObject *parent = nullptr);
    ~AgentSession() override;

    State state() const { return m_state; }
    const Store::AgentRecord &agent() const { return m_agent; }
    bool isAuthenticated() const { return m_agent.id != 0; }
    bool mayAccess(const QString &pageId) const { return isAuthenticated() && m_agent.mayAccess(pageId); }
    QString peer() const;

    // Live events just committed, in seq order, with each one's frame text
    // (serialized once by the hub for every session).
    void deliver(const QList<Relaydesk::Event> &events, const QStringList &frames);
    // A frame as the text sent on the socket (compact JSON).
    static QString frameText(const QJsonObject &frame);
    // Sends a frame unless the client has stopped reading (then the session is closed as too slow).
    bool sendFrame(const QJsonObject &frame);
    void closeWith(int code, const QString &reason);
    void refreshAgent(const Store::AgentRecord &agent) { m_agent = agent; }

signals:
    void closed(Relaydesk::Relay::AgentSession *session);

private:
    void onTextMessage(const QString &text);
    void onHello(const QJsonObject &frame);
    void authenticate(const QByteArray &token);
    void replayNextPage();
    // Sends those of the events this agent may see, past the cursor; false once the session closed.
    // frames, when given, holds each event's frame text in the same order.
    bool sendEvents(const QList<Relaydesk::Event> &events, const QStringList *frames = nullptr);
    // The same for a replay page of the hub's cache; the cursor moves to the page's end.
    bool sendReplayPage(const ReplayCache::Page &page);
    void sendWelcome();
    void heartbeat();
    bool takeCommandToken();
    // Closes the session as too slow when its unread output is over the limit.
    bool dropIfNotReading();
    void writeFrame(const QJsonObject &frame);

    AgentHub &m_hub;
    QPointer<QWebSocket> m_socket;
    QByteArray m_headerToken;
    State m_state = State::AwaitingHello;
    Store::AgentRecord m_agent;
    qint64 m_cursor = 0;          // every seq up to here has been sent or skipped
    QTimer m_authTimer;
    QTimer m_heartbeatTimer;
    bool m_pongPending = false;
    bool m_replayScheduled = false;
    bool m_closedEmitted = false;
    double m_tokens = 0;          // command rate-limit bucket
    QElapsedTimer m_bucketClock;
    int m_violations = 0;
    QElapsedTimer m_violationClock;
};

} // namespace Relaydesk::Relay
