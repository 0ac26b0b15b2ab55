#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// The exact bytes of a fixture under RELAYDESK_FIXTURES (tests/fixtures/messenger),
// or an empty array if it cannot be read (the caller's QVERIFY then fails).
inline QByteArray readFixture(const QString &relativePath)
{
    QString dir = qEnvironmentVariable("RELAYDESK_FIXTURES");
#ifdef RELAYDESK_FIXTURES_FALLBACK
    if (dir.isEmpty())
        dir = QStringLiteral(RELAYDESK_FIXTURES_FALLBACK);
#endif
    QFile file(dir + QLatin1Char('/') + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}
