#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QSaveFile;

namespace Relaydesk::App {

// Files, audio and video of messages, fetched to open or save. Streamed to disk (never
// whole in memory), written atomically so a half-downloaded file never appears at the
// destination. URLs are never logged: Meta's carry tokens.
//
// Files fetched to open are the customer's: each goes into a folder of its own under
// directory, named by AttachmentSafety::fileNameFor() from the customer's name and the
// type the server declared (known only once it answers), and readable by the agent
// alone (0600).
class AttachmentDownloader : public QObject
{
    Q_OBJECT
public:
    // directory: where fetch() keeps files to open (one folder per URL hash).
    AttachmentDownloader(QNetworkAccessManager *network, const QString &directory, QObject *parent = nullptr);
    ~AttachmentDownloader() override;

    void setTransferTimeout(int ms) { m_timeoutMs = ms; }

    // Downloads url to destinationPath (replacing it when complete); saved() or failed() follows.
    // A second save to a destination already being written is ignored.
    void save(const QUrl &url, const QString &destinationPath);
    // For "open": returns the local path at once if the file is already here; else
    // returns an empty string, downloads it, and saved() gives the path (whose
    // extension may differ from fileName's: see AttachmentSafety). progress() and
    // failed() of a fetch name the folder the file goes into.
    QString fetch(const QUrl &url, const QString &fileName);
    // The file fetch() keeps for url, or an empty string if there is none yet.
    QString localPathFor(const QUrl &url) const;
    void cancel(const QString &destinationPath);
    bool isSaving(const QString &destinationPath) const;

signals:
    void progress(const QUrl &url, const QString &destinationPath, qint64 received, qint64 total);
    void saved(const QUrl &url, const QString &destinationPath);
    void failed(const QUrl &url, const QString &destinationPath, const QString &reason);

private:
    // A fetch downloads into a part file beside the folders, then moves it into its folder.
    struct Job { QUrl url; QString path; QSaveFile *file = nullptr; QString fetchName; bool fetch = false; };
    QString folderFor(const QUrl &url) const;
    void start(const QUrl &url, const QString &path, const QString &fetchName, bool fetch);
    // Moves a fetched part file into its folder under its final name; the path, or empty and reason.
    QString placeFetched(const Job &job, const QString &declaredType, QString *reason) const;
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QString m_directory;
    int m_timeoutMs = 60'000;
    QHash<QNetworkReply *, Job> m_jobs;
};

} // namespace Relaydesk::App
