#include "store.h"

#include "postgresstore.h"

#include <QUrl>

namespace Relaydesk::Store {

Store::~Store() = default;

std::unique_ptr<Store> openStore(const QString &location, const QString &dataDir, const QByteArray &password,
                                 QString *error)
{
    if (location.isEmpty() || location == QLatin1String("sqlite"))
        return openDefaultStore(dataDir, error);
    const QUrl url(location);
    if (!PostgresStore::checkUrl(url, error))
        return nullptr;
    auto store = std::make_unique<PostgresStore>(url, password);
    if (!store->open(error))
        return nullptr;
    return store;
}

QString displayLocation(const QString &location)
{
    if (location.isEmpty() || location == QLatin1String("sqlite"))
        return QStringLiteral("sqlite");
    return PostgresStore::displayUrl(QUrl(location));
}

} // namespace Relaydesk::Store
