#include "notesync.h"

#include "appcorelogging.h"
#include "localcache.h"
#include "notecachetable.h"
#include "protocol.h"
#include "relayconnection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }

bool isPermanent(const QString &code)
{
    return code == P::ErrorCode::BadRequest || code == P::ErrorCode::NotFound || code == P::ErrorCode::TextTooLong
        || code == P::ErrorCode::UnknownCommand;
}
} // namespace

NoteSync::NoteSync(RelayConnection *connection, LocalCache *cache, QObject *parent)
    : QObject(parent), m_connection(connection), m_cache(cache)
{
    connect(m_connection, &RelayConnection::welcomed, this, &NoteSync::sendQueued);
    connect(m_connection, &RelayConnection::commandAnswered, this, &NoteSync::onAnswer);
}

QList<qint64> NoteSync::mentionsIn(const QString &text) const
{
    QList<qint64> ids;
    static const QRegularExpression mention(QStringLiteral(R"((?:^|(?<=\s))@([\w.\-]+))"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    auto it = mention.globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        for (const AgentInfo &a : m_directory.agents)
            if (a.name.compare(name, Qt::CaseInsensitive) == 0 && !ids.contains(a.id))
                ids.append(a.id);
    }
    return ids;
}

std::optional<Note> NoteSync::addNote(qint64 conversationId, const QString &rawText, QString *error)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty() || text.size() > Note::MaxTextLength) {
        if (error)
            *error = text.isEmpty() ? tr("The note is empty.")
                                    : tr("The note has %1 characters; at most %2.").arg(text.size()).arg(Note::MaxTextLength);
        return std::nullopt;
    }
    Note n;
    n.conversationId = conversationId;
    n.agentId = m_directory.me.id;
    n.text = text;
    n.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    n.createdAt = QDateTime::currentMSecsSinceEpoch();
    n.mentions = mentionsIn(text).mid(0, Note::MaxMentions);
    NoteCacheTable table(m_cache->database());
    if (!table.queue(&n)) {
        if (error)
            *error = tr("The local cache failed: %1").arg(table.lastError());
        return std::nullopt;
    }
    emit notesChanged(conversationId);
    send(n); // offline: the next welcome sends it
    return n;
}

QList<Note> NoteSync::notes(qint64 conversationId) const
{
    return NoteCacheTable(m_cache->database()).forConversation(conversationId);
}

bool NoteSync::isQueued(qint64 noteId) const
{
    return NoteCacheTable(m_cache->database()).state(noteId) == NoteCacheTable::State::Queued;
}

Message::Status NoteSync::statusOf(qint64 noteId) const
{
    switch (NoteCacheTable(m_cache->database()).state(noteId)) {
    case NoteCacheTable::State::Queued: return Message::Status::Pending;
    case NoteCacheTable::State::Failed: return Message::Status::Failed;
    case NoteCacheTable::State::Stored: break;
    }
    return Message::Status::Sent;
}

void NoteSync::fetch(qint64 conversationId)
{
    const QString id = m_connection->sendCommand(QString(P::ClientFrame::Notes), {{key("conversation_id"), conversationId}});
    if (!id.isEmpty())
        m_fetching.insert(id, conversationId);
}

void NoteSync::sendQueued()
{
    const QList<Note> queued = NoteCacheTable(m_cache->database()).queued();
    for (const Note &n : queued)
        send(n);
}

void NoteSync::send(const Note &n)
{
    if (m_inFlight.contains(n.clientId))
        return;
    QJsonArray mentions;
    for (const qint64 id : n.mentions)
        mentions.append(id);
    const QString id = m_connection->sendCommand(QString(P::ClientFrame::AddNote),
                                                 {{key("conversation_id"), n.conversationId},
                                                  {key("client_id"), n.clientId},
                                                  {key("text"), n.text},
                                                  {key("mentions"), mentions}});
    if (id.isEmpty())
        return;
    m_inFlight.insert(n.clientId);
    m_sending.insert(id, n.clientId);
}

void NoteSync::onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code, const QString &message)
{
    NoteCacheTable table(m_cache->database());
    if (const auto fetch = m_fetching.constFind(id); fetch != m_fetching.constEnd()) {
        const qint64 conversationId = *fetch;
        m_fetching.erase(fetch);
        if (!ok)
            return; // an older relay, or offline: the cache's notes stay
        const QJsonArray rows = result.value(key("notes")).toArray();
        for (const QJsonValue &v : rows)
            if (!table.upsert(Note::fromJson(v.toObject())))
                qCWarning(lcCache).noquote() << "a note was not stored:" << table.lastError();
        emit notesChanged(conversationId);
        return;
    }
    const auto it = m_sending.constFind(id);
    if (it == m_sending.constEnd())
        return;
    const QString clientId = *it;
    m_sending.erase(it);
    m_inFlight.remove(clientId);
    if (ok) {
        const Note n = Note::fromJson(result.value(key("note")).toObject());
        if (!table.upsert(n))
            qCWarning(lcCache).noquote() << "an acknowledged note was not stored:" << table.lastError();
        emit notesChanged(n.conversationId);
        return;
    }
    if (code == RelayConnection::Disconnected || !isPermanent(code))
        return; // stays queued: the next welcome sends it again
    qCInfo(lcSession) << "a note was refused:" << code << message;
    qint64 conversationId = 0;
    for (const Note &n : table.queued())
        if (n.clientId == clientId)
            conversationId = n.conversationId;
    table.setState(clientId, NoteCacheTable::State::Failed);
    emit noteRefused(tr("The note was not saved: %1").arg(message));
    if (conversationId)
        emit notesChanged(conversationId); // shown failed, its text kept

}

void NoteSync::onEventsApplied(const QList<Event> &events)
{
    QSet<qint64> changed;
    for (const Event &e : events) {
        if (!e.hasNote())
            continue;
        const Note n = e.note();
        changed.insert(n.conversationId);
        if (n.agentId != m_directory.me.id && m_directory.me.id != 0 && n.mentions.contains(m_directory.me.id))
            emit mentioned(n);
    }
    for (const qint64 id : std::as_const(changed))
        emit notesChanged(id);
}

} // namespace Relaydesk::App
