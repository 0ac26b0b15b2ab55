#include "httpserver.h"
#include "imagecache.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

// Meta's CDN URLs carry tokens like this one in their query.
const QByteArray Token = "oh=SECRET_CDN_TOKEN_1234";

QByteArray png(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QStringList logged;
// Ours only: the test's HTTP server logs the paths it serves.
void recordLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (QByteArray(context.category).startsWith("relaydesk.app"))
        logged.append(message);
}

} // namespace

// The cache against a real HTTP server on loopback (the relay's own), counting what it is asked.
class TestImageCache : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void firstRequestMissesThenHitsMemory();
    void newInstanceHitsTheDiskWithoutNetwork();
    void notFoundIsRemembered();
    void oversizedAndNonImagesAreRefused();
    void downloadsAreCapped();
    void attachmentsAreSavedAndFetched();
    void urlsAndTokensNeverReachLogsOrFileNames();
    void serverErrorsAreRetriedWithBackoff();
    void lostServerIsRetriedUntilItIsBack();
    void retriesStopAndATapTriesAgain();

private:
    QUrl url(const QString &path) const;
    int hits(const QString &path) const { return m_hits.value(path.toUtf8()); }

    Http::HttpServer m_server{Http::HttpServer::Options{}};
    QHash<QByteArray, int> m_hits;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_flakyFailures = 2;
    QByteArray m_photo;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestImageCache::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_photo = png(300, 200, Qt::darkCyan);
    m_server.route("GET", "/*", [this](const Http::HttpRequest &request, const Http::HttpResponder &responder) {
        m_hits[request.path] += 1;
        Http::HttpResponse response;
        if (request.path.startsWith("/photo") || request.path.startsWith("/avatar")) {
            response.contentType = "image/png";
            response.body = m_photo;
        } else if (request.path.startsWith("/slow/")) {
            // Answered later, so the test sees how many are asked at once.
            m_maxInFlight = qMax(m_maxInFlight, ++m_inFlight);
            QTimer::singleShot(150, this, [this, responder] {
                --m_inFlight;
                Http::HttpResponse slow;
                slow.contentType = "image/png";
                slow.body = png(10, 10, Qt::red);
                responder.respond(slow);
            });
            return;
        } else if (request.path.startsWith("/flaky/")) {
            // A relay restarting behind its proxy: 503 for the first m_flakyFailures asks.
            if (m_hits[request.path] <= m_flakyFailures) {
                response = Http::HttpResponse::error(503);
            } else {
                response.contentType = "image/png";
                response.body = m_photo;
            }
        } else if (request.path == "/huge.png") {
            response.contentType = "image/png";
            response.body = QByteArray(ImageCache::MaxImageBytes + 1024, 'x');
        } else if (request.path == "/page.png") {
            response.contentType = "text/html";
            response.body = "<html>not an image</html>";
        } else if (request.path == "/invoice.pdf") {
            response.contentType = "application/pdf";
            response.body = "%PDF-1.4 an invoice\n" + QByteArray(200'000, 'p');
        } else {
            response = Http::HttpResponse::error(404);
        }
        responder.respond(response);
    });
    QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
}

void TestImageCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hits.clear();
}

void TestImageCache::cleanup()
{
    m_dir.reset();
}

QUrl TestImageCache::url(const QString &path) const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_server.serverPort());
    u.setPath(path);
    u.setQuery(QString::fromLatin1(Token));
    return u;
}

void TestImageCache::firstRequestMissesThenHitsMemory()
{
    ImageCache cache(m_dir->path());
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    const QUrl photo = url(QStringLiteral("/photo1.png"));

    QVERIFY(cache.request(photo, QSize(64, 64)).isNull());
    QVERIFY(cache.request(photo, QSize(64, 64)).isNull()); // still loading: no second download
    QVERIFY(ready.wait());
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.first().at(0).toUrl(), photo);
    QCOMPARE(hits(QStringLiteral("/photo1.png")), 1);

    const QImage thumb = cache.request(photo, QSize(64, 64));
    QVERIFY(!thumb.isNull());
    QCOMPARE(thumb.size(), QSize(64, 42)); // 300x200 fitted, aspect kept (QSize::scaled rounds down)
    QCOMPARE(thumb.pixelColor(30, 20), QColor(Qt::darkCyan));

    // Another size: decoded from the disk copy, not downloaded again.
    QVERIFY(cache.request(photo, QSize(30, 30)).isNull());
    QVERIFY(ready.wait());
    QCOMPARE(cache.request(photo, QSize(30, 30)).size(), QSize(30, 20));
    // Never enlarged; no size means as large as it is.
    QVERIFY(cache.request(photo, QSize(1000, 1000)).isNull());
    QVERIFY(cache.request(photo).isNull());
    QTRY_VERIFY(!cache.request(photo).isNull());
    QCOMPARE(cache.request(photo, QSize(1000, 1000)).size(), QSize(300, 200));
    QCOMPARE(cache.request(photo).size(), QSize(300, 200));
    QCOMPARE(hits(QStringLiteral("/photo1.png")), 1);
    QCOMPARE(cache.pendingCount(), 0);
}

