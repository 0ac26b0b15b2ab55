#include "signinchecker.h"

#include "appcorelogging.h"
#include "protocol.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QWebSocket>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {

QString key(const char *k) { return QString::fromLatin1(k); }

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// Qt 6.4's QWebSocket reports an HTTP answer without an upgrade as
// ConnectionRefusedError, like a refused TCP connection; only its text tells
// them apart ("…Unhandled http status code: 404 (Not Found).").
int httpStatusIn(const QString &errorString)
{
    static const QRegularExpression status(QStringLiteral("http status code: (\\d{3})"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = status.match(errorString);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace

SignInChecker::SignInChecker(QObject *parent)
    : QObject(parent)
    , m_sslConfig(QSslConfiguration::defaultConfiguration())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(15'000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        finish(Result::Unreachable, tr("The relay at %1 did not answer within %2 seconds.")
                                        .arg(m_url.host()).arg(m_timer.interval() / 1000.0));
    });
}

SignInChecker::~SignInChecker()
{
    dropSocket();
}

QUrl SignInChecker::normalizeUrl(const QString &typed)
{
    QString text = typed.trimmed();
    if (text.isEmpty())
        return {};
    // "host:port" would parse as scheme "host": only "xyz://" names a scheme.
    static const QRegularExpression schemePrefix(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    const QRegularExpressionMatch m = schemePrefix.match(text);
    QString scheme = m.hasMatch() ? m.captured(1).toLower() : QString();
    if (!m.hasMatch())
        text.prepend(QStringLiteral("//"));

    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return {};
    if (scheme == QLatin1String("https"))
        scheme = QStringLiteral("wss");
    else if (scheme == QLatin1String("http"))
        scheme = QStringLiteral("ws");
    else if (scheme.isEmpty())
        scheme = isLoopback(parsed.host()) ? QStringLiteral("ws") : QStringLiteral("wss");
    else if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return {};

    // A ws(s) URL with a path names the endpoint itself; anything else is the
    // relay's base address (maybe behind a proxy prefix), and /ws goes after it.
    QString path = parsed.path();
    const bool websocketScheme = m.hasMatch() && m.captured(1).startsWith(QLatin1String("ws"), Qt::CaseInsensitive);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.endsWith(QLatin1String("/ws")) && !(websocketScheme && !path.isEmpty()))
        path += QStringLiteral("/ws");

    QUrl url;
    url.setScheme(scheme);
    url.setHost(parsed.host());
    url.setPort(parsed.port());
    url.setPath(path);
    return url.isValid() ? url : QUrl();
}

void SignInChecker::check(const QString &typedUrl, const QByteArray &token)
{
    dropSocket();
    m_result = Result::Ok;
    m_message.clear();
    m_agent = {};
    m_pages.clear();
    m_sslErrors.clear();
    m_url = normalizeUrl(typedUrl);

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    if (!m_url.isValid()) {
        QMetaObject::invokeMethod(this, [this, socket, typedUrl] {
            if (socket == m_socket)
                finish(Result::InvalidUrl, tr("“%1” is not a relay address. Type it like "
                                              "https://relay.example.com or relay.example.com:8443.")
                                               .arg(typedUrl.trimmed()));
        }, Qt::QueuedConnection);
        return;
    }
    if (token.trimmed().isEmpty()) {
        QMetaObject::invokeMethod(this, [this, socket] {
            if (socket == m_socket)
                finish(Result::BadToken, tr("Enter your agent token (it starts with rdk_)."));
        }, Qt::QueuedConnection);
        return;
    }

    if (m_url.scheme() == QLatin1String("wss"))
        socket->setSslConfiguration(m_sslConfig);
    connect(socket, &QWebSocket::connected, this, [socket] {
        const QJsonObject hello{{key("type"), QString(P::ClientFrame::Hello)}, {key("protocol"), P::Version}};
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &SignInChecker::onTextMessage);
    connect(socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_sslErrors += errors;
    });
    // A close frame and the end of the stream can arrive in one read, and the
    // socket error may be reported before "disconnected": judge once, queued,
    // when everything that came in has been seen.
    connect(socket, &QWebSocket::disconnected, this, &SignInChecker::onDisconnected, Qt::QueuedConnection);
    connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError error) {
        m_socketError = error;
        m_socketErrorString = socket->errorString();
        QMetaObject::invokeMethod(this, [this, socket] {
            if (socket == m_socket)
                onDisconnected();
        }, Qt::QueuedConnection);
    });

    QNetworkRequest request(m_url);
    // The token goes in the upgrade request only: never in the URL, never in a log.
    request.setRawHeader("Authorization", "Bearer " + token.trimmed());
    qCInfo(lcSignIn) << "checking" << m_url.toDisplayString();
    m_socketError = QAbstractSocket::UnknownSocketError;
    m_socketErrorString.clear();
    m_timer.start();
    socket->open(request);
}

