#include "imagecache.h"

#include "appcorelogging.h"
#include "attachmentdownloader.h"
#include "networkerror.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QStandardPaths>

namespace Relaydesk::App {

// What a worker hands back to the cache's thread.
struct ImageCache::Decoded
{
    QString key;
    bool missing = false;   // not on disk: download it
    bool fromDisk = false;
    QString error;
    QList<QPair<QSize, QImage>> images; // per size asked for
};

namespace {

const char TooLargeProperty[] = "relaydesk_too_large";

QString memoryKey(const QString &key, const QSize &size)
{
    if (!size.isValid() || size.isEmpty())
        return key + QStringLiteral("@full");
    return key + QStringLiteral("@%1x%2").arg(size.width()).arg(size.height());
}

// Fits original into wanted, keeping the aspect ratio and never enlarging.
QSize fitted(const QSize &original, const QSize &wanted)
{
    QSize bound(ImageCache::MaxDimension, ImageCache::MaxDimension);
    if (wanted.isValid() && !wanted.isEmpty())
        bound = bound.boundedTo(wanted);
    if (original.width() <= bound.width() && original.height() <= bound.height())
        return original;
    return original.scaled(bound, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

QString tooLarge()
{
    return ImageCache::tr("The image is larger than %1 MiB.").arg(ImageCache::MaxImageBytes / (1024 * 1024));
}

// Runs on a worker thread: deletes the oldest images until the folder fits limit.
void pruneFolder(const QString &directory, qint64 limit)
{
    const QFileInfoList files = QDir(directory).entryInfoList(QDir::Files, QDir::Time); // newest first
    qint64 total = 0;
    int removed = 0;
    for (const QFileInfo &file : files) {
        total += file.size();
        if (total > limit && QFile::remove(file.absoluteFilePath()))
            ++removed;
    }
    if (removed > 0)
        qCInfo(lcMedia) << "removed" << removed << "old images from the cache";
}

} // namespace

ImageCache::ImageCache(QObject *parent)
    : ImageCache(QStandardPaths::writableLocation(QStandardPaths::CacheLocation), parent)
{
}

ImageCache::ImageCache(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory + QStringLiteral("/images"))
    , m_network(new QNetworkAccessManager(this))
    , m_downloader(new AttachmentDownloader(m_network, directory + QStringLiteral("/files"), this))
{
    if (!QDir().mkpath(m_directory))
        qCWarning(lcMedia) << "cannot create the image cache folder" << m_directory;
    m_workers.setMaxThreadCount(2);
    setMemoryLimit(96LL * 1024 * 1024);
    connect(m_downloader, &AttachmentDownloader::progress, this, &ImageCache::attachmentProgress);
    connect(m_downloader, &AttachmentDownloader::saved, this, &ImageCache::attachmentSaved);
    connect(m_downloader, &AttachmentDownloader::failed, this, &ImageCache::attachmentFailed);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ImageCache::onRetryTimer);
    m_clock.start();
    prune();
}

ImageCache::~ImageCache()
{
    // Workers post their results to this object: none may still be running without it.
    m_workers.clear();
    m_workers.waitForDone();
}

void ImageCache::setMaxConcurrentDownloads(int count)
{
    m_maxDownloads = qMax(1, count);
    startDownloads();
}

void ImageCache::setMemoryLimit(qint64 bytes)
{
    m_memory.setMaxCost(int(qMax<qint64>(1, bytes / 1024)));
}

void ImageCache::setTransferTimeout(int ms)
{
    m_timeoutMs = ms;
    m_downloader->setTransferTimeout(ms);
}

void ImageCache::setDiskLimit(qint64 bytes)
{
    m_diskLimit = bytes;
    prune();
}

void ImageCache::setRetryDelays(int initialMs, int maxMs, int maxRetries)
{
    m_retryInitialMs = initialMs;
    m_retryMaxMs = maxMs;
    m_maxRetries = maxRetries;
}

void ImageCache::prune()
{
    m_workers.start([directory = m_directory, limit = m_diskLimit] { pruneFolder(directory, limit); });
}

// Runs on a worker thread: reads (or stores) the bytes and decodes them once, at the
// largest size wanted, then scales down for the others.
void ImageCache::decode(Decoded &result, const QString &path, const QByteArray &downloaded, const QList<QSize> &sizes)
{
    QByteArray data = downloaded;
    result.fromDisk = downloaded.isEmpty();
    if (result.fromDisk) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > MaxImageBytes) {
            result.missing = true;
            return;
        }
        data = file.readAll();
    }
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize original = reader.size();
    if (original.isValid()) {
        QSize largest;
        for (const QSize &size : sizes) {
            const QSize target = fitted(original, size);
            if (qint64(target.width()) * target.height() > qint64(largest.width()) * largest.height() || !largest.isValid())
                largest = target;
        }
        if (largest != original)
            reader.setScaledSize(largest); // JPEG decodes straight to a smaller size
    }
    const QImage image = reader.read();
    if (image.isNull()) {
        result.error = tr("Not an image that can be shown (%1).").arg(reader.errorString());
        if (result.fromDisk)
            QFile::remove(path);
        return;
    }
    if (!result.fromDisk) {
        // Stored only once it decoded: the disk holds images, not error pages.
        QSaveFile out(path);
        // A customer's picture is the agent's alone: 0600 from the start, not after the next start's sweep.
        if (!out.open(QIODevice::WriteOnly) || !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || out.write(data) != data.size() || !out.commit())
            qCWarning(lcMedia) << "could not store an image in the cache:" << out.errorString();
    }
    for (const QSize &size : sizes) {
        const QSize target = fitted(image.size(), size);
        QImage scaled = target == image.size() ? image : image.scaled(target, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        result.images.append({size, scaled.convertToFormat(QImage::Format_ARGB32_Premultiplied)});
    }
}

QString ImageCache::keyFor(const QUrl &url)
{
    return QString::fromLatin1(QCryptographicHash::hash(url.toEncoded(), QCryptographicHash::Sha256).toHex());
}

QString ImageCache::describeForLog(const QUrl &url)
{
    return QStringLiteral("%1#%2").arg(url.host(), keyFor(url).left(12));
}

QString ImageCache::filePath(const QString &key) const
{
    return m_directory + QLatin1Char('/') + key;
}

QImage ImageCache::request(const QUrl &url, const QSize &size)
{
    if (url.isEmpty())
        return {};
    const QString key = keyFor(url);
    if (const QImage *image = m_memory.object(memoryKey(key, size)))
        return *image;
    if (m_failed.contains(key)) {
        // Wanted at this size too, when it is tried again.
        if (const auto retry = m_retries.find(key); retry != m_retries.end() && !retry->sizes.contains(size))
            retry->sizes.append(size);
        return {};
    }
    if (const auto it = m_pending.find(key); it != m_pending.end()) {
        if (!it->sizes.contains(size))
            it->sizes.append(size);
        return {};
    }
    m_pending.insert(key, {url, {size}});
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        // relaydesk-upload:… of a reply being sent, or anything else we cannot fetch.
        // Reported later: request() is called while painting.
        QMetaObject::invokeMethod(this, [this, key] { fail(key, tr("This image cannot be downloaded.")); },
                                  Qt::QueuedConnection);
        return {};
    }
    startDecode(key, {});
    return {};
}

