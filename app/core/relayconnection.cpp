#include "relayconnection.h"

#include "appcorelogging.h"
#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>

namespace Relaydesk::App {

namespace P = Relaydesk::Protocol;

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }

AgentInfo agentFromJson(const QJsonObject &o)
{
    return {o.value(key("id")).toInteger(), o.value(key("name")).toString()};
}
} // namespace

RelayConnection::RelayConnection(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RelayConnection::connectNow);
    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setInterval(20'000);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcConnection) << "no welcome in time from" << m_url.toDisplayString();
        emit connectionError(tr("The relay did not answer in time."));
        onDropped();
    });
    // Events that arrive within a few milliseconds are delivered as one batch: one
    // transaction, one model update and one repaint for what a busy Page sends in that
    // time, instead of one per socket read (at 1,000 events/s that was ~130 batches a
    // second and half the UI thread; now ~70 and under a third). Nobody sees 8 ms.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    m_flushTimer.setInterval(BatchWindowMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RelayConnection::flushEvents);
}

RelayConnection::~RelayConnection()
{
    dropSocket();
}

void RelayConnection::setRelayUrl(const QUrl &url) { m_url = url; }
void RelayConnection::setToken(const QByteArray &token) { m_token = token; }

void RelayConnection::open()
{
    if (m_wanted)
        return;
    m_wanted = true;
    m_backoff.reset();
    setState(State::Connecting);
    connectNow();
}

void RelayConnection::close()
{
    m_wanted = false;
    m_retryTimer.stop();
    flushEvents();
    dropSocket();
    failPendingCommands(tr("The connection was closed."));
    setState(State::Offline);
}

void RelayConnection::connectNow()
{
    dropSocket();
    m_dropPending = false;
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, &RelayConnection::onConnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &RelayConnection::onTextMessage);
    // Either may come first, or alone (a refused TCP connect has no "disconnected").
    // Queued, so a close frame read together with the end of the stream is seen first.
    auto dropLater = [this, socket] {
        if (m_dropPending)
            return;
        m_dropPending = true;
        QMetaObject::invokeMethod(this, [this, socket] {
            if (socket == m_socket)
                onDropped();
        }, Qt::QueuedConnection);
    };
    connect(socket, &QWebSocket::disconnected, this, dropLater);
    connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [socket, dropLater](QAbstractSocket::SocketError) {
        qCInfo(lcConnection) << "socket error:" << socket->errorString();
        dropLater();
    });
    connect(socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            emit connectionError(tr("TLS error: %1").arg(e.errorString()));
    });

    QNetworkRequest request(m_url);
    // The token goes in the upgrade request, never in a URL or a log line.
    request.setRawHeader("Authorization", "Bearer " + m_token);
    qCInfo(lcConnection) << "connecting to" << m_url.toDisplayString();
    m_handshakeTimer.start();
    socket->open(request);
}

void RelayConnection::onConnected()
{
    QJsonObject hello{{key("type"), QString(P::ClientFrame::Hello)}, {key("protocol"), P::Version}};
    if (m_lastSeq != NoSeq)
        hello.insert(key("since"), m_lastSeq);
    qCDebug(lcConnection) << "hello, since" << m_lastSeq;
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
}

void RelayConnection::onTextMessage(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (!doc.isObject()) {
        qCWarning(lcConnection) << "ignoring a frame that is not a JSON object:" << error.errorString();
        return;
    }
    handleFrame(doc.object());
}

