#include "profileservice.h"

#include "conversationactions.h"
#include "protocol.h"
#include "relaylogging.h"

#include <QPointer>

namespace Relaydesk::Relay {

namespace {
constexpr int kMaxConcurrentLookups = 8;
constexpr int kMaxAttempts = 10;
}

ProfileService::ProfileService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph,
                               const Clock &clock, const RelayConfig &config, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_graph(graph), m_clock(clock), m_config(config)
{
    m_sweepTimer.setSingleShot(true);
    m_sweepTimer.setInterval(50);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ProfileService::sweep);
    // Retries come due with time, not only with new webhooks.
    m_periodic.setInterval(qMin(config.profileRetryMs, 60'000));
    connect(&m_periodic, &QTimer::timeout, this, &ProfileService::sweep);
    m_periodic.start();
}

void ProfileService::poke()
{
    if (!m_sweepTimer.isActive())
        m_sweepTimer.start();
}

void ProfileService::sweep()
{
    const int room = kMaxConcurrentLookups - int(m_inFlight.size());
    if (room <= 0)
        return;
    const QList<Store::CustomerRecord> due = m_store.customersNeedingProfile(m_clock.nowMs(), room + int(m_inFlight.size()));
    for (const Store::CustomerRecord &customer : due) {
        const QString key = customer.pageId + QLatin1Char('/') + customer.customer.psid;
        if (m_inFlight.contains(key) || m_inFlight.size() >= kMaxConcurrentLookups)
            continue;
        const auto page = m_store.page(customer.pageId);
        if (!page || page->accessToken.isEmpty())
            continue; // no token: nothing to ask with; the fallback name stays
        m_inFlight.insert(key);
        QPointer<ProfileService> self(this);
        m_graph.fetchProfile(page->accessToken, customer.customer.psid,
                             [self, customer, key](const Messenger::ProfileResult &result) {
            if (self)
                self->finished(customer, key, result);
        });
    }
}

void ProfileService::finished(const Store::CustomerRecord &customer, const QString &key,
                              const Messenger::ProfileResult &result)
{
    const qint64 retryDelay = m_config.profileRetryMs;
    const QString pageId = customer.pageId;
    const QString psid = customer.customer.psid;
    m_writer.submit([pageId, psid, result, retryDelay](WriteContext &context) {
        // The stored record, not the one the look-up started from: a final state
        // already stored stays final, whatever this answer says.
        const auto stored = context.store().customer(pageId, psid);
        if (!stored || stored->profileState != Store::CustomerRecord::ProfileState::Unknown)
            return true;
        Store::CustomerRecord updated = *stored;
        ++updated.profileAttempts;
        if (result.ok) {
            updated.profileState = Store::CustomerRecord::ProfileState::Known;
            updated.customer.name = (result.firstName + QLatin1Char(' ') + result.lastName).trimmed();
            updated.customer.pictureUrl = result.pictureUrl;
        } else if (result.error.subcode == 2018218 || updated.profileAttempts >= kMaxAttempts) {
            updated.profileState = Store::CustomerRecord::ProfileState::Unavailable; // final
        } else {
            updated.profileNextAttemptAt = context.now() + retryDelay * updated.profileAttempts;
        }
        if (!context.store().saveCustomer(updated))
            return false;
        if (!result.ok)
            return true;
        auto conversation = context.store().conversationFor(pageId, psid);
        if (!conversation)
            return true;
        return ConversationActions::saveConversation(context, *conversation, Protocol::EventKind::ConversationUpdated);
    }, [self = QPointer<ProfileService>(this), key](bool, const QList<Event> &) {
        // In flight until the answer is committed: before that the store still
        // says "due", and a sweep in between (the retry timer on a busy machine)
        // would ask again and could overwrite a final answer with a later one.
        if (!self)
            return;
        self->m_inFlight.remove(key);
        self->poke(); // there may be more waiting
    });
    if (!result.ok)
        qCInfo(lcSend) << "profile look-up failed: code" << result.error.code << "subcode" << result.error.subcode;
}

} // namespace Relaydesk::Relay
