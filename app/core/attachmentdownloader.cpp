#include "attachmentdownloader.h"

#include "appcorelogging.h"
#include "attachmentsafety.h"
#include "imagecache.h"
#include "networkerror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>

#include <memory>

namespace Relaydesk::App {

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

QString AttachmentDownloader::folderFor(const QUrl &url) const
{
    return m_directory + QLatin1Char('/') + ImageCache::keyFor(url);
}

QString AttachmentDownloader::localPathFor(const QUrl &url) const
{
    // A folder holds its file only once it is complete (placeFetched()).
    const QDir folder(folderFor(url));
    const QStringList files = folder.entryList(QDir::Files | QDir::Hidden | QDir::System);
    return files.isEmpty() ? QString() : folder.filePath(files.first());
}

QString AttachmentDownloader::fetch(const QUrl &url, const QString &fileName)
{
    const QString path = localPathFor(url);
    if (!path.isEmpty())
        return path;
    for (const Job &job : std::as_const(m_jobs))
        if (job.fetch && job.url == url)
            return {}; // on its way
    start(url, folderFor(url), fileName, true);
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
    start(url, destinationPath, {}, false);
}

void AttachmentDownloader::start(const QUrl &url, const QString &path, const QString &fetchName, bool fetch)
{
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        emit failed(url, path, tr("This attachment cannot be downloaded."));
        return;
    }
    // A fetch writes <folder>.part next to the folders; the folder appears when it is whole.
    const QString filePath = fetch ? path + QStringLiteral(".part") : path;
    if (!QDir().mkpath(QFileInfo(filePath).absolutePath())) {
        emit failed(url, path, tr("Could not create the folder for %1.").arg(path));
        return;
    }
    auto *file = new QSaveFile(filePath);
    if (!file->open(QIODevice::WriteOnly)) {
        const QString reason = tr("Could not write %1: %2").arg(filePath, file->errorString());
        delete file;
        emit failed(url, path, reason);
        return;
    }
    if (fetch) {
        // A customer's file: the agent's alone.
        QFile::setPermissions(m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    m_jobs.insert(reply, {url, path, file, fetchName, fetch});
    qCDebug(lcMedia) << "downloading" << ImageCache::describeForLog(url);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        const auto it = m_jobs.constFind(reply);
        if (it != m_jobs.constEnd())
            emit progress(it->url, it->path, received, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

QString AttachmentDownloader::placeFetched(const Job &job, const QString &declaredType, QString *reason) const
{
    const QString part = job.path + QStringLiteral(".part");
    const QString name = AttachmentSafety::fileNameFor(job.fetchName.isEmpty() ? job.url.fileName() : job.fetchName,
                                                       declaredType);
    const QString target = job.path + QLatin1Char('/') + name;
    if (!QDir().mkpath(job.path) || !QFile::setPermissions(job.path, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                                         | QFileDevice::ExeOwner)) {
        *reason = tr("Could not create the folder for %1.").arg(name);
        QFile::remove(part);
        return {};
    }
    QFile::remove(target); // an older copy (there is none unless the folder was tampered with)
    if (!QFile::rename(part, target)) {
        *reason = tr("Could not write %1.").arg(target);
        QFile::remove(part);
        QDir().rmdir(job.path);
        return {};
    }
    return target;
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
    QString path = job.path;
    if (reason.isEmpty()) {
        file->write(reply->readAll());
        if (!file->commit())
            reason = tr("Could not write %1: %2").arg(file->fileName(), file->errorString());
        else if (job.fetch)
            path = placeFetched(job, reply->header(QNetworkRequest::ContentTypeHeader).toString(), &reason);
    } else {
        file->cancelWriting();
    }
    if (!reason.isEmpty()) {
        qCWarning(lcMedia) << "download failed:" << ImageCache::describeForLog(job.url) << reason;
        emit failed(job.url, job.path, reason);
        return;
    }
    emit saved(job.url, path);
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
