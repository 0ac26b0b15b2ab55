#include "agentclient.h"

#include "protocol.h"

#include <QJsonDocument>
#include <QNetworkRequest>

namespace Relaydesk::Test {

AgentClient::AgentClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
        m_frames.append(frame);
        emit frameReceived(frame);
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        if (!m_pendingHello.isEmpty())
            m_socket.sendTextMessage(QString::fromUtf8(m_pendingHello));
        m_pendingHello.clear();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_closed = true;
        m_closeCode = int(m_socket.closeCode());
    });
}

void AgentClient::open(const QUrl &url, const QByteArray &bearer)
{
    m_closed = false;
    m_closeCode = 0;
    QNetworkRequest request(url);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    m_socket.open(request);
}

void AgentClient::connectTo(const QUrl &url, const QByteArray &token, qint64 since, TokenIn tokenIn)
{
    QJsonObject hello{{QStringLiteral("type"), QString(Protocol::ClientFrame::Hello)},
                      {QStringLiteral("protocol"), Protocol::Version}};
    if (since >= 0)
        hello.insert(QStringLiteral("since"), since);
    if (tokenIn == TokenIn::Hello)
        hello.insert(QStringLiteral("token"), QString::fromUtf8(token));
    m_pendingHello = QJsonDocument(hello).toJson(QJsonDocument::Compact);
    open(url, tokenIn == TokenIn::Header ? token : QByteArray());
}

void AgentClient::sendFrame(const QJsonObject &frame)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void AgentClient::sendRaw(const QString &text) { m_socket.sendTextMessage(text); }

QString AgentClient::command(const QString &type, QJsonObject fields)
{
    const QString id = QStringLiteral("c%1").arg(m_nextId++);
    fields.insert(QStringLiteral("type"), type);
    fields.insert(QStringLiteral("id"), id);
    sendFrame(fields);
    return id;
}

void AgentClient::close() { m_socket.close(); }

QList<QJsonObject> AgentClient::framesOfType(const QString &type) const
{
    QList<QJsonObject> list;
    for (const QJsonObject &f : m_frames)
        if (f.value(QStringLiteral("type")).toString() == type)
            list.append(f);
    return list;
}

QList<Relaydesk::Event> AgentClient::events() const
{
    QList<Relaydesk::Event> list;
    for (const QJsonObject &f : framesOfType(QStringLiteral("event")))
        list.append(Relaydesk::Event::fromFrame(f));
    return list;
}

QList<qint64> AgentClient::eventSeqs() const
{
    QList<qint64> seqs;
    for (const Relaydesk::Event &e : events())
        seqs.append(e.seq);
    return seqs;
}

qint64 AgentClient::lastSeq() const
{
    const QList<qint64> seqs = eventSeqs();
    return seqs.isEmpty() ? 0 : seqs.last();
}

QJsonObject AgentClient::answerTo(const QString &id) const
{
    for (const QJsonObject &f : m_frames) {
        const QString type = f.value(QStringLiteral("type")).toString();
        if ((type == QLatin1String("ack") || type == QLatin1String("error")) && f.value(QStringLiteral("id")).toString() == id)
            return f;
    }
    return {};
}

} // namespace Relaydesk::Test
