#include "appresources.h"

namespace Relaydesk::Resources {

QString appIconPath()
{
    return QStringLiteral(":/icons/relaydesk.svg");
}

QString desktopFileName()
{
    return QStringLiteral(RELAYDESK_APP_ID);
}

} // namespace Relaydesk::Resources
