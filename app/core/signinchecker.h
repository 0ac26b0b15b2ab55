#pragma once

#include "agentinfo.h"
#include "pageinfo.h"

#include <QAbstractSocket>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace Relaydesk::App {

// Checks a relay address and token the way the sign-in dialog needs: one
// connection, hello, and either a welcome or a failure sorted into something the
// user can act on (wrong address, wrong token, untrusted certificate, …). It then
// closes; RelayConnection is what stays connected. The token is never logged.
class SignInChecker : public QObject
{
    Q_OBJECT
public:
    enum class Result {
        Ok,
        InvalidUrl,          // not an address we can make a relay URL of
        Unreachable,         // refused, host not found, timed out, dropped
        BadToken,            // closed with 4001/4003
        TlsError,            // certificate not trusted or TLS handshake failed
        UnsupportedProtocol, // closed with 4004: the relay speaks another protocol version
        NotARelay,           // something answered HTTP but did not upgrade to a WebSocket
        ProtocolError,       // a relay that closed or answered in a way we did not expect
    };
    Q_ENUM(Result)

    explicit SignInChecker(QObject *parent = nullptr);
    ~SignInChecker() override;

    // What the user typed (https://host, http://host:port, wss://host/ws,
    // host:port, …) as the relay's ws(s)://host[:port]/ws URL; invalid if it
    // cannot be one. No scheme means wss, except on loopback (ws). Credentials,
    // query and fragment are dropped.
    static QUrl normalizeUrl(const QString &typed);

    void setTimeout(int ms) { m_timer.setInterval(ms); }   // default 15 s
    int timeout() const { return m_timer.interval(); }
    // Trusted CAs etc. for wss (tests trust their own certificate); default: the system's.
    void setSslConfiguration(const QSslConfiguration &config) { m_sslConfig = config; }

    // Starts a check; a running one is abandoned. Answered by finished(), never
    // from inside this call.
    void check(const QString &typedUrl, const QByteArray &token);
    void cancel();
    bool isChecking() const { return !m_socket.isNull(); }

    // The outcome of the last finished check.
    Result result() const { return m_result; }
    QString errorMessage() const { return m_message; }   // empty when Ok
    QUrl relayUrl() const { return m_url; }              // normalised
    AgentInfo agent() const { return m_agent; }
    QList<PageInfo> pages() const { return m_pages; }

signals:
    void finished(Relaydesk::App::SignInChecker::Result result);

private:
    void onTextMessage(const QString &text);
    void onDisconnected();
    void onError();
    void finish(Result result, const QString &message);
    void dropSocket();

    QSslConfiguration m_sslConfig;
    QPointer<QWebSocket> m_socket;
    QTimer m_timer;
    QList<QSslError> m_sslErrors;
    QAbstractSocket::SocketError m_socketError = QAbstractSocket::UnknownSocketError;
    QString m_socketErrorString;
    Result m_result = Result::Ok;
    QString m_message;
    QUrl m_url;
    AgentInfo m_agent;
    QList<PageInfo> m_pages;
};

} // namespace Relaydesk::App
