#include "testwebhooks.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Relaydesk::Test {

namespace {
QString k(const char *s) { return QString::fromLatin1(s); }
qint64 orNow(qint64 t) { return t != 0 ? t : QDateTime::currentMSecsSinceEpoch(); }

QByteArray body(const QJsonArray &entries)
{
    return QJsonDocument(QJsonObject{{k("object"), k("page")}, {k("entry"), entries}}).toJson(QJsonDocument::Compact);
}
} // namespace

QByteArray textWebhook(const QList<CustomerText> &messages)
{
    QJsonArray entries;
    QString currentPage;
    QJsonArray messaging;
    auto closeEntry = [&] {
        if (!messaging.isEmpty())
            entries.append(QJsonObject{{k("id"), currentPage},
                                       {k("time"), QDateTime::currentMSecsSinceEpoch()},
                                       {k("messaging"), messaging}});
        messaging = QJsonArray();
    };
    for (const CustomerText &m : messages) {
        if (m.pageId != currentPage) {
            closeEntry();
            currentPage = m.pageId;
        }
        messaging.append(QJsonObject{{k("sender"), QJsonObject{{k("id"), m.psid}}},
                                     {k("recipient"), QJsonObject{{k("id"), m.pageId}}},
                                     {k("timestamp"), orNow(m.timestamp)},
                                     {k("message"), QJsonObject{{k("mid"), m.mid}, {k("text"), m.text}}}});
    }
    closeEntry();
    return body(entries);
}

QByteArray textWebhook(const CustomerText &message)
{
    return textWebhook(QList<CustomerText>{message});
}

QByteArray echoWebhook(const QString &pageId, const QString &psid, const QString &mid, const QString &text,
                       const QString &metadata, qint64 timestamp)
{
    QJsonObject message{{k("is_echo"), true}, {k("app_id"), 263902037430900LL}, {k("mid"), mid}, {k("text"), text}};
    if (!metadata.isEmpty())
        message.insert(k("metadata"), metadata);
    const QJsonObject event{{k("sender"), QJsonObject{{k("id"), pageId}}},
                            {k("recipient"), QJsonObject{{k("id"), psid}}},
                            {k("timestamp"), orNow(timestamp)},
                            {k("message"), message}};
    return body(QJsonArray{QJsonObject{{k("id"), pageId},
                                       {k("time"), QDateTime::currentMSecsSinceEpoch()},
                                       {k("messaging"), QJsonArray{event}}}});
}

} // namespace Relaydesk::Test
