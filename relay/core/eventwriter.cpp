#include "eventwriter.h"

#include "relaylogging.h"

#include <QElapsedTimer>
#include <QTimer>

namespace Relaydesk::Relay {

namespace {
constexpr int kMaxUnitsPerBatch = 2000; // bounds one transaction's size and the loop stall
}

EventWriter::EventWriter(Store::Store &store, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock)
{
}

bool EventWriter::storeUnreachable() const { return m_store.isUnreachable(); }

void EventWriter::submit(Unit unit, Done done, qint64 agentId)
{
    m_pending.append({std::move(unit), std::move(done), agentId});
    scheduleFlush();
}

void EventWriter::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Zero timer: everything that arrives during this pass of the event loop joins the batch.
    QTimer::singleShot(0, this, [this] {
        m_flushScheduled = false;
        flush();
    });
}

void EventWriter::flush()
{
    while (!m_pending.isEmpty()) {
        const qsizetype n = qMin<qsizetype>(m_pending.size(), kMaxUnitsPerBatch);
        QList<Pending> batch = m_pending.mid(0, n);
        m_pending.remove(0, n);

        QElapsedTimer timer;
        timer.start();
        QList<bool> unitOk(batch.size(), false);
        QList<QList<Event>> unitEvents(batch.size());
        bool committed = m_store.beginTransaction();
        if (committed) {
            const qint64 now = m_clock.nowMs();
            for (qsizetype i = 0; i < batch.size(); ++i) {
                WriteContext context(m_store, now, batch[i].agentId);
                if (!m_store.savepoint())
                    break;
                if (batch[i].unit(context) && m_store.releaseSavepoint()) {
                    unitOk[i] = true;
                    unitEvents[i] = context.events();
                } else {
                    m_store.rollbackToSavepoint();
                    qCWarning(lcIngest) << "a write unit failed and was rolled back:" << m_store.lastError();
                }
            }
            committed = m_store.commitTransaction();
            if (!committed)
                m_store.rollbackTransaction();
        }
        if (!committed)
            qCCritical(lcIngest) << "commit failed, nothing of this batch was kept:" << m_store.lastError();

        QList<Event> all;
        for (qsizetype i = 0; i < batch.size(); ++i)
            if (committed && unitOk[i])
                all.append(unitEvents[i]);
        qCDebug(lcIngest) << "committed" << batch.size() << "units," << all.size() << "events in"
                          << timer.nsecsElapsed() / 1000 << "us";
        ++m_batches;
        if (!all.isEmpty())
            emit eventsCommitted(all);
        for (qsizetype i = 0; i < batch.size(); ++i)
            if (batch[i].done)
                batch[i].done(committed && unitOk[i], committed ? unitEvents[i] : QList<Event>());
    }
}

} // namespace Relaydesk::Relay
