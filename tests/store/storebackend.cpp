#include "storebackend.h"

#include <QSqlDatabase>
#include <QTemporaryDir>

using namespace Relaydesk::Store;

namespace {

const QLatin1String kSqlite("sqlite");
const QLatin1String kPostgresql("postgresql");

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
    // ISSUE 14 (PostgreSQL backend): check the driver and the test server here.
    if (backend == kPostgresql) {
        *why = QStringLiteral("the PostgreSQL backend of Store is not built yet (issue 14)");
        return false;
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
    // ISSUE 14 (PostgreSQL backend): on the first call, create a new empty
    // database on the tests' own server (one per StoreBackend, dropped in the
    // destructor); on every call, open a PostgresStore on that database.
    QString why;
    if (!isAvailable(&why))
        *error = why;
    return nullptr;
}
