#include "appcorelogging.h"

namespace Relaydesk::App {
Q_LOGGING_CATEGORY(lcConnection, "relaydesk.app.connection")
Q_LOGGING_CATEGORY(lcCache, "relaydesk.app.cache")
Q_LOGGING_CATEGORY(lcSession, "relaydesk.app.session")
Q_LOGGING_CATEGORY(lcSecrets, "relaydesk.app.secrets")
Q_LOGGING_CATEGORY(lcSignIn, "relaydesk.app.signin")
Q_LOGGING_CATEGORY(lcMedia, "relaydesk.app.media")
Q_LOGGING_CATEGORY(lcUpload, "relaydesk.app.upload")
Q_LOGGING_CATEGORY(lcNotify, "relaydesk.app.notify")
}
