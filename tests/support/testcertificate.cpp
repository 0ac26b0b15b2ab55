#include "testcertificate.h"

#include <QDir>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>

namespace Relaydesk::Test {

QString makeLoopbackCertificate(const QString &directory)
{
    if (!QSslSocket::supportsSsl())
        return QStringLiteral("Qt has no TLS backend");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return QStringLiteral("openssl is needed to make the test certificate (scripts/setup.sh installs it)");
    const QDir dir(directory);
    QProcess gen;
    gen.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                        QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                        QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                        QStringLiteral("-days"), QStringLiteral("1"),
                        QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                        QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem"))});
    if (!gen.waitForFinished(60'000))
        return QStringLiteral("openssl did not finish");
    if (gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0)
        return QString::fromLocal8Bit(gen.readAllStandardError());
    return {};
}

} // namespace Relaydesk::Test
