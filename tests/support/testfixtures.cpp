#include "testfixtures.h"

#include <QFile>

namespace Relaydesk::Test {

QByteArray fixture(const QString &relativePath)
{
    QString dir = qEnvironmentVariable("RELAYDESK_FIXTURES");
    if (dir.isEmpty())
        dir = QStringLiteral(RELAYDESK_FIXTURES_FALLBACK);
    QFile file(dir + QLatin1Char('/') + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace Relaydesk::Test
