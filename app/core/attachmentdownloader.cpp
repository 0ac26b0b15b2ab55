#include "attachmentdownloader.h"

#include "appcorelogging.h"
#include "imagecache.h"
#include "networkerror.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>

#include <memory>

namespace Relaydesk::App {

namespace {
// A name from a message may hold anything: keep it a plain file name.
QString safeFileName(const QString &name, const QUrl &url)
{
    QString clean = QFileInfo(name).fileName();
    for (QChar &c : clean)
        if (c.unicode() < 0x20 || c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char(':'))
            c = QLatin1Char('_');
    if (clean.startsWith(QLatin1Char('.')))
        clean.prepend(QLatin1Char('_'));
    if (clean.isEmpty())
        clean = url.fileName(); // the path's last segment; tokens live in the query
    if (clean.isEmpty())
        clean = QStringLiteral("attachment");
    return clean.left(200);
}
} // namespace

AttachmentDownloader::AttachmentDownloader(QNetworkAccessManager *network, const QString &directory, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_directory(directory)
{
}

AttachmentDownloader::~AttachmentDownloader()
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
        it->file->cancelWriting();
        delete it->file;
    }
}

QString AttachmentDownloader::localPathFor(const QUrl &url, const QString &fileName) const
{
    return m_directory + QLatin1Char('/') + ImageCache::keyFor(url) + QLatin1Char('/') + safeFileName(fileName, url);
}

QString AttachmentDownloader::fetch(const QUrl &url, const QString &fileName)
{
    const QString path = localPathFor(url, fileName);
    if (QFileInfo::exists(path))
        return path;
    save(url, path);
    return {};
}

bool AttachmentDownloader::isSaving(const QString &destinationPath) const
{
    for (const Job &job : m_jobs)
        if (job.path == destinationPath)
            return true;
    return false;
}

void AttachmentDownloader::save(const QUrl &url, const QString &destinationPath)
{
    if (isSaving(destinationPath))
        return;
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        emit failed(url, destinationPath, tr("This attachment cannot be downloaded."));
        return;
    }
    if (!QDir().mkpath(QFileInfo(destinationPath).absolutePath())) {
        emit failed(url, destinationPath, tr("Could not create the folder for %1.").arg(destinationPath));
        return;
    }
    auto *file = new QSaveFile(destinationPath);
    if (!file->open(QIODevice::WriteOnly)) {
        const QString reason = tr("Could not write %1: %2").arg(destinationPath, file->errorString());
        delete file;
        emit failed(url, destinationPath, reason);
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    m_jobs.insert(reply, {url, destinationPath, file});
    qCDebug(lcMedia) << "downloading" << ImageCache::describeForLog(url);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        const auto it = m_jobs.constFind(reply);
        if (it != m_jobs.constEnd())
            emit progress(it->url, it->path, received, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void AttachmentDownloader::onReadyRead(QNetworkReply *reply)
{
    const auto it = m_jobs.find(reply);
    if (it == m_jobs.end())
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300)
        return; // an error page is not the file
    const QByteArray chunk = reply->readAll();
    if (it->file->write(chunk) != chunk.size())
        reply->abort(); // finished() reports the file's error
}

void AttachmentDownloader::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    const Job job = m_jobs.take(reply);
    if (!job.file)
        return;
    std::unique_ptr<QSaveFile> file(job.file);
    QString reason;
    if (file->error() != QFileDevice::NoError)
        reason = tr("Could not write %1: %2").arg(job.path, file->errorString());
    else if (reply->error() != QNetworkReply::NoError)
        reason = describeNetworkError(reply);
    if (reason.isEmpty()) {
        file->write(reply->readAll());
        if (!file->commit())
            reason = tr("Could not write %1: %2").arg(job.path, file->errorString());
    } else {
        file->cancelWriting();
    }
    if (!reason.isEmpty()) {
        qCWarning(lcMedia) << "download failed:" << ImageCache::describeForLog(job.url) << reason;
        // fetch() made a folder for it; a user's own folder is left alone.
        const QString folder = QFileInfo(job.path).absolutePath();
        if (folder.startsWith(m_directory + QLatin1Char('/')))
            QDir().rmdir(folder); // only if empty
        emit failed(job.url, job.path, reason);
        return;
    }
    emit saved(job.url, job.path);
}

void AttachmentDownloader::cancel(const QString &destinationPath)
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (it->path != destinationPath)
            continue;
        QNetworkReply *reply = it.key();
        it->file->cancelWriting();
        delete it->file;
        const QUrl url = it->url;
        m_jobs.erase(it);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        emit failed(url, destinationPath, tr("Cancelled."));
        return;
    }
}

} // namespace Relaydesk::App
