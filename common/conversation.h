#pragma once

#include <QJsonObject>
#include <QString>

namespace Relaydesk {

// A customer of a Page, known by their page-scoped id (PSID).
struct Customer
{
    QString psid;
    QString name;        // from the User Profile API; empty until known
    QString pictureUrl;  // Meta's URL; it expires

    // What to show while the profile is not known yet.
    QString displayName() const;
    QJsonObject toJson() const;
    static Customer fromJson(const QJsonObject &json);
    bool operator==(const Customer &o) const { return psid == o.psid && name == o.name && pictureUrl == o.pictureUrl; }
};

// One thread between a Page and a customer.
struct Conversation
{
    enum class Status { Open, Pending, Resolved };

    qint64 id = 0;
    QString pageId;
    Customer customer;
    qint64 lastMessageAt = 0;          // ms, timestamp of the newest message (either direction)
    qint64 lastCustomerMessageAt = 0;  // ms, starts the 24-hour reply window
    QString previewText;
    QString previewKind;               // "text", "image", "file", ... of the newest message
    bool previewOutgoing = false;
    int unreadCount = 0;
    Status status = Status::Open;
    qint64 assigneeId = 0;             // 0: unassigned

    QJsonObject toJson() const;
    static Conversation fromJson(const QJsonObject &json);
    bool operator==(const Conversation &o) const;

    static QString statusName(Status status);
    // Returns false (and leaves *status alone) for an unknown name.
    static bool statusFromName(const QString &name, Status *status);
};

} // namespace Relaydesk