void ImageCache::startDecode(const QString &key, const QByteArray &downloaded)
{
    const auto it = m_pending.constFind(key);
    if (it == m_pending.constEnd())
        return;
    m_workers.start([this, key, path = filePath(key), downloaded, sizes = it->sizes] {
        Decoded result;
        result.key = key;
        decode(result, path, downloaded, sizes);
        QMetaObject::invokeMethod(this, [this, result] { onDecoded(result); }, Qt::QueuedConnection);
    });
}

void ImageCache::onDecoded(const Decoded &result)
{
    const auto it = m_pending.find(result.key);
    if (it == m_pending.end())
        return;
    if (result.missing || (!result.error.isEmpty() && result.fromDisk)) {
        // Not cached, or cached and unreadable (the worker removed it): download.
        m_queue.append(result.key);
        startDownloads();
        return;
    }
    if (!result.error.isEmpty()) {
        fail(result.key, result.error);
        return;
    }
    m_retries.remove(result.key);
    QList<QSize> done;
    for (const auto &[size, image] : result.images) {
        QImage fitting = image;
        // QCache drops what costs more than its limit, and a miss would decode again on
        // every repaint: make it fit.
        while (fitting.sizeInBytes() / 1024 > m_memory.maxCost() && fitting.width() > 1 && fitting.height() > 1)
            fitting = fitting.scaled(fitting.size() / 2, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        m_memory.insert(memoryKey(result.key, size), new QImage(fitting), int(qMax<qint64>(1, fitting.sizeInBytes() / 1024)));
        done.append(size);
    }
    const QUrl url = it->url;
    QList<QSize> &wanted = it->sizes;
    wanted.erase(std::remove_if(wanted.begin(), wanted.end(), [&done](const QSize &s) { return done.contains(s); }),
                 wanted.end());
    if (wanted.isEmpty())
        m_pending.erase(it);
    else
        startDecode(result.key, {}); // sizes asked for while this one was decoding
    emit imageReady(url);
}

void ImageCache::startDownloads()
{
    while (m_downloading < m_maxDownloads && !m_queue.isEmpty()) {
        // Newest first: the rows requested last are the ones on screen now.
        const QString key = m_queue.takeLast();
        const auto it = m_pending.constFind(key);
        if (it == m_pending.constEnd())
            continue;
        QNetworkRequest request(it->url);
        request.setTransferTimeout(m_timeoutMs);
        QNetworkReply *reply = m_network->get(request);
        ++m_downloading;
        qCDebug(lcMedia) << "downloading" << describeForLog(it->url);
        auto refuseIfTooLarge = [reply](qint64 size) {
            if (size > MaxImageBytes && !reply->property(TooLargeProperty).toBool()) {
                reply->setProperty(TooLargeProperty, true);
                reply->abort();
            }
        };
        connect(reply, &QNetworkReply::metaDataChanged, this, [reply, refuseIfTooLarge] {
            refuseIfTooLarge(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
        });
        connect(reply, &QNetworkReply::downloadProgress, this, [refuseIfTooLarge](qint64 received, qint64) {
            refuseIfTooLarge(received);
        });
        connect(reply, &QNetworkReply::finished, this, [this, key, reply] { onDownloaded(key, reply); });
    }
}

void ImageCache::onDownloaded(const QString &key, QNetworkReply *reply)
{
    reply->deleteLater();
    --m_downloading;
    if (reply->property(TooLargeProperty).toBool()) {
        fail(key, tooLarge());
    } else if (reply->error() != QNetworkReply::NoError) {
        fail(key, describeNetworkError(reply), isTransientNetworkError(reply));
    } else {
        const QByteArray data = reply->readAll();
        if (data.size() > MaxImageBytes)
            fail(key, tooLarge());
        else if (data.isEmpty())
            fail(key, tr("The server sent an empty image."));
        else
            startDecode(key, data);
    }
    startDownloads();
}

void ImageCache::fail(const QString &key, const QString &reason, bool transient)
{
    const auto it = m_pending.constFind(key);
    if (it == m_pending.constEnd())
        return;
    const QUrl url = it->url;
    Retry &retry = m_retries[key]; // kept for a retry; counts on from earlier failures
    if (retry.url.isEmpty()) {
        retry.url = url;
        retry.backoff.setRange(m_retryInitialMs, m_retryMaxMs);
    }
    retry.sizes = it->sizes;
    retry.due = 0;
    m_pending.erase(it);
    m_failed.insert(key, reason);
    if (transient && retry.backoff.attempts() < m_maxRetries) {
        const int delay = retry.backoff.nextDelayMs();
        retry.due = m_clock.elapsed() + delay;
        scheduleRetries();
        qCInfo(lcMedia) << "image failed:" << describeForLog(url) << reason << "- trying again in" << delay << "ms";
    } else {
        qCInfo(lcMedia) << "image failed:" << describeForLog(url) << reason;
    }
    emit imageFailed(url, reason);
}

bool ImageCache::isRetrying(const QUrl &url) const
{
    const auto it = m_retries.constFind(keyFor(url));
    return it != m_retries.constEnd() && it->due > 0;
}

void ImageCache::retry(const QUrl &url)
{
    const QString key = keyFor(url);
    const auto it = m_retries.find(key);
    if (it == m_retries.end() || !m_failed.contains(key))
        return;
    it->backoff.reset();
    retryNow(key);
    scheduleRetries();
}

void ImageCache::clearFailures()
{
    const QStringList keys = m_failed.keys();
    for (const QString &key : keys) {
        if (const auto it = m_retries.find(key); it != m_retries.end()) {
            it->backoff.reset();
            retryNow(key);
        }
    }
    m_failed.clear(); // without a record of what was wanted: asked again when painted
    scheduleRetries();
}

void ImageCache::retryNow(const QString &key)
{
    Retry &retry = m_retries[key];
    retry.due = 0;
    m_failed.remove(key);
    if (m_pending.contains(key))
        return;
    // Straight to the network: the disk had no copy when it failed.
    m_pending.insert(key, {retry.url, retry.sizes});
    m_queue.append(key);
    qCDebug(lcMedia) << "trying again:" << describeForLog(retry.url);
    const QUrl url = retry.url; // startDownloads() may fail it at once, which touches m_retries
    emit imageRetrying(url);
    startDownloads();
}

void ImageCache::onRetryTimer()
{
    const qint64 now = m_clock.elapsed();
    QStringList due;
    for (auto it = m_retries.cbegin(); it != m_retries.cend(); ++it)
        if (it->due > 0 && it->due <= now)
            due.append(it.key());
    for (const QString &key : std::as_const(due))
        retryNow(key);
    scheduleRetries();
}

void ImageCache::scheduleRetries()
{
    qint64 next = 0;
    for (const Retry &retry : std::as_const(m_retries))
        if (retry.due > 0 && (next == 0 || retry.due < next))
            next = retry.due;
    if (next == 0)
        m_retryTimer.stop();
    else
        m_retryTimer.start(int(qMax<qint64>(0, next - m_clock.elapsed())));
}

void ImageCache::saveAttachment(const QUrl &url, const QString &destinationPath)
{
    m_downloader->save(url, destinationPath);
}

QString ImageCache::fetchAttachment(const QUrl &url, const QString &fileName)
{
    return m_downloader->fetch(url, fileName);
}

void ImageCache::cancelSave(const QString &destinationPath)
{
    m_downloader->cancel(destinationPath);
}

} // namespace Relaydesk::App
