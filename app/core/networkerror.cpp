#include "networkerror.h"

#include <QCoreApplication>
#include <QNetworkReply>

namespace Relaydesk::App {

namespace {
// A class for the context, not a free tr(): lupdate files free tr() calls under the
// namespace ("Relaydesk::App"), so they never matched the translations.
struct NetworkError
{
    Q_DECLARE_TR_FUNCTIONS(Relaydesk::App::NetworkError)
};
}

QString describeNetworkError(const QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return reason.isEmpty() ? NetworkError::tr("The server answered %1.").arg(status)
                                : NetworkError::tr("The server answered %1 (%2).").arg(status).arg(reason);
    }
    switch (reply->error()) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::ConnectionRefusedError:
        return NetworkError::tr("The server refused the connection.");
    case QNetworkReply::RemoteHostClosedError:
        return NetworkError::tr("The server closed the connection.");
    case QNetworkReply::HostNotFoundError:
        return NetworkError::tr("The server's name could not be resolved.");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return NetworkError::tr("The server did not answer in time.");
    case QNetworkReply::SslHandshakeFailedError:
        return NetworkError::tr("The secure connection failed (TLS).");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return NetworkError::tr("The network is not available.");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return NetworkError::tr("The server redirected too often or insecurely.");
    default:
        return NetworkError::tr("Network error %1.").arg(int(reply->error()));
    }
}

bool isTransientNetworkError(const QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400)
        return status >= 500 || status == 408 || status == 429;
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return true;
    default:
        return false;
    }
}

} // namespace Relaydesk::App