void RelayConnection::handleFrame(const QJsonObject &frame)
{
    const QString type = frame.value(key("type")).toString();
    if (type == P::RelayFrame::Event) {
        m_batch.append(Event::fromFrame(frame));
        // A replay page is 500 events: deliver at least that often while reading a long replay.
        if (m_batch.size() >= P::ReplayPageSize)
            flushEvents();
        else if (!m_flushTimer.isActive())
            m_flushTimer.start();
        return;
    }
    // Everything else is delivered after the events that came before it.
    flushEvents();
    if (type == P::RelayFrame::Welcome) {
        m_handshakeTimer.stop();
        m_backoff.reset();
        QList<PageInfo> pages;
        const QJsonArray pageArray = frame.value(key("pages")).toArray();
        for (const QJsonValue &v : pageArray)
            pages.append({v.toObject().value(key("id")).toString(), v.toObject().value(key("name")).toString()});
        QList<AgentInfo> agents;
        const QJsonArray agentArray = frame.value(key("agents")).toArray();
        for (const QJsonValue &v : agentArray)
            agents.append(agentFromJson(v.toObject()));
        qCInfo(lcConnection) << "welcomed, head" << frame.value(key("head")).toInteger();
        setState(State::CatchingUp);
        emit welcomed(agentFromJson(frame.value(key("agent")).toObject()), pages, agents);
    } else if (type == P::RelayFrame::ReplayDone) {
        setState(State::Live);
        emit caughtUp(frame.value(key("head")).toInteger());
    } else if (type == P::RelayFrame::ResyncRequired) {
        qCInfo(lcConnection) << "resync required:" << frame.value(key("reason")).toString();
        setState(State::Live);
        emit resyncRequired(frame.value(key("head")).toInteger());
    } else if (type == P::RelayFrame::Presence) {
        emit presenceChanged(frame.value(key("conversation_id")).toInteger(), frame.value(key("agent_id")).toInteger(),
                             frame.value(key("agent_name")).toString(), frame.value(key("state")).toString());
    } else if (type == P::RelayFrame::Ack || type == P::RelayFrame::Error) {
        const QString id = frame.value(key("id")).toString();
        if (!m_pendingCommands.remove(id)) {
            qCWarning(lcConnection) << "answer to an unknown command" << id;
            return;
        }
        if (type == P::RelayFrame::Ack)
            emit commandAnswered(id, true, frame.value(key("result")).toObject(), {}, {});
        else
            emit commandAnswered(id, false, {}, frame.value(key("code")).toString(),
                                 frame.value(key("message")).toString());
    } else {
        // A newer relay may send more; an older app ignores what it does not know.
        qCDebug(lcConnection) << "ignoring frame of type" << type;
    }
}

void RelayConnection::flushEvents()
{
    m_flushTimer.stop();
    if (m_batch.isEmpty())
        return;
    const QList<Event> batch = std::exchange(m_batch, {});
    emit eventsReceived(batch);
}

QString RelayConnection::sendCommand(const QString &type, const QJsonObject &fields)
{
    if (!m_socket || (m_state != State::CatchingUp && m_state != State::Live))
        return {};
    const QString id = QStringLiteral("c%1").arg(m_nextCommand++);
    QJsonObject frame = fields;
    frame.insert(key("type"), type);
    frame.insert(key("id"), id);
    m_pendingCommands.insert(id);
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    return id;
}

void RelayConnection::onDropped()
{
    if (!m_socket)
        return;
    const int code = m_socket->closeCode();
    const QString reason = m_socket->closeReason();
    const QString socketError = m_socket->errorString();
    qCInfo(lcConnection) << "connection dropped, close code" << code << reason;
    flushEvents();
    dropSocket();
    failPendingCommands(tr("The connection to the relay was lost."));

    if (code == P::CloseCode::Unauthorized || code == P::CloseCode::Revoked) {
        m_wanted = false;
        setState(State::Offline);
        emit authenticationFailed(reason.isEmpty() ? tr("The relay refused the token.") : reason);
        return;
    }
    if (code == P::CloseCode::UnsupportedVersion) {
        // Retrying cannot help: this app and the relay need to be updated to match.
        m_wanted = false;
        setState(State::Offline);
        emit connectionError(tr("The relay speaks another protocol version: %1").arg(reason));
        return;
    }
    // Going away and too slow are routine: resume by seq, no need to alarm anyone.
    if (code != QWebSocketProtocol::CloseCodeGoingAway && code != P::CloseCode::TooSlow)
        emit connectionError(!reason.isEmpty() ? reason : socketError);
    if (!m_wanted)
        return;
    setState(State::Reconnecting);
    const int delay = m_backoff.nextDelayMs();
    m_retryTimer.start(delay);
    emit reconnectScheduled((delay + 999) / 1000);
}

void RelayConnection::failPendingCommands(const QString &message)
{
    const QSet<QString> pending = std::exchange(m_pendingCommands, {});
    for (const QString &id : pending)
        emit commandAnswered(id, false, {}, QString(Disconnected), message);
}

void RelayConnection::dropSocket()
{
    m_handshakeTimer.stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    socket->deleteLater();
}

void RelayConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcConnection) << "state" << state;
    emit stateChanged(state);
}

} // namespace Relaydesk::App
