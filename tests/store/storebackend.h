#pragma once

#include "store.h"

#include <QString>

#include <memory>

class QTemporaryDir;

// The backend the Store contract tests run against. Each test executable is
// registered once per backend (tst_store_eventlog_sqlite, ...), and the
// registration says which one in RELAYDESK_TEST_STORE (sqlite, postgresql;
// unset: sqlite).
//
// One StoreBackend is one new, empty database. create() opens a Store on it;
// calling create() again opens the same database, to prove what survives a
// close and reopen, or to look at it through a second connection while the
// first is still open.
class StoreBackend
{
public:
    StoreBackend();
    ~StoreBackend();
    StoreBackend(const StoreBackend &) = delete;
    StoreBackend &operator=(const StoreBackend &) = delete;

    // The backend chosen for this run.
    static QString name();
    // Whether this run's backend can be used at all (driver, server); says why not.
    static bool isAvailable(QString *why);

    std::unique_ptr<Relaydesk::Store::Store> create(QString *error);

private:
    std::unique_ptr<QTemporaryDir> m_tmp; // SQLite: the data folder's parent
    QString m_url;                        // PostgreSQL: this backend's own database
};
