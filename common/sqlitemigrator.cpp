#include "sqlitemigrator.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace Relaydesk {

bool SqliteMigrator::execScript(QSqlDatabase &db, const QString &script, QString *error)
{
    const QStringList statements = script.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &statement : statements) {
        if (statement.trimmed().isEmpty())
            continue;
        QSqlQuery q(db);
        if (!q.exec(statement)) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool SqliteMigrator::migrate(QSqlDatabase &db, const QList<Step> &steps, const QString &owner,
                             const QLoggingCategory &category, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = QStringLiteral("cannot read the schema version of %1: %2").arg(owner, q.lastError().text());
        return false;
    }
    const int current = q.value(0).toInt();
    q.finish();
    const int latest = int(steps.size());
    if (current > latest) {
        *error = QStringLiteral("%1 was written by a newer Relaydesk (schema version %2; this version knows up to %3)")
                     .arg(owner).arg(current).arg(latest);
        return false;
    }
    for (int version = current + 1; version <= latest; ++version) {
        if (!db.transaction()) {
            *error = QStringLiteral("cannot start migration to schema version %1: %2").arg(version).arg(db.lastError().text());
            return false;
        }
        QString why;
        bool ok = steps.at(version - 1)(db, &why);
        if (ok) {
            QSqlQuery bump(db);
            ok = bump.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
            if (!ok)
                why = bump.lastError().text();
        }
        if (ok && !db.commit()) {
            ok = false;
            why = db.lastError().text();
        }
        if (!ok) {
            db.rollback();
            *error = QStringLiteral("%1: migration to schema version %2 failed: %3").arg(owner).arg(version).arg(why);
            return false;
        }
        qCInfo(category).noquote() << owner << "migrated to schema version" << version;
    }
    return true;
}

} // namespace Relaydesk
