#include "cannedresponsesync.h"

#include "appcorelogging.h"
#include "cannedcachetable.h"
#include "cannedplaceholders.h"
#include "localcache.h"
#include "protocol.h"
#include "relayconnection.h"

#include <QJsonArray>
#include <QMap>
#include <QUuid>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }

// Refusals that sending the same change again cannot cure.
bool isPermanent(const QString &code)
{
    return code == P::ErrorCode::BadRequest || code == P::ErrorCode::Conflict || code == P::ErrorCode::NotFound
        || code == P::ErrorCode::TextTooLong || code == P::ErrorCode::UnknownCommand;
}
} // namespace

CannedResponseSync::CannedResponseSync(RelayConnection *connection, LocalCache *cache, QObject *parent)
    : QObject(parent), m_connection(connection), m_cache(cache)
{
    // The list first: the changes' acks then land on top of it.
    connect(m_connection, &RelayConnection::welcomed, this, [this] {
        requestList();
        sendChanges();
    });
    connect(m_connection, &RelayConnection::commandAnswered, this, &CannedResponseSync::onAnswer);
}

QList<CannedResponse> CannedResponseSync::responses() const
{
    CannedCacheTable table(m_cache->database());
    QMap<qint64, CannedResponse> byId;
    const QList<CannedResponse> cached = table.all();
    for (const CannedResponse &r : cached)
        byId.insert(r.id, r);
    for (const CannedResponse &r : m_acked)
        if (!byId.contains(r.id) || byId.value(r.id).updatedAt <= r.updatedAt)
            byId.insert(r.id, r);
    for (const qint64 id : m_ackedDeleted)
        byId.remove(id);
    const QList<CannedChange> changes = table.changes();
    for (const CannedChange &c : changes) {
        if (c.remove) {
            byId.remove(c.cannedId);
            continue;
        }
        const qint64 id = c.cannedId ? c.cannedId : -c.seq;
        if (c.cannedId && !byId.contains(id))
            continue; // deleted meanwhile: the relay will refuse the edit
        CannedResponse &r = byId[id];
        r.id = id;
        r.shortcode = c.shortcode;
        r.title = c.title;
        r.text = c.text;
    }
    QList<CannedResponse> list = byId.values();
    std::sort(list.begin(), list.end(), [](const CannedResponse &a, const CannedResponse &b) {
        return a.shortcode != b.shortcode ? a.shortcode < b.shortcode : a.id < b.id;
    });
    return list;
}

QSet<qint64> CannedResponseSync::pendingIds() const
{
    QSet<qint64> ids;
    const QList<CannedChange> changes = CannedCacheTable(m_cache->database()).changes();
    for (const CannedChange &c : changes)
        ids.insert(c.cannedId ? c.cannedId : -c.seq);
    return ids;
}

std::optional<CannedChange> CannedResponseSync::change(qint64 seq) const
{
    const QList<CannedChange> changes = CannedCacheTable(m_cache->database()).changes();
    for (const CannedChange &c : changes)
        if (c.seq == seq)
            return c;
    return std::nullopt;
}

QString CannedResponseSync::check(qint64 id, const QString &shortcode, const QString &title, const QString &text) const
{
    if (shortcode.isEmpty() || shortcode.size() > CannedResponse::MaxShortcodeLength)
        return tr("The shortcode must have 1 to %1 characters.").arg(CannedResponse::MaxShortcodeLength);
    if (!CannedResponse::validationError(shortcode, QStringLiteral("t"), QStringLiteral("t")).isEmpty())
        return tr("The shortcode may hold only letters, digits, '-' and '_'.");
    if (title.isEmpty() || title.size() > CannedResponse::MaxTitleLength)
        return tr("The title must have 1 to %1 characters.").arg(CannedResponse::MaxTitleLength);
    if (text.trimmed().isEmpty())
        return tr("The text is empty.");
    if (text.size() > P::MaxTextLength)
        return tr("The text has %1 characters; a reply may have %2.").arg(text.size()).arg(P::MaxTextLength);
    const QString unknown = CannedPlaceholders::firstUnknown(text);
    if (!unknown.isEmpty())
        return tr("{{%1}} is not a placeholder. Known are: %2.")
            .arg(unknown.left(40), CannedPlaceholders::names().join(QStringLiteral(", ")));
    const QList<CannedResponse> all = responses();
    for (const CannedResponse &r : all)
        if (r.shortcode == shortcode && r.id != id)
            return tr("The shortcode /%1 is already used by “%2”.").arg(shortcode, r.title);
    return {};
}

QString CannedResponseSync::save(qint64 id, const QString &rawShortcode, const QString &rawTitle, const QString &text)
{
    const QString shortcode = CannedResponse::normalizedShortcode(rawShortcode);
    const QString title = rawTitle.trimmed();
    QString error = check(id, shortcode, title, text);
    if (!error.isEmpty())
        return error;
    CannedCacheTable table(m_cache->database());
    // One queued change per canned response: a second edit offline rewrites the first.
    const QList<CannedChange> changes = table.changes();
    for (CannedChange c : changes) {
        const bool same = id < 0 ? c.seq == -id : (c.cannedId == id && id != 0);
        if (!same)
            continue;
        if (m_inFlight.contains(c.seq))
            return tr("The previous change is being saved; try again in a moment.");
        if (c.remove)
            return tr("This canned response is being deleted.");
        c.shortcode = shortcode;
        c.title = title;
        c.text = text;
        if (!table.updateChange(c))
            return tr("The local cache failed: %1").arg(table.lastError());
        emit changed();
        sendChanges();
        return {};
    }
    if (id < 0)
        return tr("This canned response is no longer queued.");
    CannedChange c{0, id == 0 ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QString(), id, false,
                   shortcode, title, text};
    if (!table.addChange(&c))
        return tr("The local cache failed: %1").arg(table.lastError());
    emit changed();
    sendChanges();
    return {};
}

