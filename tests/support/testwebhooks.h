#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Relaydesk::Test {

// Webhook bodies built to order, in the shape Meta posts (compact JSON, one entry per Page).
struct CustomerText
{
    QString pageId;
    QString psid;
    QString mid;
    QString text;
    qint64 timestamp = 0; // ms; 0: now
};

// One POST body carrying every message given (grouped into one entry per Page, in order).
QByteArray textWebhook(const QList<CustomerText> &messages);
QByteArray textWebhook(const CustomerText &message);
// The echo of a message the Page sent; metadata as the Send API call carried it.
QByteArray echoWebhook(const QString &pageId, const QString &psid, const QString &mid, const QString &text,
                       const QString &metadata, qint64 timestamp = 0);

} // namespace Relaydesk::Test
