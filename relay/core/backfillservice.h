#pragma once

#include "clock.h"
#include "eventwriter.h"
#include "graphclient.h"
#include "relayconfig.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Relaydesk::Relay {

// When a Page is added, fetches its recent conversations from the Conversations
// API so agents do not start from an empty inbox. Messages already known (by mid)
// are skipped; backfilled history counts as read. A failed fetch is tried again later.
class BackfillService : public QObject
{
    Q_OBJECT
public:
    BackfillService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph, const Clock &clock,
                    const RelayConfig &config,
                    QObject *parent = nullptr);

    int threadsPerPage = 25;
    int messagesPerThread = 25;

public slots:
    // Starts a backfill for every page that has a token and none yet.
    void check();

private:
    void store(const QString &pageId, const Messenger::ConversationsResult &result);

    Store::Store &m_store;
    EventWriter &m_writer;
    Messenger::GraphClient &m_graph;
    const Clock &m_clock;
    const RelayConfig &m_config;
    QTimer m_timer;
    QSet<QString> m_inFlight;
};

} // namespace Relaydesk::Relay
