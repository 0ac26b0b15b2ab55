#include "conversationtable.h"

#include "sqlconnection.h"

#include <QSqlQuery>

namespace Relaydesk::Store {

#define CONVERSATION_COLUMNS                                                                       \
    "c.id, c.page_id, c.psid, c.last_message_at, c.last_customer_message_at, c.preview_text, "     \
    "c.preview_kind, c.preview_outgoing, c.unread, c.status, c.assignee_id, "                      \
    "coalesce(cu.name, ''), coalesce(cu.picture_url, '') "                                         \
    "FROM conversations c LEFT JOIN customers cu ON cu.page_id = c.page_id AND cu.psid = c.psid "

namespace {
// The columns both INSERT and UPDATE write, in the order both statements name them.
void bindState(QSqlQuery &q, const Conversation &c)
{
    q.addBindValue(c.lastMessageAt);
    q.addBindValue(c.lastCustomerMessageAt);
    q.addBindValue(orEmpty(c.previewText));
    q.addBindValue(orEmpty(c.previewKind));
    q.addBindValue(c.previewOutgoing);
    q.addBindValue(c.unreadCount);
    q.addBindValue(Conversation::statusName(c.status));
    q.addBindValue(c.assigneeId);
}
} // namespace

std::optional<Conversation> ConversationTable::readNext(QSqlQuery &q)
{
    if (!q.next())
        return std::nullopt;
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.pageId = q.value(1).toString();
    c.customer.psid = q.value(2).toString();
    c.lastMessageAt = q.value(3).toLongLong();
    c.lastCustomerMessageAt = q.value(4).toLongLong();
    c.previewText = q.value(5).toString();
    c.previewKind = q.value(6).toString();
    c.previewOutgoing = q.value(7).toBool();
    c.unreadCount = q.value(8).toInt();
    Conversation::statusFromName(q.value(9).toString(), &c.status);
    c.assigneeId = q.value(10).toLongLong();
    c.customer.name = q.value(11).toString();
    c.customer.pictureUrl = q.value(12).toString();
    return c;
}

std::optional<Conversation> ConversationTable::readOne(QSqlQuery &q)
{
    if (!m_sql.exec(q))
        return std::nullopt;
    auto c = readNext(q);
    q.finish();
    return c;
}

std::optional<Conversation> ConversationTable::find(qint64 id)
{
    QSqlQuery &q = m_sql.prepared("SELECT " CONVERSATION_COLUMNS "WHERE c.id = ?");
    q.addBindValue(id);
    return readOne(q);
}

std::optional<Conversation> ConversationTable::findFor(const QString &pageId, const QString &psid)
{
    QSqlQuery &q = m_sql.prepared("SELECT " CONVERSATION_COLUMNS "WHERE c.page_id = ? AND c.psid = ?");
    q.addBindValue(pageId);
    q.addBindValue(psid);
    return readOne(q);
}

bool ConversationTable::save(Conversation *c)
{
    if (c->id == 0) {
        QSqlQuery &q = m_sql.prepared(
            "INSERT INTO conversations(page_id, psid, last_message_at, last_customer_message_at, preview_text, "
            "preview_kind, preview_outgoing, unread, status, assignee_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id");
        q.addBindValue(c->pageId);
        q.addBindValue(c->customer.psid);
        bindState(q, *c);
        return m_sql.insertReturningId(q, &c->id);
    }
    QSqlQuery &q = m_sql.prepared("UPDATE conversations SET last_message_at = ?, last_customer_message_at = ?, "
                                  "preview_text = ?, preview_kind = ?, preview_outgoing = ?, unread = ?, status = ?, "
                                  "assignee_id = ? WHERE id = ?");
    bindState(q, *c);
    q.addBindValue(c->id);
    return m_sql.exec(q);
}

QList<Conversation> ConversationTable::list(const QStringList &pages, qint64 beforeLastMessageAt, qint64 beforeId,
                                            int limit)
{
    QList<Conversation> list;
    // Page filters vary in length, so this statement is not cached.
    QString sql = QStringLiteral("SELECT " CONVERSATION_COLUMNS "WHERE true");
    if (beforeLastMessageAt > 0 || beforeId > 0)
        sql += QStringLiteral(" AND (c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))");
    if (!pages.isEmpty()) {
        QStringList marks;
        for (int i = 0; i < pages.size(); ++i)
            marks.append(QStringLiteral("?"));
        sql += QStringLiteral(" AND c.page_id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?");
    QSqlQuery q(m_sql.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        m_sql.exec(q); // records the error
        return list;
    }
    if (beforeLastMessageAt > 0 || beforeId > 0) {
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeLastMessageAt);
        q.addBindValue(beforeId);
    }
    for (const QString &p : pages)
        q.addBindValue(p);
    q.addBindValue(limit);
    if (!m_sql.exec(q))
        return list;
    while (auto c = readNext(q))
        list.append(*c);
    return list;
}

qint64 ConversationTable::count() { return m_sql.scalar("SELECT count(*) FROM conversations"); }

} // namespace Relaydesk::Store
