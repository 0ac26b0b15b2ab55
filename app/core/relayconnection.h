#pragma once

#include "agentinfo.h"
#include "backoff.h"
#include "event.h"
#include "pageinfo.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace Relaydesk::App {

// The app's one WebSocket to the relay (docs/protocol.md): authenticates, resumes
// from the last seq the cache committed, reconnects on its own, and turns frames
// into signals. It keeps no state beyond the connection: the cache owns the data
// and the outbox.
class RelayConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Offline, Connecting, CatchingUp, Live, Reconnecting };
    Q_ENUM(State)

    static constexpr qint64 NoSeq = -1;
    // How long the first event of a batch waits for more (eventsReceived).
    static constexpr int BatchWindowMs = 8;
    // errorCode of commands the relay never answered.
    static constexpr QLatin1StringView Disconnected{"disconnected"};

    explicit RelayConnection(QObject *parent = nullptr);
    ~RelayConnection() override;

    void setRelayUrl(const QUrl &url);       // ws(s)://host:port/ws
    void setToken(const QByteArray &token);  // the agent's rdk_… token
    // The last seq the caller has applied (NoSeq: none); sent as "since" on the next hello.
    void setLastSeq(qint64 seq) { m_lastSeq = seq; }
    qint64 lastSeq() const { return m_lastSeq; }
    void setBackoff(int initialMs, int maxMs) { m_backoff.setRange(initialMs, maxMs); }
    Backoff &backoff() { return m_backoff; }
    // An attempt with no welcome after this long is given up and retried.
    void setHandshakeTimeout(int ms) { m_handshakeTimer.setInterval(ms); }

    State state() const { return m_state; }
    void open();
    void close();   // goes Offline and stays there until open()

    // Sends a command with a fresh id and returns it; returns an empty string (and
    // sends nothing) unless connected: queueing while offline is the cache's job.
    QString sendCommand(const QString &type, const QJsonObject &fields = {});

signals:
    void stateChanged(Relaydesk::App::RelayConnection::State state);
    void reconnectScheduled(int secondsFromNow);
    void welcomed(const Relaydesk::App::AgentInfo &agent, const QList<Relaydesk::App::PageInfo> &pages,
                  const QList<Relaydesk::App::AgentInfo> &agents);
    // Events that arrived within BatchWindowMs (or a replay page of 500), in seq order:
    // apply them in one transaction.
    void eventsReceived(const QList<Relaydesk::Event> &events);
    void caughtUp(qint64 head);
    // The relay cannot replay from our position: fetch a snapshot, store head.
    void resyncRequired(qint64 head);
    void presenceChanged(qint64 conversationId, qint64 agentId, const QString &agentName, const QString &state);
    // The token was refused or revoked (4001/4003). No reconnect until open().
    void authenticationFailed(const QString &reason);
    void connectionError(const QString &message);
    void commandAnswered(const QString &id, bool ok, const QJsonObject &result, const QString &errorCode,
                         const QString &errorMessage);

private:
    void connectNow();
    void onConnected();
    void onTextMessage(const QString &text);
    void onDropped();
    void handleFrame(const QJsonObject &frame);
    void flushEvents();
    void failPendingCommands(const QString &message);
    void dropSocket();
    void setState(State state);

    QUrl m_url;
    QByteArray m_token;
    qint64 m_lastSeq = NoSeq;
    State m_state = State::Offline;
    bool m_wanted = false;          // open() called and not closed: keep reconnecting
    bool m_dropPending = false;
    QPointer<QWebSocket> m_socket;  // one per attempt, so a late signal of an old one cannot confuse us
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_handshakeTimer;
    QTimer m_flushTimer;
    QList<Relaydesk::Event> m_batch;
    QSet<QString> m_pendingCommands;
    quint64 m_nextCommand = 1;
};

} // namespace Relaydesk::App
