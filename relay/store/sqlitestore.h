#pragma once

#include "sqlstore.h"

namespace Relaydesk::Store {

// The default backend: one SQLite file in the data folder, WAL journal with
// synchronous=FULL so that a committed transaction survives power loss, and
// migrations by PRAGMA user_version. Files are created readable by the owner only.
// Write transactions take SQLite's write lock at BEGIN, so max(seq) + 1 is the next seq.
class SqliteStore final : public SqlStore
{
public:
    explicit SqliteStore(const QString &databasePath);
    ~SqliteStore() override;

    bool open(QString *error) override;
    QString databasePath() const { return m_path; }
    qint64 lastSeq() override;
    bool isShared() const override { return false; }

protected:
    bool takeNextSeq(qint64 *seq) override;
    QString beginStatement() const override { return QStringLiteral("BEGIN IMMEDIATE"); }

private:
    QString m_path;
};

} // namespace Relaydesk::Store
