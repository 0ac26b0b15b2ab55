#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace Relaydesk::Bench {

// One simulated agent's connection to the system under test, whatever its
// protocol. The pool only needs to know when it is ready to receive live events,
// every frame that arrives, and when it went away.
class AgentConnection : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void open() = 0;
    virtual void close() = 0;
    // The log head the server said it had at sign-in (relay only; -1: unknown).
    virtual qint64 logHead() const { return -1; }

signals:
    void opened();                       // the connection is up (the upgrade answered), not yet signed in
    void ready();                        // authenticated and receiving live events
    void frameReceived(const QByteArray &frame);
    // relay only: replay_done after a hello with since; events counts message.created,
    // frames every event frame of the replay.
    void replayFinished(qint64 events, qint64 frames);
    void failed(const QString &reason);  // could not connect or was closed (with the code)
};

} // namespace Relaydesk::Bench
