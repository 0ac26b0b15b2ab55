#pragma once

#include <QObject>

namespace Relaydesk::Store {

// Says when another process committed to the event log, so a relay reads the log
// at once instead of waiting for its poll. PostgreSQL: LISTEN on a connection of
// its own. A notification is only a wake-up: what was committed is read from the
// log, and a lost connection (which misses notifications) is made up by reading
// the log after reconnecting.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ChangeNotifier() override;

    // Listens again if the connection was lost; true while listening.
    virtual bool ensureListening() = 0;

signals:
    void logAdvanced(qint64 head);
    // (Re)connected: notifications may have been missed meanwhile.
    void listeningResumed();
};

} // namespace Relaydesk::Store
