#include "storetestdata.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Relaydesk;

namespace StoreTestData {

Message textMessage(qint64 conversationId, Message::Direction direction, qint64 timestamp,
                    Message::Status status, const QString &text)
{
    Message m;
    m.conversationId = conversationId;
    m.direction = direction;
    m.timestamp = timestamp;
    m.status = status;
    m.text = text.isEmpty() ? QStringLiteral("t%1").arg(timestamp) : text;
    return m;
}

Event makeEvent(const QString &kind, qint64 createdAt, int n)
{
    Event e;
    e.kind = kind;
    e.pageId = QStringLiteral("p1");
    e.conversationId = 10 + n;
    e.agentId = n % 3;
    e.createdAt = createdAt;
    e.data = QJsonObject{{QStringLiteral("n"), n},
                         {QStringLiteral("text"), QStringLiteral("\u00e9v\u00e9nement %1").arg(n)},
                         {QStringLiteral("list"), QJsonArray{1, 2, QStringLiteral("x")}}};
    return e;
}

qint64 addConversation(Store::Store *store, const QString &pageId, const QString &psid, qint64 lastMessageAt)
{
    Conversation c;
    c.pageId = pageId;
    c.customer.psid = psid;
    c.lastMessageAt = lastMessageAt;
    c.previewText = QStringLiteral("hi");
    c.previewKind = QStringLiteral("text");
    if (!store->saveConversation(&c))
        return 0;
    return c.id;
}

QList<qint64> idsOf(const QList<Message> &messages)
{
    QList<qint64> ids;
    for (const Message &m : messages)
        ids.append(m.id);
    return ids;
}

QList<qint64> idsOf(const QList<Conversation> &conversations)
{
    QList<qint64> ids;
    for (const Conversation &c : conversations)
        ids.append(c.id);
    return ids;
}

QList<qint64> seqsOf(const QList<Event> &events)
{
    QList<qint64> seqs;
    for (const Event &e : events)
        seqs.append(e.seq);
    return seqs;
}

} // namespace StoreTestData