QString CannedResponseSync::remove(qint64 id)
{
    CannedCacheTable table(m_cache->database());
    const QList<CannedChange> changes = table.changes();
    for (CannedChange c : changes) {
        const bool same = id < 0 ? c.seq == -id : c.cannedId == id;
        if (!same)
            continue;
        if (m_inFlight.contains(c.seq))
            return tr("The previous change is being saved; try again in a moment.");
        // A new one never sent is simply forgotten; a queued edit becomes the delete.
        const bool ok = id < 0 ? table.dropChange(c.seq) : (c.remove = true, table.updateChange(c));
        if (!ok)
            return tr("The local cache failed: %1").arg(table.lastError());
        emit changed();
        sendChanges();
        return {};
    }
    if (id <= 0)
        return tr("This canned response is no longer queued.");
    CannedChange c{0, {}, id, true, {}, {}, {}};
    if (!table.addChange(&c))
        return tr("The local cache failed: %1").arg(table.lastError());
    emit changed();
    sendChanges();
    return {};
}

void CannedResponseSync::requestList()
{
    m_listCommand = m_connection->sendCommand(QString(P::ClientFrame::CannedResponses), {});
}

void CannedResponseSync::sendChanges()
{
    const QList<CannedChange> changes = CannedCacheTable(m_cache->database()).changes();
    for (const CannedChange &c : changes) {
        if (m_inFlight.contains(c.seq))
            continue;
        QString id;
        if (c.remove) {
            id = m_connection->sendCommand(QString(P::ClientFrame::DeleteCannedResponse),
                                           {{key("canned_response_id"), c.cannedId}});
        } else {
            QJsonObject fields{{key("shortcode"), c.shortcode}, {key("title"), c.title}, {key("text"), c.text}};
            if (c.cannedId)
                fields.insert(key("canned_response_id"), c.cannedId);
            else
                fields.insert(key("client_id"), c.clientId);
            id = m_connection->sendCommand(QString(P::ClientFrame::SaveCannedResponse), fields);
        }
        if (id.isEmpty())
            return; // offline: the next welcome sends them
        m_inFlight.insert(c.seq);
        m_commands.insert(id, c.seq);
    }
}

void CannedResponseSync::onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code,
                                  const QString &message)
{
    if (id == m_listCommand) {
        m_listCommand.clear();
        if (!ok) {
            qCInfo(lcSession) << "no canned responses from the relay:" << code << message;
            return; // an older relay: the cache keeps what it has
        }
        QList<CannedResponse> list;
        const QJsonArray rows = result.value(key("canned_responses")).toArray();
        for (const QJsonValue &v : rows)
            list.append(CannedResponse::fromJson(v.toObject()));
        if (!m_cache->replaceCannedResponses(list)) {
            qCWarning(lcCache).noquote() << "canned responses not stored:" << m_cache->lastError();
            return;
        }
        m_acked.clear(); // older than the list, or acknowledged after it and sent again by events
        m_ackedDeleted.clear();
        emit changed();
        return;
    }
    const auto it = m_commands.constFind(id);
    if (it == m_commands.constEnd())
        return;
    const qint64 seq = *it;
    m_commands.erase(it);
    m_inFlight.remove(seq);
    if (!ok && (code == RelayConnection::Disconnected || !isPermanent(code)))
        return; // stays queued: sent again on the next welcome
    const std::optional<CannedChange> c = change(seq);
    CannedCacheTable table(m_cache->database());
    if (!table.dropChange(seq))
        qCWarning(lcCache).noquote() << "a sent canned change stays queued:" << table.lastError();
    if (ok) {
        if (c && c->remove) {
            m_ackedDeleted.insert(c->cannedId);
        } else {
            const CannedResponse r = CannedResponse::fromJson(result.value(key("canned_response")).toObject());
            m_acked.insert(r.id, r);
        }
    } else if (!(c && c->remove && code == P::ErrorCode::NotFound)) { // deleted already: done
        qCInfo(lcSession) << "a canned response change was refused:" << code << message;
        emit changeRefused(c && !c->remove ? tr("Your change to /%1 was not kept: %2").arg(c->shortcode, message)
                                           : tr("A canned response was not deleted: %1").arg(message));
    }
    emit changed();
}

void CannedResponseSync::onEventsApplied(const QList<Event> &events)
{
    bool any = false;
    for (const Event &e : events) {
        if (!e.hasCannedResponse())
            continue;
        const qint64 id = e.cannedResponse().id;
        // The cache has it now; an acknowledged state older than the event goes.
        if (m_acked.contains(id) && m_acked.value(id).updatedAt <= e.cannedResponse().updatedAt)
            m_acked.remove(id);
        if (e.kind == P::EventKind::CannedResponseDeleted) {
            m_acked.remove(id);
            m_ackedDeleted.remove(id);
        }
        any = true;
    }
    if (any)
        emit changed();
}

} // namespace Relaydesk::App
