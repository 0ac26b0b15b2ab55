#pragma once

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSize>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include "backoff.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace Relaydesk::App {

class AttachmentDownloader;

// Thumbnails of image attachments and customers' avatars, for delegates that paint
// whatever is there now and repaint when told. request() never blocks: it answers
// from memory or returns a null image and starts work; imageReady() (or imageFailed())
// follows. Reading, decoding and scaling run on a worker thread.
//
// Downloads are kept on disk under the cache location, named by a hash of the URL:
// Meta's CDN URLs carry access tokens, so a URL is never a file name and never logged
// (describeForLog() gives host and hash). A failed URL is remembered, so a row
// repainting does not hammer the server. A download that failed for a passing reason
// (the network gone, the relay restarting: no connection, a timeout, 5xx) is tried
// again by itself with backoff (2 s doubling to a minute, MaxAutomaticRetries times);
// retry() (the agent's tap) and clearFailures() (after a reconnect) try at once.
// Images over 25 MiB are refused; at most maxConcurrentDownloads run at once, the most
// recently requested first (what is on screen now).
class ImageCache : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxImageBytes = 25 * 1024 * 1024;
    // Decoded images are never larger than this on either side (memory, not sharpness).
    static constexpr int MaxDimension = 4096;
    static constexpr int MaxAutomaticRetries = 6;

    // Under QStandardPaths::CacheLocation: images/ and files/.
    explicit ImageCache(QObject *parent = nullptr);
    explicit ImageCache(const QString &directory, QObject *parent = nullptr);
    ~ImageCache() override;

    QString directory() const { return m_directory; }
    void setMaxConcurrentDownloads(int count);
    void setMemoryLimit(qint64 bytes);
    void setTransferTimeout(int ms);
    // Oldest downloaded images beyond this are deleted, now and at each start.
    void setDiskLimit(qint64 bytes);
    // The first automatic retry's delay, doubling up to maxMs; and how many there are.
    void setRetryDelays(int initialMs, int maxMs, int maxRetries = MaxAutomaticRetries);

    // The image at url scaled to fit size (aspect kept, never enlarged; an invalid size
    // means as large as it is, up to MaxDimension); null if not in memory yet.
    QImage request(const QUrl &url, const QSize &size = {});
    bool hasFailed(const QUrl &url) const { return m_failed.contains(keyFor(url)); }
    QString failureReason(const QUrl &url) const { return m_failed.value(keyFor(url)); }
    // Failed, and an automatic retry is coming.
    bool isRetrying(const QUrl &url) const;
    // A failed image downloaded again now (the agent asked); the backoff starts over.
    void retry(const QUrl &url);
    // Every failed image may be asked again (imageRetrying() for each).
    void clearFailures();
    int pendingCount() const { return int(m_pending.size()); }

    // Files, audio and video: see AttachmentDownloader. saved/failed signals below.
    void saveAttachment(const QUrl &url, const QString &destinationPath);
    QString fetchAttachment(const QUrl &url, const QString &fileName);
    void cancelSave(const QString &destinationPath);

    // Hex SHA-256 of the URL: file names and cache keys.
    static QString keyFor(const QUrl &url);
    // Host and a short hash: enough to follow one URL through a log, no token.
    static QString describeForLog(const QUrl &url);

signals:
    void imageReady(const QUrl &url);
    void imageFailed(const QUrl &url, const QString &reason);
    // A failed image is being fetched again: no longer failed, not there yet.
    void imageRetrying(const QUrl &url);
    void attachmentProgress(const QUrl &url, const QString &destinationPath, qint64 received, qint64 total);
    void attachmentSaved(const QUrl &url, const QString &destinationPath);
    void attachmentFailed(const QUrl &url, const QString &destinationPath, const QString &reason);

private:
    struct Pending { QUrl url; QList<QSize> sizes; };
    struct Decoded;
    // Runs on a worker thread.
    static void decode(Decoded &result, const QString &path, const QByteArray &downloaded, const QList<QSize> &sizes);

    void startDecode(const QString &key, const QByteArray &downloaded);
    void onDecoded(const Decoded &result);
    void startDownloads();
    void onDownloaded(const QString &key, QNetworkReply *reply);
    void fail(const QString &key, const QString &reason, bool transient = false);
    void retryNow(const QString &key);
    void onRetryTimer();
    void scheduleRetries();
    void prune();
    QString filePath(const QString &key) const;

    QString m_directory;
    QNetworkAccessManager *m_network;
    AttachmentDownloader *m_downloader;
    QThreadPool m_workers;
    QCache<QString, QImage> m_memory;     // key@WxH -> scaled image, cost in KiB
    QHash<QString, Pending> m_pending;    // URL key -> what is wanted of it
    QList<QString> m_queue;               // URL keys waiting for a download slot, newest last
    QHash<QString, QString> m_failed;     // URL key -> reason
    struct Retry
    {
        QUrl url;
        QList<QSize> sizes;
        Backoff backoff;   // counts the automatic retries
        qint64 due = 0;    // m_clock time of the next automatic retry; 0: none coming
    };
    QHash<QString, Retry> m_retries;      // URL key -> what a failed download was for
    QTimer m_retryTimer;
    QElapsedTimer m_clock;
    int m_retryInitialMs = 2000;
    int m_retryMaxMs = 60'000;
    int m_maxRetries = MaxAutomaticRetries;
    int m_maxDownloads = 4;
    int m_downloading = 0;
    int m_timeoutMs = 30'000;
    qint64 m_diskLimit = 512LL * 1024 * 1024;
};

} // namespace Relaydesk::App
