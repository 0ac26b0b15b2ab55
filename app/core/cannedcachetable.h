#pragma once

#include "cannedchange.h"
#include "cannedresponse.h"

#include <QList>
#include <QSqlDatabase>

namespace Relaydesk::App {

// The cache's copy of the team's canned responses and the changes not acknowledged
// yet, over a LocalCache's connection (same thread). Rows keep the relay's JSON whole.
class CannedCacheTable
{
public:
    explicit CannedCacheTable(const QSqlDatabase &db) : m_db(db) {}

    bool upsert(const Relaydesk::CannedResponse &response);
    bool remove(qint64 id);
    // Inside the caller's transaction: the rows become exactly `responses`.
    bool replaceAll(const QList<Relaydesk::CannedResponse> &responses);
    QList<Relaydesk::CannedResponse> all() const; // by shortcode

    QList<CannedChange> changes() const; // oldest first
    bool addChange(CannedChange *change); // sets change->seq
    bool updateChange(const CannedChange &change);
    bool dropChange(qint64 seq);

    QString lastError() const { return m_lastError; }

private:
    bool exec(const QString &sql, const QVariantList &values, QSqlQuery *out = nullptr) const;

    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace Relaydesk::App
