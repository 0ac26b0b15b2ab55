#include "notecachetable.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Relaydesk::App {

namespace {
QString json(const Note &n) { return QString::fromUtf8(QJsonDocument(n.toJson()).toJson(QJsonDocument::Compact)); }
QString stateName(NoteCacheTable::State s)
{
    return s == NoteCacheTable::State::Queued ? QStringLiteral("queued")
         : s == NoteCacheTable::State::Failed ? QStringLiteral("failed")
                                              : QStringLiteral("stored");
}
} // namespace

bool NoteCacheTable::exec(const QString &sql, const QVariantList &values, QSqlQuery *out) const
{
    QSqlQuery local(m_db);
    QSqlQuery &q = out ? *out : local;
    if (!q.prepare(sql)) {
        m_lastError = q.lastError().text();
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values.at(i));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

bool NoteCacheTable::upsert(const Note &n)
{
    return exec(QStringLiteral("DELETE FROM notes WHERE client_id = ? AND id <> ?"), {n.clientId, n.id})
        && exec(QStringLiteral("INSERT INTO notes (id, conversation_id, client_id, created_at, state, text, data)"
                               " VALUES (?, ?, ?, ?, 'stored', ?, ?) ON CONFLICT (id) DO UPDATE SET"
                               " text = excluded.text, data = excluded.data, state = 'stored'"),
                {n.id, n.conversationId, n.clientId.isEmpty() ? QVariant() : QVariant(n.clientId), n.createdAt,
                 n.text, json(n)});
}

bool NoteCacheTable::queue(Note *n)
{
    QSqlQuery q(m_db);
    if (!exec(QStringLiteral("SELECT min(coalesce(min(id), 0), 0) - 1 FROM notes"), {}, &q) || !q.next())
        return false;
    n->id = q.value(0).toLongLong();
    return exec(QStringLiteral("INSERT INTO notes (id, conversation_id, client_id, created_at, state, text, data)"
                               " VALUES (?, ?, ?, ?, 'queued', ?, ?)"),
                {n->id, n->conversationId, n->clientId, n->createdAt, n->text, json(*n)});
}

bool NoteCacheTable::setState(const QString &clientId, State state)
{
    return exec(QStringLiteral("UPDATE notes SET state = ? WHERE client_id = ? AND id < 0"), {stateName(state), clientId});
}

QList<Note> NoteCacheTable::read(const QString &sql, const QVariantList &values) const
{
    QList<Note> list;
    QSqlQuery q(m_db);
    if (!exec(sql, values, &q))
        return list;
    while (q.next())
        list.append(Note::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object()));
    return list;
}

QList<Note> NoteCacheTable::forConversation(qint64 conversationId) const
{
    return read(QStringLiteral("SELECT data FROM notes WHERE conversation_id = ? ORDER BY created_at, id"), {conversationId});
}

QList<Note> NoteCacheTable::queued() const
{
    return read(QStringLiteral("SELECT data FROM notes WHERE state = 'queued' ORDER BY id DESC"), {});
}

NoteCacheTable::State NoteCacheTable::state(qint64 id) const
{
    QSqlQuery q(m_db);
    if (!exec(QStringLiteral("SELECT state FROM notes WHERE id = ?"), {id}, &q) || !q.next())
        return State::Stored;
    const QString s = q.value(0).toString();
    return s == QLatin1String("queued") ? State::Queued : s == QLatin1String("failed") ? State::Failed : State::Stored;
}

} // namespace Relaydesk::App