void SignInChecker::cancel()
{
    m_timer.stop();
    dropSocket();
}

void SignInChecker::onTextMessage(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(key("type")).toString();
    if (type == P::RelayFrame::Welcome) {
        const QJsonObject agent = frame.value(key("agent")).toObject();
        m_agent = {agent.value(key("id")).toInteger(), agent.value(key("name")).toString()};
        const QJsonArray pages = frame.value(key("pages")).toArray();
        for (const QJsonValue &v : pages)
            m_pages.append({v.toObject().value(key("id")).toString(), v.toObject().value(key("name")).toString()});
        finish(Result::Ok, QString());
    } else if (type == P::RelayFrame::Error) {
        finish(Result::ProtocolError, tr("The relay refused the sign-in: %1")
                                          .arg(frame.value(key("message")).toString()));
    }
    // Anything else before the welcome is not ours to judge; the timeout still runs.
}

void SignInChecker::onDisconnected()
{
    QWebSocket *socket = m_socket;
    if (!socket)
        return;
    const QString host = m_url.host();
    if (!m_sslErrors.isEmpty()) {
        QStringList reasons;
        for (const QSslError &e : std::as_const(m_sslErrors))
            if (!reasons.contains(e.errorString()))
                reasons.append(e.errorString());
        finish(Result::TlsError, tr("The relay's TLS certificate is not trusted: %1. If the relay uses a "
                                    "certificate of its own, add it to this computer's trusted certificates.")
                                     .arg(reasons.join(QStringLiteral("; "))));
        return;
    }
    switch (static_cast<int>(socket->closeCode())) {
    case P::CloseCode::Unauthorized:
    case P::CloseCode::Revoked:
        finish(Result::BadToken, tr("The relay did not accept this token. Check that you copied all of it, "
                                    "and ask an administrator whether it was revoked."));
        return;
    case P::CloseCode::UnsupportedVersion:
        finish(Result::UnsupportedProtocol, tr("The relay speaks a different protocol version than this app "
                                               "(version %1). Update the app or the relay.").arg(P::Version));
        return;
    case P::CloseCode::GoingAway:
        finish(Result::Unreachable, tr("The relay at %1 is shutting down. Try again in a moment.").arg(host));
        return;
    default:
        break;
    }

    switch (m_socketError) {
    case QAbstractSocket::ConnectionRefusedError:
        if (const int status = httpStatusIn(m_socketErrorString)) {
            finish(Result::NotARelay, tr("%1 answered as a web server (HTTP %2), not as a Relaydesk relay. "
                                         "Check the address.").arg(m_url.toDisplayString()).arg(status));
        } else {
            finish(Result::Unreachable, tr("Nothing is listening at %1 port %2: the connection was refused.")
                                            .arg(host).arg(m_url.port(m_url.scheme() == QLatin1String("wss") ? 443 : 80)));
        }
        return;
    case QAbstractSocket::HostNotFoundError:
        finish(Result::Unreachable, tr("The host %1 was not found. Check the address.").arg(host));
        return;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        finish(Result::TlsError, tr("The secure connection to %1 failed: %2").arg(host, m_socketErrorString));
        return;
    case QAbstractSocket::SocketTimeoutError:
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::TemporaryError:
        finish(Result::Unreachable, tr("Cannot reach %1: %2").arg(host, m_socketErrorString));
        return;
    default:
        break;
    }
    const int code = socket->closeCode();
    if (code != QWebSocketProtocol::CloseCodeNormal) {
        finish(Result::ProtocolError, tr("The relay closed the connection (code %1%2).")
                                          .arg(code).arg(socket->closeReason().isEmpty()
                                                             ? QString() : QStringLiteral(": ") + socket->closeReason()));
        return;
    }
    finish(Result::Unreachable, tr("%1 closed the connection before signing in%2. If it is served over "
                                   "HTTPS, type https:// in front of the address.")
                                    .arg(host, m_socketErrorString.isEmpty() ? QString()
                                                                             : QStringLiteral(" (%1)").arg(m_socketErrorString)));
}

void SignInChecker::finish(Result result, const QString &message)
{
    m_timer.stop();
    dropSocket();
    m_result = result;
    m_message = message;
    if (result == Result::Ok)
        qCInfo(lcSignIn) << "signed in to" << m_url.toDisplayString() << "as" << m_agent.name;
    else
        qCInfo(lcSignIn) << "sign-in check failed:" << result << message;
    emit finished(result);
}

void SignInChecker::dropSocket()
{
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    if (!socket)
        return;
    socket->disconnect(this);
    if (socket->state() == QAbstractSocket::ConnectedState)
        socket->close(QWebSocketProtocol::CloseCodeNormal);
    else
        socket->abort();
    socket->deleteLater();
}

} // namespace Relaydesk::App
