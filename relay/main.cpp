#include "relaycli.h"

#include <QCoreApplication>

#include <sys/stat.h>

int main(int argc, char *argv[])
{
    // Everything the relay writes (database, WAL, uploads) is for its owner only.
    ::umask(077);
    // journald adds its own timestamps; elsewhere a line should carry one.
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN") && qEnvironmentVariableIsEmpty("JOURNAL_STREAM"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("relaydesk-relay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));
    return Relaydesk::Relay::RelayCli::run(QCoreApplication::arguments());
}
