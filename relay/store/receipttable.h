#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Relaydesk::Store {

class SqlConnection;

// What the relay keeps beside messages: delivery and read watermarks (to drop
// redeliveries), events of unknown kinds as received, and events waiting for the
// message they are about.
class ReceiptTable
{
public:
    explicit ReceiptTable(SqlConnection &connection) : m_sql(connection) {}

    bool record(const QString &pageId, const QString &psid, const QString &kind, qint64 watermark);
    qint64 watermark(const QString &pageId, const QString &psid, const QString &kind);
    bool storeRaw(const QString &pageId, const QString &kind, qint64 timestamp, const QByteArray &raw);
    int rawCount();
    bool storeWaiting(const QString &targetMid, const QString &pageId, const QString &kind, qint64 timestamp,
                      const QByteArray &raw);
    QList<QByteArray> takeWaiting(const QString &targetMid);

private:
    SqlConnection &m_sql;
};

} // namespace Relaydesk::Store
