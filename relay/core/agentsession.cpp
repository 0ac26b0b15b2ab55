#include "agentsession.h"

#include "agenthub.h"
#include "commandhandler.h"
#include "metrics.h"
#include "protocol.h"
#include "relaylogging.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Relaydesk::Relay {

namespace P = Protocol;

namespace {
QString key(const char *k) { return QString::fromLatin1(k); }
constexpr qint64 kReplayPauseBytes = 256 * 1024; // wait for the socket to drain before the next page
}

AgentSession::AgentSession(QWebSocket *socket, AgentHub &hub, QByteArray headerToken, QObject *parent)
    : QObject(parent), m_hub(hub), m_socket(socket), m_headerToken(std::move(headerToken))
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingFrameSize(P::MaxFrameBytes);
    socket->setMaxAllowedIncomingMessageSize(P::MaxFrameBytes);
    connect(socket, &QWebSocket::textMessageReceived, this, &AgentSession::onTextMessage);
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this] {
        closeWith(P::CloseCode::ProtocolError, QStringLiteral("binary frames are not part of the protocol"));
    });
    // The session goes away once the socket is gone, so a close frame is not cut off by deleting it.
    connect(socket, &QWebSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_authTimer.stop();
        m_heartbeatTimer.stop();
        if (!m_closedEmitted) {
            m_closedEmitted = true;
            emit closed(this);
        }
    });
    connect(socket, &QWebSocket::pong, this, [this] { m_pongPending = false; });
    connect(socket, &QWebSocket::bytesWritten, this, [this] {
        if (m_state == State::Replaying && !m_replayScheduled && m_socket
            && m_socket->bytesToWrite() < kReplayPauseBytes)
            replayNextPage();
    });

    const RelayConfig &config = hub.config();
    m_authTimer.setSingleShot(true);
    m_authTimer.setInterval(config.authTimeoutMs);
    connect(&m_authTimer, &QTimer::timeout, this, [this] {
        closeWith(P::CloseCode::AuthTimeout, QStringLiteral("no hello within the deadline"));
    });
    m_authTimer.start();
    m_heartbeatTimer.setInterval(config.heartbeatIntervalMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &AgentSession::heartbeat);
    m_heartbeatTimer.start();
    m_tokens = config.commandBurst;
    m_bucketClock.start();
}

AgentSession::~AgentSession() = default;

QString AgentSession::peer() const
{
    return m_socket ? m_socket->peerAddress().toString() + QLatin1Char(':') + QString::number(m_socket->peerPort())
                    : QString();
}

bool AgentSession::dropIfNotReading()
{
    if (!m_socket || m_state == State::Closed)
        return true;
    // A client that stops reading must not make the relay buffer without bound.
    if (m_socket->bytesToWrite() <= m_hub.config().maxOutgoingBufferBytes)
        return false;
    qCWarning(lcAgents) << "agent" << m_agent.id << "at" << peer() << "is not reading; closing";
    m_hub.metrics().slowConsumerDropped();
    closeWith(P::CloseCode::TooSlow, QStringLiteral("too slow: reconnect and resume from your last seq"));
    return true;
}

QString AgentSession::frameText(const QJsonObject &frame)
{
    return QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
}

void AgentSession::writeFrame(const QJsonObject &frame)
{
    m_socket->sendTextMessage(frameText(frame));
}

bool AgentSession::sendFrame(const QJsonObject &frame)
{
    if (dropIfNotReading())
        return false;
    writeFrame(frame);
    return true;
}

