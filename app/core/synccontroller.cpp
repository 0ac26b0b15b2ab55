#include "synccontroller.h"

#include "appcorelogging.h"
#include "cachewriter.h"
#include "localcache.h"
#include "protocol.h"
#include "relayconnection.h"

#include <QJsonArray>
#include <QUuid>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {
QString key(const char *name) { return QString::fromLatin1(name); }
}

SyncController::SyncController(RelayConnection *connection, LocalCache *cache, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_cache(cache)
    , m_givenSeq(cache->lastSeq())
{
    // Resume from what the cache committed, never from what merely arrived.
    m_connection->setLastSeq(m_givenSeq);
    connect(m_connection, &RelayConnection::eventsReceived, this, &SyncController::onEvents);
    connect(m_connection, &RelayConnection::resyncRequired, this, &SyncController::startResync);
    // Welcome is the first moment commands are accepted; send_message is idempotent by
    // client id, so sending before the replay ends cannot duplicate anything.
    connect(m_connection, &RelayConnection::welcomed, this, &SyncController::sendOutbox);
    connect(m_connection, &RelayConnection::caughtUp, this, &SyncController::sendOutbox);
    connect(m_connection, &RelayConnection::commandAnswered, this, &SyncController::onAnswer);
}

void SyncController::onEvents(const QList<Event> &events)
{
    if (m_resyncing) {
        // Applying them now would move lastSeq past the snapshot we have not stored yet.
        m_held += events;
        return;
    }
    applyEvents(events);
}

void SyncController::setWriter(CacheWriter *writer)
{
    if (m_writer)
        m_writer->disconnect(this);
    m_writer = writer;
    if (!writer)
        return;
    connect(writer, &CacheWriter::eventsWritten, this, &SyncController::onWritten);
    connect(writer, &CacheWriter::writeFailed, this, &SyncController::onWriteFailed);
}

void SyncController::applyEvents(const QList<Event> &events)
{
    if (m_writer) {
        // A reconnect replays from the last commit: what is already on its way is not given twice.
        QList<Event> fresh;
        for (const Event &e : events)
            if (m_givenSeq == LocalCache::NoSeq || e.seq > m_givenSeq)
                fresh.append(e);
        if (fresh.isEmpty())
            return;
        for (const Event &e : std::as_const(fresh))
            m_givenSeq = std::max(m_givenSeq, e.seq);
        m_writer->applyEvents(fresh);
        return;
    }
    const qint64 before = m_cache->lastSeq();
    if (!m_cache->applyEvents(events)) {
        // Not advancing the connection's position makes the next reconnect replay them.
        emit cacheFailed(m_cache->lastError());
        return;
    }
    m_givenSeq = m_cache->lastSeq();
    QList<Event> applied;
    for (const Event &e : events)
        if (e.seq > before)
            applied.append(e);
    onWritten(applied, m_givenSeq);
}

void SyncController::onWritten(const QList<Event> &applied, qint64 lastSeq)
{
    m_connection->setLastSeq(lastSeq);
    if (!applied.isEmpty())
        emit eventsApplied(applied);
}

void SyncController::onWriteFailed(const QString &error)
{
    // As when applied here: the connection's position stays at the last commit, and
    // what a reconnect replays from there is given again.
    m_givenSeq = m_cache->lastSeq();
    emit cacheFailed(error);
}

void SyncController::startResync(qint64 head)
{
    qCInfo(lcConnection) << "resync: fetching a snapshot at head" << head;
    m_resyncing = true;
    m_resyncHead = head;
    m_snapshot.clear();
    m_held.clear(); // the relay streams live events from head on after resync_required
    for (auto it = m_commands.begin(); it != m_commands.end();)
        it = it->command == Command::Snapshot ? m_commands.erase(it) : std::next(it);
    requestSnapshotPage();
}

void SyncController::requestSnapshotPage()
{
    QJsonObject fields{{key("before_last_message_at"), 0}, {key("before_id"), 0}, {key("limit"), m_snapshotPageSize}};
    if (!m_snapshot.isEmpty()) {
        fields.insert(key("before_last_message_at"), m_snapshot.last().lastMessageAt);
        fields.insert(key("before_id"), m_snapshot.last().id);
    }
    const QString id = m_connection->sendCommand(QString(P::ClientFrame::Snapshot), fields);
    if (id.isEmpty()) {
        abandonResync(); // offline: the next connection starts a new resync
        return;
    }
    m_commands.insert(id, {Command::Snapshot, {}, 0});
}

void SyncController::finishResync()
{
    // Batches still on the writer's thread go in before the snapshot moves the position.
    if (m_writer)
        m_writer->waitForIdle();
    if (!m_cache->applySnapshot(m_snapshot, m_resyncHead)) {
        emit cacheFailed(m_cache->lastError());
        abandonResync();
        return;
    }
    const QList<Conversation> conversations = std::exchange(m_snapshot, {});
    const QList<Event> held = std::exchange(m_held, {});
    m_resyncing = false;
    m_givenSeq = m_cache->lastSeq();
    m_connection->setLastSeq(m_givenSeq);
    qCInfo(lcConnection) << "resync done:" << conversations.size() << "conversations," << held.size() << "held events";
    emit snapshotApplied(conversations);
    if (!held.isEmpty())
        applyEvents(held);
}

void SyncController::abandonResync()
{
    // lastSeq was left alone, so the relay asks for a resync again on the next hello.
    m_resyncing = false;
    m_snapshot.clear();
    m_held.clear();
}

std::optional<Message> SyncController::sendReply(qint64 conversationId, const QString &text)
{
    const QString clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const std::optional<Message> pending = m_cache->queueOutgoing(conversationId, clientId, text);
    if (!pending) {
        emit cacheFailed(m_cache->lastError());
        return std::nullopt;
    }
    emit replyQueued(*pending);
    send(clientId, conversationId, text); // does nothing while offline: the outbox keeps it
    return pending;
}

void SyncController::sendOutbox()
{
    const QList<OutboxEntry> outbox = m_cache->outbox(); // oldest first
    for (const OutboxEntry &entry : outbox)
        if (entry.state == OutboxEntry::State::Queued) // failed ones wait for retryReply()
            send(entry.clientId, entry.conversationId, entry.text);
}

std::optional<Message> SyncController::retryReply(const QString &clientId)
{
    const std::optional<Message> pending = m_cache->retryOutgoing(clientId);
    if (!pending) {
        emit cacheFailed(m_cache->lastError());
        return std::nullopt;
    }
    emit replyQueued(*pending);
    const QList<OutboxEntry> outbox = m_cache->outbox();
    for (const OutboxEntry &entry : outbox)
        if (entry.clientId == clientId)
            send(entry.clientId, entry.conversationId, entry.text); // offline: the next welcome sends it
    return pending;
}

bool SyncController::isPermanentRefusal(const QString &errorCode)
{
    // rate_limited, internal, forbidden (access may come back), disconnected: try again later.
    return errorCode == P::ErrorCode::WindowClosed || errorCode == P::ErrorCode::TextTooLong
        || errorCode == P::ErrorCode::BadRequest || errorCode == P::ErrorCode::NotFound;
}

void SyncController::send(const QString &clientId, qint64 conversationId, const QString &text)
{
    if (m_sending.contains(clientId))
        return; // welcome and caughtUp both drain the outbox: one send in flight is enough
    const QString id = m_connection->sendCommand(QString(P::ClientFrame::SendMessage),
                                                 {{key("conversation_id"), conversationId},
                                                  {key("client_id"), clientId},
                                                  {key("text"), text}});
    if (id.isEmpty())
        return;
    m_sending.insert(clientId);
    m_commands.insert(id, {Command::Send, clientId, conversationId});
}

void SyncController::loadOlder(qint64 conversationId, int limit)
{
    if (m_loadingHistory.contains(conversationId))
        return;
    const std::optional<Message> oldest = m_cache->oldestMessage(conversationId);
    const QString id = m_connection->sendCommand(
        QString(P::ClientFrame::History),
        {{key("conversation_id"), conversationId},
         {key("before_timestamp"), oldest ? oldest->timestamp : 0},
         {key("before_id"), oldest ? oldest->id : 0},
         {key("limit"), limit}});
    if (id.isEmpty())
        return;
    m_loadingHistory.insert(conversationId);
    m_commands.insert(id, {Command::History, {}, conversationId});
}

void SyncController::onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code,
                              const QString &message)
{
    const auto it = m_commands.constFind(id);
    if (it == m_commands.constEnd())
        return; // someone else's command, or a snapshot page of an abandoned resync
    const Pending pending = *it;
    m_commands.erase(it);

    switch (pending.command) {
    case Command::Send: {
        m_sending.remove(pending.clientId);
        if (!ok) {
            // Lost with the connection: the next welcome sends it again, same client id.
            if (code == RelayConnection::Disconnected)
                return;
            qCWarning(lcConnection) << "reply" << pending.clientId << "refused:" << code << message;
            emit replyRefused(pending.clientId, code, message);
            if (!isPermanentRefusal(code))
                return; // stays queued: the next connection sends it again
            // Sent again it would only be refused again, on every reconnect.
            const std::optional<Message> failed = m_cache->markOutboxFailed(pending.clientId, code, message);
            if (!failed) {
                emit cacheFailed(m_cache->lastError());
                return;
            }
            emit replyFailed(*failed);
            return;
        }
        const Message sent = Message::fromJson(result.value(key("message")).toObject());
        m_cache->markOutboxSent(pending.clientId);
        if (!m_cache->applyMessages({sent})) {
            emit cacheFailed(m_cache->lastError());
            return;
        }
        emit replyAcknowledged(sent);
        return;
    }
    case Command::Snapshot: {
        if (!m_resyncing)
            return;
        if (!ok) {
            qCWarning(lcConnection) << "snapshot page failed:" << code << message;
            abandonResync();
            if (code != RelayConnection::Disconnected) {
                // Reconnecting brings a fresh resync_required from a clean start.
                m_connection->close();
                m_connection->open();
            }
            return;
        }
        const QJsonArray rows = result.value(key("conversations")).toArray();
        for (const QJsonValue &v : rows)
            m_snapshot.append(Conversation::fromJson(v.toObject()));
        if (result.value(key("has_more")).toBool() && !rows.isEmpty())
            requestSnapshotPage();
        else
            finishResync();
        return;
    }
    case Command::History: {
        m_loadingHistory.remove(pending.conversationId);
        if (!ok) {
            qCWarning(lcConnection) << "history failed:" << code << message;
            return;
        }
        QList<Message> messages;
        const QJsonArray rows = result.value(key("messages")).toArray(); // newest first
        for (qsizetype i = rows.size() - 1; i >= 0; --i)
            messages.append(Message::fromJson(rows.at(i).toObject()));
        if (!m_cache->applyMessages(messages)) {
            emit cacheFailed(m_cache->lastError());
            return;
        }
        emit olderMessagesLoaded(pending.conversationId, messages, result.value(key("has_more")).toBool());
        return;
    }
    }
}

} // namespace Relaydesk::App
