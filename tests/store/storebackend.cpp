#include "storebackend.h"

#include "postgresserver.h"

#include <QSqlDatabase>
#include <QTemporaryDir>

using namespace Relaydesk::Store;

namespace {

const QLatin1String kSqlite("sqlite");
const QLatin1String kPostgresql("postgresql");

int s_databases = 0;

} // namespace

StoreBackend::StoreBackend() = default;
StoreBackend::~StoreBackend() = default;

QString StoreBackend::name()
{
    const QString chosen = qEnvironmentVariable("RELAYDESK_TEST_STORE");
    return chosen.isEmpty() ? QString(kSqlite) : chosen;
}

bool StoreBackend::isAvailable(QString *why)
{
    const QString backend = name();
    if (backend == kSqlite) {
        if (QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
            return true;
        *why = QStringLiteral("Qt's QSQLITE driver is not available");
        return false;
    }
    if (backend == kPostgresql) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            *why = QStringLiteral("Qt's QPSQL driver is not installed (libqt6sql6-psql; scripts/setup.sh installs it)");
            return false;
        }
        return Relaydesk::Test::PostgresServer::shared(why) != nullptr;
    }
    *why = QStringLiteral("unknown store backend '%1' in RELAYDESK_TEST_STORE (sqlite, postgresql)").arg(backend);
    return false;
}

std::unique_ptr<Store> StoreBackend::create(QString *error)
{
    const QString backend = name();
    if (backend == kSqlite) {
        if (!m_tmp) {
            m_tmp = std::make_unique<QTemporaryDir>();
            if (!m_tmp->isValid()) {
                *error = QStringLiteral("cannot create a temporary folder: %1").arg(m_tmp->errorString());
                m_tmp.reset();
                return nullptr;
            }
        }
        // A folder the store has to create itself; the relay's own way in.
        return openDefaultStore(m_tmp->filePath(QStringLiteral("data")), error);
    }
    if (backend == kPostgresql) {
        Relaydesk::Test::PostgresServer *server = Relaydesk::Test::PostgresServer::shared(error);
        if (!server)
            return nullptr;
        if (m_url.isEmpty()) {
            const QString database = QStringLiteral("store_%1").arg(++s_databases);
            if (!server->createDatabase(database, error))
                return nullptr;
            m_url = server->url(database);
        }
        return openStore(m_url, QString(), QByteArray(), error);
    }
    *error = QStringLiteral("unknown store backend '%1'").arg(backend);
    return nullptr;
}
