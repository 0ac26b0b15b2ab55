#pragma once

#include "clock.h"
#include "eventwriter.h"
#include "graphclient.h"
#include "relayconfig.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Relaydesk::Relay {

// Looks customers' names and pictures up with the User Profile API, after the
// webhook has been answered, and announces them as conversation.updated. A failed
// look-up is retried later; "no profile available" is final and the readable
// fallback name stays. One look-up per customer at a time.
class ProfileService : public QObject
{
    Q_OBJECT
public:
    ProfileService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph, const Clock &clock,
                   const RelayConfig &config, QObject *parent = nullptr);

public slots:
    // Something may need a look-up: sweep soon (coalesced).
    void poke();

private:
    void sweep();
    void finished(const Store::CustomerRecord &customer, const QString &key, const Messenger::ProfileResult &result);

    Store::Store &m_store;
    EventWriter &m_writer;
    Messenger::GraphClient &m_graph;
    const Clock &m_clock;
    const RelayConfig &m_config;
    QTimer m_sweepTimer;
    QTimer m_periodic;
    QSet<QString> m_inFlight; // "page/psid", from the request until its answer is committed
};

} // namespace Relaydesk::Relay
