#pragma once

#include "changenotifier.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QUrl>

namespace Relaydesk::Store {

// LISTEN relaydesk_log on a QPSQL connection of its own (a connection is used only
// by the thread that made it, and a listening one must stay out of transactions).
class PostgresListener final : public ChangeNotifier
{
    Q_OBJECT
public:
    PostgresListener(QUrl url, QByteArray password, QObject *parent = nullptr);
    ~PostgresListener() override;

    bool ensureListening() override;

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    QUrl m_url;
    QByteArray m_password;
    QString m_connectionName;
    bool m_listening = false;
};

} // namespace Relaydesk::Store
