#include "fileuploader.h"

#include "appcorelogging.h"
#include "networkerror.h"
#include "protocol.h"
#include "relayconnection.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace Relaydesk::App {

namespace {
QString key(const char *name) { return QString::fromLatin1(name); }
// A send_message whose answer the connection lost is sent again at most this often.
constexpr int MaxSendAttempts = 3;
}

FileUploader::FileUploader(RelayConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(new QNetworkAccessManager(this))
{
    connect(m_connection, &RelayConnection::commandAnswered, this, &FileUploader::onAnswer);
    connect(m_connection, &RelayConnection::welcomed, this, &FileUploader::resendWaiting);
}

FileUploader::~FileUploader()
{
    for (const Job &job : std::as_const(m_jobs))
        if (job.reply) {
            job.reply->disconnect(this);
            job.reply->abort();
        }
}

QUrl FileUploader::uploadUrlFor(const QUrl &relayUrl)
{
    QUrl url = relayUrl;
    if (url.scheme() == QLatin1String("wss"))
        url.setScheme(QStringLiteral("https"));
    else if (url.scheme() == QLatin1String("ws"))
        url.setScheme(QStringLiteral("http"));
    // The WebSocket's /ws and /uploads sit side by side, also behind a path prefix.
    QString path = url.path();
    if (path.endsWith(QLatin1String("/ws")))
        path.chop(3);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/uploads"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

bool FileUploader::isConnected() const
{
    return m_connection->state() == RelayConnection::State::Live
        || m_connection->state() == RelayConnection::State::CatchingUp;
}

QString FileUploader::sendFile(qint64 conversationId, const QString &filePath, QString *error)
{
    auto refuse = [error](const QString &reason) {
        qCInfo(lcUpload) << "file refused:" << reason;
        if (error)
            *error = reason;
        return QString();
    };
    const QFileInfo info(filePath);
    if (!isConnected())
        return refuse(tr("You are offline. Files cannot be queued; send “%1” again once connected.").arg(info.fileName()));
    if (!m_uploadUrl.isValid() || m_token.isEmpty())
        return refuse(tr("Not signed in to a relay."));
    if (!info.isFile())
        return refuse(tr("“%1” is not a file.").arg(info.fileName()));
    if (info.size() == 0)
        return refuse(tr("“%1” is empty.").arg(info.fileName()));
    if (info.size() > MaxBytes)
        return refuse(tr("“%1” is larger than %2 MiB, the most Messenger accepts.")
                          .arg(info.fileName())
                          .arg(MaxBytes / (1024 * 1024)));
    auto *file = new QFile(filePath);
    if (!file->open(QIODevice::ReadOnly)) {
        const QString reason = tr("Cannot read “%1”: %2").arg(info.fileName(), file->errorString());
        delete file;
        return refuse(reason);
    }

    const QString clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString mime = QMimeDatabase().mimeTypeForFile(info).name();
    QNetworkRequest request(m_uploadUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, mime);
    request.setHeader(QNetworkRequest::ContentLengthHeader, info.size());
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setRawHeader("X-Relaydesk-Filename", QUrl::toPercentEncoding(info.fileName()));
    request.setTransferTimeout(60'000); // without progress for this long
    // The file streams from disk; it is the reply's, so it closes when the reply goes.
    QNetworkReply *reply = m_network->post(request, file);
    file->setParent(reply);

    Job job;
    job.conversationId = conversationId;
    job.fileName = info.fileName();
    job.reply = reply;
    m_jobs.insert(clientId, job);
    qCInfo(lcUpload) << "uploading" << info.size() << "bytes of" << mime << "for conversation" << conversationId;
    connect(reply, &QNetworkReply::uploadProgress, this, [this, clientId](qint64 sent, qint64 total) {
        if (total > 0) // Qt ends with (0, 0), which would read as "nothing sent"
            emit uploadProgress(clientId, sent, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, clientId, reply] { onUploaded(clientId, reply); });
    emit uploadStarted(clientId, conversationId, info.fileName(), info.size());
    return clientId;
}

void FileUploader::onUploaded(const QString &clientId, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_jobs.find(clientId);
    if (it == m_jobs.end())
        return;
    it->reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    // The relay's errors are one line of text, or JSON with a "message" (quotas,
    // rate): say it as it said it.
    const QString jsonMessage = QJsonDocument::fromJson(body).object().value(key("message")).toString();
    const QString relaySays = jsonMessage.isEmpty() ? QString::fromUtf8(body.left(300)).trimmed() : jsonMessage.left(300);
    if (status == 201) {
        it->uploadId = QJsonDocument::fromJson(body).object().value(key("upload_id")).toString();
        if (it->uploadId.isEmpty()) {
            finish(clientId, tr("The relay's answer to the upload had no upload id."));
            return;
        }
        sendMessage(clientId);
        return;
    }
    QString reason;
    if (status == 401)
        reason = tr("The relay refused the agent token (%1). Sign in again.").arg(relaySays);
    else if (status == 413 && jsonMessage.isEmpty()) // over 25 MiB; a quota says so itself
        reason = tr("The relay refused “%1” as too large (%2).").arg(it->fileName, relaySays);
    else if (status >= 400)
        reason = tr("The relay refused “%1”: %2").arg(it->fileName, relaySays.isEmpty() ? describeNetworkError(reply) : relaySays);
    else
        reason = tr("Uploading “%1” failed: %2").arg(it->fileName, describeNetworkError(reply));
    finish(clientId, reason);
}

void FileUploader::sendMessage(const QString &clientId)
{
    const auto it = m_jobs.find(clientId);
    if (it == m_jobs.end())
        return;
    if (!isConnected())
        return; // welcomed() sends it
    ++it->sendAttempts;
    it->commandId = m_connection->sendCommand(
        QString(Protocol::ClientFrame::SendMessage),
        {{key("conversation_id"), it->conversationId},
         {key("client_id"), clientId},
         {key("attachment"), QJsonObject{{key("upload_id"), it->uploadId}}}});
    if (it->commandId.isEmpty())
        it->sendAttempts--; // not sent: waits for welcomed()
}

void FileUploader::resendWaiting()
{
    const QList<QString> ids = m_jobs.keys();
    for (const QString &clientId : ids) {
        const Job &job = m_jobs.value(clientId);
        if (!job.uploadId.isEmpty() && job.commandId.isEmpty())
            sendMessage(clientId);
    }
}

void FileUploader::onAnswer(const QString &id, bool ok, const QJsonObject &result, const QString &code,
                            const QString &message)
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (it->commandId != id)
            continue;
        const QString clientId = it.key();
        it->commandId.clear();
        if (ok) {
            const Message sent = Message::fromJson(result.value(key("message")).toObject());
            qCInfo(lcUpload) << "file sent as message" << sent.id;
            m_jobs.erase(it);
            emit fileSent(clientId, sent);
        } else if (code == RelayConnection::Disconnected && it->sendAttempts < MaxSendAttempts) {
            qCInfo(lcUpload) << "connection lost before the relay answered; sending again when back";
        } else if (code == RelayConnection::Disconnected) {
            finish(clientId, tr("“%1” was uploaded, but the connection kept dropping before the relay confirmed it.")
                                 .arg(it->fileName));
        } else {
            finish(clientId, tr("The relay refused to send “%1”: %2").arg(it->fileName, message.isEmpty() ? code : message));
        }
        return;
    }
}

void FileUploader::cancel(const QString &clientId)
{
    const auto it = m_jobs.find(clientId);
    if (it == m_jobs.end() || !it->reply)
        return; // once uploaded, send_message is on its way: too late to take back
    QNetworkReply *reply = it->reply;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
    finish(clientId, tr("Cancelled."));
}

void FileUploader::finish(const QString &clientId, const QString &failure)
{
    m_jobs.remove(clientId);
    qCWarning(lcUpload) << "sending a file failed:" << failure;
    emit sendFailed(clientId, failure);
}

} // namespace Relaydesk::App
