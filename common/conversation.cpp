#include "conversation.h"

namespace Relaydesk {

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
}

QString Customer::displayName() const
{
    if (!name.isEmpty())
        return name;
    // Readable and stable until the profile is known: "Customer 3526".
    return QStringLiteral("Customer %1").arg(psid.right(4));
}

QJsonObject Customer::toJson() const
{
    return {{key("psid"), psid}, {key("name"), name}, {key("picture_url"), pictureUrl}};
}

Customer Customer::fromJson(const QJsonObject &o)
{
    return {o.value(key("psid")).toString(), o.value(key("name")).toString(),
            o.value(key("picture_url")).toString()};
}

QString Conversation::statusName(Status status)
{
    switch (status) {
    case Status::Open: return QStringLiteral("open");
    case Status::Pending: return QStringLiteral("pending");
    case Status::Resolved: return QStringLiteral("resolved");
    }
    return QStringLiteral("open");
}

bool Conversation::statusFromName(const QString &name, Status *status)
{
    for (Status s : {Status::Open, Status::Pending, Status::Resolved}) {
        if (statusName(s) == name) {
            *status = s;
            return true;
        }
    }
    return false;
}

QJsonObject Conversation::toJson() const
{
    QJsonObject o;
    o.insert(key("id"), id);
    o.insert(key("page_id"), pageId);
    o.insert(key("customer"), customer.toJson());
    o.insert(key("last_message_at"), lastMessageAt);
    o.insert(key("last_customer_message_at"), lastCustomerMessageAt);
    o.insert(key("preview"), QJsonObject{{key("text"), previewText},
                                         {key("kind"), previewKind},
                                         {key("outgoing"), previewOutgoing}});
    o.insert(key("unread"), unreadCount);
    o.insert(key("status"), statusName(status));
    o.insert(key("assignee_id"), assigneeId);
    return o;
}

Conversation Conversation::fromJson(const QJsonObject &o)
{
    Conversation c;
    c.id = o.value(key("id")).toInteger();
    c.pageId = o.value(key("page_id")).toString();
    c.customer = Customer::fromJson(o.value(key("customer")).toObject());
    c.lastMessageAt = o.value(key("last_message_at")).toInteger();
    c.lastCustomerMessageAt = o.value(key("last_customer_message_at")).toInteger();
    const QJsonObject preview = o.value(key("preview")).toObject();
    c.previewText = preview.value(key("text")).toString();
    c.previewKind = preview.value(key("kind")).toString();
    c.previewOutgoing = preview.value(key("outgoing")).toBool();
    c.unreadCount = o.value(key("unread")).toInt();
    statusFromName(o.value(key("status")).toString(), &c.status);
    c.assigneeId = o.value(key("assignee_id")).toInteger();
    return c;
}

bool Conversation::operator==(const Conversation &o) const
{
    return id == o.id && pageId == o.pageId && customer == o.customer && lastMessageAt == o.lastMessageAt
        && lastCustomerMessageAt == o.lastCustomerMessageAt && previewText == o.previewText
        && previewKind == o.previewKind && previewOutgoing == o.previewOutgoing
        && unreadCount == o.unreadCount && status == o.status && assigneeId == o.assigneeId;
}

} // namespace Relaydesk
