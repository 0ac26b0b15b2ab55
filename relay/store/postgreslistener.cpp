#include "postgreslistener.h"

#include "postgresstore.h"
#include "storelogging.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>
#include <QUuid>

namespace Relaydesk::Store {

ChangeNotifier::~ChangeNotifier() = default;

PostgresListener::PostgresListener(QUrl url, QByteArray password, QObject *parent)
    : ChangeNotifier(parent)
    , m_url(std::move(url))
    , m_password(std::move(password))
    , m_connectionName(QStringLiteral("relaydesk-pg-listen-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

PostgresListener::~PostgresListener()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool PostgresListener::ensureListening()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (m_listening && db.isOpen()) {
        // A cheap round trip tells a dead connection from a quiet one.
        QSqlQuery ping(db);
        if (ping.exec(QStringLiteral("SELECT 1")))
            return true;
        qCWarning(lcStore) << "lost the listening connection:" << ping.lastError().text();
        m_listening = false;
    }
    if (!db.isValid()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        connect(db.driver(), &QSqlDriver::notification, this, &PostgresListener::onNotification);
    }
    db.close();
    PostgresStore::configure(db, m_url, m_password);
    if (!db.open()) {
        qCWarning(lcStore) << "cannot listen for the log:" << db.lastError().text();
        return false;
    }
    if (!db.driver()->subscribeToNotification(QString::fromLatin1(PostgresStore::kNotifyChannel))) {
        qCWarning(lcStore) << "cannot LISTEN:" << db.driver()->lastError().text();
        db.close();
        return false;
    }
    m_listening = true;
    emit listeningResumed();
    return true;
}

void PostgresListener::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name == QLatin1String(PostgresStore::kNotifyChannel))
        emit logAdvanced(payload.toString().toLongLong());
}

} // namespace Relaydesk::Store
