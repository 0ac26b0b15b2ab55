#include "networkerror.h"

#include <QCoreApplication>
#include <QNetworkReply>

namespace Relaydesk::App {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("Relaydesk::App::NetworkError", text); }
}

QString describeNetworkError(const QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return reason.isEmpty() ? tr("The server answered %1.").arg(status)
                                : tr("The server answered %1 (%2).").arg(status).arg(reason);
    }
    switch (reply->error()) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::ConnectionRefusedError:
        return tr("The server refused the connection.");
    case QNetworkReply::RemoteHostClosedError:
        return tr("The server closed the connection.");
    case QNetworkReply::HostNotFoundError:
        return tr("The server's name could not be resolved.");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return tr("The server did not answer in time.");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("The secure connection failed (TLS).");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("The network is not available.");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return tr("The server redirected too often or insecurely.");
    default:
        return tr("Network error %1.").arg(int(reply->error()));
    }
}

} // namespace Relaydesk::App