void TestImageCache::newInstanceHitsTheDiskWithoutNetwork()
{
    const QUrl avatar = url(QStringLiteral("/avatar/6920154378193526.png"));
    {
        ImageCache first(m_dir->path());
        QSignalSpy ready(&first, &ImageCache::imageReady);
        QVERIFY(first.request(avatar, QSize(40, 40)).isNull());
        QVERIFY(ready.wait());
    }
    QCOMPARE(hits(QStringLiteral("/avatar/6920154378193526.png")), 1);
    // The stored picture is the agent's alone (a customer's photo), whatever the umask.
    const QDir stored(ImageCache(m_dir->path()).directory());
    const QFileInfoList files = stored.entryInfoList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QCOMPARE(int(files.first().permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther
                                                | QFile::WriteOther)), 0);

    ImageCache second(m_dir->path());
    QSignalSpy ready(&second, &ImageCache::imageReady);
    QVERIFY(second.request(avatar, QSize(40, 40)).isNull()); // not in this instance's memory
    QVERIFY(ready.wait());
    QCOMPARE(second.request(avatar, QSize(40, 40)).size(), QSize(40, 26));
    QCOMPARE(hits(QStringLiteral("/avatar/6920154378193526.png")), 1); // from the disk
}

void TestImageCache::notFoundIsRemembered()
{
    ImageCache cache(m_dir->path());
    cache.setRetryDelays(20, 50); // a 404 is an answer: never tried again by itself
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    const QUrl missing = url(QStringLiteral("/gone.png"));
    QVERIFY(cache.request(missing, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().at(0).toUrl(), missing);
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("404")), qPrintable(failed.first().at(1).toString()));
    QVERIFY(cache.hasFailed(missing));
    QVERIFY(!cache.isRetrying(missing));

    // Every repaint asks again: no new download, no new signal.
    for (int i = 0; i < 20; ++i)
        QVERIFY(cache.request(missing, QSize(64, 64)).isNull());
    QVERIFY(!failed.wait(300));
    QCOMPARE(hits(QStringLiteral("/gone.png")), 1);
    QCOMPARE(ready.size(), 0);

    cache.clearFailures();
    QVERIFY(!cache.hasFailed(missing));
    QVERIFY(cache.request(missing, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QCOMPARE(hits(QStringLiteral("/gone.png")), 2);

    // What cannot be downloaded at all (a reply's upload still on its way) fails quietly later.
    const QUrl upload(QStringLiteral("relaydesk-upload:abc"));
    QVERIFY(cache.request(upload, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QVERIFY(cache.hasFailed(upload));
}

void TestImageCache::oversizedAndNonImagesAreRefused()
{
    ImageCache cache(m_dir->path());
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    const QUrl huge = url(QStringLiteral("/huge.png"));
    QVERIFY(cache.request(huge, QSize(64, 64)).isNull());
    QVERIFY(failed.wait(20'000));
    QVERIFY2(failed.last().at(1).toString().contains(QStringLiteral("25 MiB")), qPrintable(failed.last().at(1).toString()));
    QVERIFY(cache.hasFailed(huge));

    const QUrl page = url(QStringLiteral("/page.png"));
    QVERIFY(cache.request(page, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QCOMPARE(failed.last().at(0).toUrl(), page);
    QVERIFY(cache.hasFailed(page));
    // Neither was kept on disk.
    QCOMPARE(QDir(cache.directory()).entryList(QDir::Files), QStringList());
}

void TestImageCache::downloadsAreCapped()
{
    ImageCache cache(m_dir->path());
    cache.setMaxConcurrentDownloads(2);
    m_maxInFlight = 0;
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    for (int i = 0; i < 6; ++i)
        QVERIFY(cache.request(url(QStringLiteral("/slow/%1.png").arg(i)), QSize(10, 10)).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 6, 10'000);
    QCOMPARE(m_maxInFlight, 2);
    for (int i = 0; i < 6; ++i)
        QVERIFY(!cache.request(url(QStringLiteral("/slow/%1.png").arg(i)), QSize(10, 10)).isNull());
}

void TestImageCache::attachmentsAreSavedAndFetched()
{
    ImageCache cache(m_dir->path());
    QSignalSpy saved(&cache, &ImageCache::attachmentSaved);
    QSignalSpy failed(&cache, &ImageCache::attachmentFailed);
    QSignalSpy progress(&cache, &ImageCache::attachmentProgress);
    const QUrl invoice = url(QStringLiteral("/invoice.pdf"));
    QTemporaryDir target;
    const QString destination = target.filePath(QStringLiteral("Invoice 4711.pdf"));

    cache.saveAttachment(invoice, destination);
    QVERIFY(saved.wait());
    QCOMPARE(saved.first().at(1).toString(), destination);
    QFile file(destination);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.startsWith("%PDF-1.4 an invoice"));
    QCOMPARE(content.size(), 20 + 200'000);
    QVERIFY(!progress.isEmpty());

    // To open: fetched once into the cache, then at hand.
    QCOMPARE(cache.fetchAttachment(invoice, QStringLiteral("../../evil/invoice.pdf")), QString());
    QVERIFY(saved.wait());
    const QString local = saved.last().at(1).toString();
    QVERIFY(local.startsWith(m_dir->path()));
    QVERIFY(local.endsWith(QStringLiteral("/invoice.pdf")));
    QVERIFY(!local.contains(QStringLiteral("evil")));
    QCOMPARE(cache.fetchAttachment(invoice, QStringLiteral("../../evil/invoice.pdf")), local);
    QCOMPARE(hits(QStringLiteral("/invoice.pdf")), 2);

    // A failure leaves nothing behind at the destination.
    const QString nothing = target.filePath(QStringLiteral("nothing.pdf"));
    cache.saveAttachment(url(QStringLiteral("/gone.pdf")), nothing);
    QVERIFY(failed.wait());
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("404")));
    QVERIFY(!QFile::exists(nothing));
}

void TestImageCache::urlsAndTokensNeverReachLogsOrFileNames()
{
    logged.clear();
    QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.app.media.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(recordLog);
    auto restore = qScopeGuard([previous] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    });
    {
        ImageCache cache(m_dir->path());
        QSignalSpy ready(&cache, &ImageCache::imageReady);
        QSignalSpy failed(&cache, &ImageCache::imageFailed);
        QSignalSpy saved(&cache, &ImageCache::attachmentSaved);
        QSignalSpy saveFailed(&cache, &ImageCache::attachmentFailed);
        cache.request(url(QStringLiteral("/photo-log.png")), QSize(20, 20));
        cache.request(url(QStringLiteral("/missing-log.png")), QSize(20, 20));
        cache.fetchAttachment(url(QStringLiteral("/invoice.pdf")), QStringLiteral("invoice.pdf"));
        cache.fetchAttachment(url(QStringLiteral("/missing.pdf")), QStringLiteral("missing.pdf"));
        QTRY_VERIFY(ready.size() == 1 && failed.size() == 1 && saved.size() == 1 && saveFailed.size() == 1);
        const QString reasons = failed.first().at(1).toString() + saveFailed.first().at(2).toString();
        QVERIFY(!reasons.contains(QString::fromLatin1(Token)));
        QVERIFY(!reasons.contains(QStringLiteral("missing")));
    }
    QVERIFY(!logged.isEmpty()); // the debug category did log
    for (const QString &line : std::as_const(logged)) {
        QVERIFY2(!line.contains(QString::fromLatin1(Token)), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("-log.png")), qPrintable(line));
    }
    // File names are hashes.
    const QRegularExpression hash(QStringLiteral("^[0-9a-f]{64}$"));
    const QStringList images = QDir(m_dir->filePath(QStringLiteral("images"))).entryList(QDir::Files);
    QCOMPARE(images.size(), 1);
    QVERIFY(hash.match(images.first()).hasMatch());
    const QStringList files = QDir(m_dir->filePath(QStringLiteral("files"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(files.size(), 1);
    QVERIFY(hash.match(files.first()).hasMatch());
}

void TestImageCache::serverErrorsAreRetriedWithBackoff()
{
    m_flakyFailures = 2;
    ImageCache cache(m_dir->path());
    cache.setRetryDelays(100, 1000);
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    QSignalSpy retrying(&cache, &ImageCache::imageRetrying);
    const QUrl photo = url(QStringLiteral("/flaky/photo.png"));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(cache.request(photo, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("503")), qPrintable(failed.first().at(1).toString()));
    // Meanwhile: failed (the view offers "tap to retry"), with a retry coming.
    QVERIFY(cache.hasFailed(photo));
    QVERIFY(cache.isRetrying(photo));
    QVERIFY(cache.request(photo, QSize(64, 64)).isNull());
    QCOMPARE(hits(QStringLiteral("/flaky/photo.png")), 1);

    // Tried again by itself, with nobody asking: 503 once more, then the image.
    QVERIFY(ready.wait(5000));
    QCOMPARE(failed.size(), 2);
    QCOMPARE(retrying.size(), 2);
    QCOMPARE(hits(QStringLiteral("/flaky/photo.png")), 3);
    // Backoff: 100 ms then 200 ms, each shortened by up to a quarter.
    QVERIFY2(clock.elapsed() >= 75 + 150, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!cache.hasFailed(photo));
    QVERIFY(!cache.isRetrying(photo));
    const QImage image = cache.request(photo, QSize(64, 64));
    QCOMPARE(image.size(), QSize(64, 42));
    QCOMPARE(cache.pendingCount(), 0);
}

void TestImageCache::lostServerIsRetriedUntilItIsBack()
{
    // The relay that serves the images goes away (connection refused), then is back on its port.
    Http::HttpServer relay{Http::HttpServer::Options{}};
    int served = 0;
    relay.route("GET", "/*", [this, &served](const Http::HttpRequest &, const Http::HttpResponder &responder) {
        ++served;
        Http::HttpResponse response;
        response.contentType = "image/png";
        response.body = m_photo;
        responder.respond(response);
    });
    QVERIFY(relay.listen(QHostAddress::LocalHost, 0));
    const quint16 port = relay.serverPort();
    relay.stopListening();
    QUrl photo = url(QStringLiteral("/media/photo.png"));
    photo.setPort(port);

    ImageCache cache(m_dir->path());
    cache.setRetryDelays(100, 200);
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    QVERIFY(cache.request(photo, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QVERIFY(cache.isRetrying(photo));
    QVERIFY(failed.wait()); // tried again: still down
    QVERIFY(ready.isEmpty());

    QVERIFY(relay.listen(QHostAddress::LocalHost, port));
    QVERIFY(ready.wait(5000));
    QCOMPARE(served, 1);
    QVERIFY(!cache.request(photo, QSize(64, 64)).isNull());
    QVERIFY(!cache.hasFailed(photo));
}

void TestImageCache::retriesStopAndATapTriesAgain()
{
    m_flakyFailures = 1000; // down for good
    ImageCache cache(m_dir->path());
    cache.setRetryDelays(20, 40, 2);
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    QSignalSpy failed(&cache, &ImageCache::imageFailed);
    const QUrl photo = url(QStringLiteral("/flaky/down.png"));
    QVERIFY(cache.request(photo, QSize(64, 64)).isNull());
    // The first try and two retries, then it waits for the agent.
    QTRY_COMPARE(failed.size(), 3);
    QTRY_VERIFY(!cache.isRetrying(photo));
    QVERIFY(cache.hasFailed(photo));
    QVERIFY(!failed.wait(300));
    QCOMPARE(hits(QStringLiteral("/flaky/down.png")), 3);

    // The agent taps the image after the relay came back.
    m_flakyFailures = 0;
    cache.retry(photo);
    QVERIFY(!cache.hasFailed(photo));
    QVERIFY(ready.wait());
    QCOMPARE(hits(QStringLiteral("/flaky/down.png")), 4);
    QVERIFY(!cache.request(photo, QSize(64, 64)).isNull());

    // A reconnect tries every failed image again at once.
    m_flakyFailures = 1000;
    const QUrl other = url(QStringLiteral("/flaky/other.png"));
    cache.setRetryDelays(60'000, 60'000);
    QVERIFY(cache.request(other, QSize(64, 64)).isNull());
    QVERIFY(failed.wait());
    QVERIFY(cache.isRetrying(other));
    m_flakyFailures = 0;
    QSignalSpy retrying(&cache, &ImageCache::imageRetrying);
    cache.clearFailures();
    QCOMPARE(retrying.size(), 1);
    QVERIFY(ready.wait());
    QCOMPARE(ready.last().at(0).toUrl(), other);
}

QTEST_GUILESS_MAIN(TestImageCache)
#include "tst_imagecache.moc"
