#include "backfillservice.h"

#include "conversationactions.h"
#include "protocol.h"
#include "relaylogging.h"

#include <QJsonArray>
#include <QPointer>

#include <algorithm>

namespace Relaydesk::Relay {

namespace {

Attachment attachmentFromGraph(const QJsonObject &a)
{
    Attachment attachment;
    attachment.name = a.value(QStringLiteral("name")).toString();
    const QString mime = a.value(QStringLiteral("mime_type")).toString();
    const QJsonObject image = a.value(QStringLiteral("image_data")).toObject();
    if (!image.isEmpty()) {
        attachment.type = QStringLiteral("image");
        attachment.url = image.value(QStringLiteral("url")).toString();
    } else {
        attachment.url = a.value(QStringLiteral("file_url")).toString();
        attachment.type = mime.startsWith(QLatin1String("audio/")) ? QStringLiteral("audio")
                        : mime.startsWith(QLatin1String("video/")) ? QStringLiteral("video")
                                                                   : QStringLiteral("file");
    }
    return attachment;
}

} // namespace

BackfillService::BackfillService(Store::Store &store, EventWriter &writer, Messenger::GraphClient &graph,
                                 const Clock &clock, const RelayConfig &config, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_graph(graph), m_clock(clock), m_config(config)
{
    // Pages may be added by the CLI while the relay runs.
    m_timer.setInterval(60'000);
    connect(&m_timer, &QTimer::timeout, this, &BackfillService::check);
    m_timer.start();
}

void BackfillService::check()
{
    const QList<Store::PageRecord> pages = m_store.pages();
    for (const Store::PageRecord &page : pages) {
        if (page.backfilledAt != 0 || page.accessToken.isEmpty() || m_inFlight.contains(page.id))
            continue;
        // One relay of a cluster backfills a Page (the lease is renewed while it works).
        const qint64 now = m_clock.nowMs();
        if (!m_store.takeLease(QStringLiteral("backfill"), page.id, m_config.instanceId, now, now + m_config.leaseMs))
            continue;
        m_inFlight.insert(page.id);
        qCInfo(lcSend) << "backfilling recent conversations of page" << page.id;
        QPointer<BackfillService> self(this);
        const QString pageId = page.id;
        m_graph.fetchConversations(pageId, page.accessToken, threadsPerPage, messagesPerThread,
                                   [self, pageId](const Messenger::ConversationsResult &result) {
            if (!self)
                return;
            self->m_inFlight.remove(pageId);
            if (!result.ok) {
                self->m_store.releaseLease(QStringLiteral("backfill"), pageId, self->m_config.instanceId);
                qCWarning(lcSend) << "backfill of page" << pageId << "failed (code" << result.error.code
                                  << "); will try again";
                return;
            }
            self->store(pageId, result);
        });
    }
}

void BackfillService::store(const QString &pageId, const Messenger::ConversationsResult &result)
{
    m_writer.submit([pageId, result](WriteContext &context) {
        Store::Store &store = context.store();
        for (const auto &thread : result.threads) {
            if (thread.customerPsid.isEmpty())
                continue;
            auto conversation = ConversationActions::ensureConversation(context, pageId, thread.customerPsid);
            if (!conversation)
                return false;
            QList<Messenger::GraphMessage> messages = thread.messages;
            std::sort(messages.begin(), messages.end(),
                      [](const auto &a, const auto &b) { return a.timestamp < b.timestamp; });
            const int unreadBefore = conversation->unreadCount;
            bool added = false;
            for (const Messenger::GraphMessage &gm : std::as_const(messages)) {
                if (gm.mid.isEmpty() || store.messageByMid(gm.mid))
                    continue;
                Message m;
                m.mid = gm.mid;
                const bool fromPage = gm.fromId == pageId;
                m.direction = fromPage ? Message::Direction::Outgoing : Message::Direction::Incoming;
                m.status = fromPage ? Message::Status::Sent : Message::Status::Received;
                m.source = fromPage ? QStringLiteral("page") : QString();
                m.text = gm.text;
                for (const QJsonObject &a : gm.attachments)
                    m.attachments.append(attachmentFromGraph(a));
                m.kind = m.text.isEmpty() && !m.attachments.isEmpty() ? QStringLiteral("attachments")
                                                                      : QStringLiteral("text");
                m.timestamp = gm.timestamp;
                if (!ConversationActions::addMessage(context, *conversation, m))
                    return false;
                added = true;
            }
            if (added && conversation->unreadCount != unreadBefore) {
                conversation->unreadCount = unreadBefore; // history is not news
                if (!ConversationActions::saveConversation(context, *conversation,
                                                           Protocol::EventKind::ConversationUpdated))
                    return false;
            }
        }
        auto page = store.page(pageId);
        if (!page)
            return true;
        page->backfilledAt = context.now();
        return store.savePage(*page);
    }, [this, pageId, threads = result.threads.size()](bool ok, const QList<Event> &) {
        m_store.releaseLease(QStringLiteral("backfill"), pageId, m_config.instanceId);
        if (ok)
            qCInfo(lcSend) << "backfilled" << threads << "conversations of page" << pageId;
    });
}

} // namespace Relaydesk::Relay
