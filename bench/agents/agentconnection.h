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

signals:
    void ready();                        // authenticated and receiving live events
    void frameReceived(const QByteArray &frame);
    void replayFinished(qint64 events);  // relay only: replay_done after a hello with since
    void failed(const QString &reason);  // could not connect or was closed (with the code)
};

} // namespace Relaydesk::Bench