void AgentSession::closeWith(int code, const QString &reason)
{
    if (m_state == State::Closed || !m_socket)
        return;
    m_state = State::Closed;
    m_authTimer.stop();
    m_heartbeatTimer.stop();
    qCInfo(lcAgents) << "closing session of agent" << m_agent.id << "at" << peer() << "code" << code << reason;
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    // If the close frame cannot get out (a client that does not read), drop the connection.
    QTimer::singleShot(2000, m_socket, [socket = m_socket] {
        if (socket && socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort(); // emits disconnected, which ends the session
    });
}

void AgentSession::onTextMessage(const QString &text)
{
    if (m_state == State::Closed)
        return;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        sendFrame({{key("type"), QString(P::RelayFrame::Error)},
                   {key("code"), QString(P::ErrorCode::BadRequest)},
                   {key("message"), QStringLiteral("frames must be JSON objects")}});
        return;
    }
    const QJsonObject frame = doc.object();
    if (m_state == State::AwaitingHello) {
        if (frame.value(key("type")).toString() != P::ClientFrame::Hello) {
            closeWith(P::CloseCode::Unauthorized, QStringLiteral("the first frame must be hello"));
            return;
        }
        onHello(frame);
        return;
    }
    if (!takeCommandToken()) {
        sendFrame({{key("type"), QString(P::RelayFrame::Error)},
                   {key("id"), frame.value(key("id"))},
                   {key("code"), QString(P::ErrorCode::RateLimited)},
                   {key("message"), QStringLiteral("too many commands; slow down")}});
        // Only sustained flooding closes: an occasional burst over the limit is forgiven.
        if (m_violationClock.isValid() && m_violationClock.elapsed() > 10'000)
            m_violations = 0;
        m_violationClock.start();
        if (++m_violations > m_hub.config().commandBurst * 2)
            closeWith(P::CloseCode::RateLimited, QStringLiteral("too many commands"));
        return;
    }
    if (CommandHandler *handler = m_hub.commandHandler())
        handler->handle(*this, frame);
}

bool AgentSession::takeCommandToken()
{
    const RelayConfig &config = m_hub.config();
    const double elapsed = double(m_bucketClock.restart()) / 1000.0;
    m_tokens = qMin(double(config.commandBurst), m_tokens + elapsed * config.commandsPerSecond);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

void AgentSession::onHello(const QJsonObject &frame)
{
    m_authTimer.stop();
    if (frame.value(key("protocol")).toInt(P::Version) != P::Version) {
        closeWith(P::CloseCode::UnsupportedVersion,
                  QStringLiteral("this relay speaks protocol %1").arg(P::Version));
        return;
    }
    const QByteArray token = !m_headerToken.isEmpty() ? m_headerToken : frame.value(key("token")).toString().toUtf8();
    m_headerToken.clear();
    const auto agent = m_hub.authenticate(token);
    if (!agent && m_hub.store().isUnreachable()) {
        // Not the token's fault: a "revoked" here would sign the agent out.
        closeWith(P::CloseCode::TryAgainLater, QStringLiteral("the relay's database cannot be reached; try again"));
        return;
    }
    if (!agent) {
        qCWarning(lcAgents) << "refused a connection from" << peer() << ": unknown or revoked token";
        closeWith(P::CloseCode::Unauthorized, QStringLiteral("unknown or revoked token"));
        return;
    }
    if (!m_hub.admit(this)) {
        closeWith(P::CloseCode::AtCapacity, QStringLiteral("the relay is at its limit of agent connections; try again later"));
        return;
    }
    m_agent = *agent;
    qCInfo(lcAgents) << "agent" << m_agent.id << m_agent.name << "connected from" << peer();

    Store::Store &store = m_hub.store();
    const qint64 head = store.lastSeq();
    sendWelcome();
    const QJsonValue since = frame.value(key("since"));
    const qint64 from = since.isDouble() ? since.toInteger() : -1;
    if (from < 0 || from > head || from < store.prunedThrough()) {
        // Fresh client, a log from another relay, or a gap the log no longer covers:
        // the client takes a snapshot, and live events flow from the head on.
        m_cursor = head;
        m_state = State::Live;
        sendFrame({{key("type"), QString(P::RelayFrame::ResyncRequired)},
                   {key("head"), head},
                   {key("reason"), from < 0 ? QStringLiteral("no position") : QStringLiteral("position no longer in the log")}});
        return;
    }
    m_cursor = from;
    m_state = State::Replaying;
    replayNextPage();
}

void AgentSession::sendWelcome()
{
    Store::Store &store = m_hub.store();
    QJsonArray pages;
    const QList<Store::PageRecord> allPages = store.pages();
    for (const Store::PageRecord &p : allPages)
        if (m_agent.mayAccess(p.id))
            pages.append(QJsonObject{{key("id"), p.id}, {key("name"), p.name}});
    QJsonArray agents;
    const QList<Store::AgentRecord> allAgents = store.agents();
    for (const Store::AgentRecord &a : allAgents)
        if (!a.isRevoked())
            agents.append(QJsonObject{{key("id"), a.id}, {key("name"), a.name}});
    sendFrame({{key("type"), QString(P::RelayFrame::Welcome)},
               {key("protocol"), P::Version},
               {key("agent"), QJsonObject{{key("id"), m_agent.id}, {key("name"), m_agent.name}}},
               {key("pages"), pages},
               {key("agents"), agents},
               {key("head"), store.lastSeq()},
               {key("pruned_through"), store.prunedThrough()}});
}

void AgentSession::replayNextPage()
{
    m_replayScheduled = false;
    if (m_state != State::Replaying || !m_socket)
        return;
    // Pages, paced by the socket draining: a long gap cannot fill memory. The hub's
    // cache reads and serializes each page once for every session replaying it.
    const ReplayCache::PagePtr page = m_hub.replayCache().pageAfter(m_cursor);
    if (!page) {
        // Ending the replay here would skip what could not be read.
        closeWith(P::CloseCode::TryAgainLater, QStringLiteral("the relay's database cannot be reached; try again"));
        return;
    }
    if (!sendReplayPage(*page))
        return;
    if (!page->complete) {
        m_state = State::Live;
        sendFrame({{key("type"), QString(P::RelayFrame::ReplayDone)}, {key("head"), m_cursor}});
        return;
    }
    if (m_socket->bytesToWrite() < kReplayPauseBytes) {
        m_replayScheduled = true;
        QTimer::singleShot(0, this, &AgentSession::replayNextPage);
    } // else bytesWritten resumes it
}

void AgentSession::deliver(const QList<Event> &events, const QStringList &frames)
{
    if (m_state != State::Live)
        return; // still catching up: the replay reads these from the log
    sendEvents(events, &frames);
}

bool AgentSession::sendEvents(const QList<Event> &events, const QStringList *frames)
{
    // The buffer is judged once per batch: a client that reads keeps up between
    // batches, and one large commit must not look like a client that stopped reading.
    // So a socket holds at most the limit plus one batch.
    if (dropIfNotReading())
        return false;
    int sent = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const Event &e = events[i];
        if (e.seq <= m_cursor)
            continue; // already replayed: the seam between replay and live
        if (mayAccess(e.pageId)) {
            if (frames)
                m_socket->sendTextMessage(frames->at(i));
            else
                writeFrame(e.toFrame());
            ++sent;
        }
        m_cursor = e.seq; // skipped (other pages) or sent
    }
    m_hub.metrics().framesSent(sent);
    return true;
}

bool AgentSession::sendReplayPage(const ReplayCache::Page &page)
{
    if (dropIfNotReading())
        return false;
    int sent = 0;
    for (const ReplayCache::Item &item : page.items) {
        if (item.seq <= m_cursor)
            continue; // the page starts before this session's position
        if (mayAccess(item.pageId)) {
            m_socket->sendTextMessage(item.frame);
            ++sent;
        }
        m_cursor = item.seq;
    }
    // An empty or short tail may end before the cursor (the client had more from elsewhere).
    m_cursor = std::max(m_cursor, page.last);
    m_hub.metrics().framesSent(sent);
    return true;
}

void AgentSession::heartbeat()
{
    if (!m_socket)
        return;
    if (m_pongPending) {
        closeWith(P::CloseCode::HeartbeatTimeout, QStringLiteral("no answer to ping"));
        return;
    }
    m_pongPending = true;
    m_socket->ping();
}

} // namespace Relaydesk::Relay
