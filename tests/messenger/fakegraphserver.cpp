#include "fakegraphserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    default: return "Status";
    }
}
} // namespace

QByteArray FakeGraphServer::Request::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

FakeGraphServer::FakeGraphServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            m_buffers.insert(socket, {});
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

bool FakeGraphServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeGraphServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeGraphServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

void FakeGraphServer::answer(int status, const QByteArray &body, const QByteArray &contentType)
{
    m_behaviour = Behaviour::Answer;
    m_status = status;
    m_body = body;
    m_contentType = contentType;
}

void FakeGraphServer::closeWithoutAnswer()
{
    m_behaviour = Behaviour::Close;
}

void FakeGraphServer::neverAnswer()
{
    m_behaviour = Behaviour::Silent;
}

void FakeGraphServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;

    Request request;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3) {
        socket->abort();
        return;
    }
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    const qsizetype question = request.target.indexOf('?');
    request.path = question < 0 ? request.target : request.target.left(question);
    if (question >= 0)
        request.query.setQuery(QString::fromUtf8(request.target.mid(question + 1)));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({ line.left(colon).toLower(), line.mid(colon + 1).trimmed() });
    }
    const qsizetype length = request.header("content-length").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return; // the rest of the body is still on its way
    request.body = buffer.mid(headEnd + 4, length);
    buffer.clear();

    requests.append(request);
    emit requestReceived();
    respond(socket);
}

void FakeGraphServer::respond(QTcpSocket *socket)
{
    switch (m_behaviour) {
    case Behaviour::Silent:
        return;
    case Behaviour::Close:
        socket->abort();
        return;
    case Behaviour::Answer:
        break;
    }
    QByteArray response = "HTTP/1.1 " + QByteArray::number(m_status) + ' ' + reasonPhrase(m_status) + "\r\n";
    response += "Content-Type: " + m_contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(m_body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    response += m_body;
    socket->write(response);
    socket->disconnectFromHost();
}
