#include "attachmentdownloader.h"
#include "httpserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {
constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ReadUser | QFileDevice::WriteUser;
constexpr QFileDevice::Permissions OwnerOnlyFolder = OwnerOnlyFile | QFileDevice::ExeOwner | QFileDevice::ExeUser;
} // namespace

// Customers' files fetched to open, against a real HTTP server on loopback: where they
// land, under which name, readable by whom.
class TestAttachmentDownloader : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void nameFollowsTheDeclaredType();
    void nameFromTheUrlWhenTheCustomerGaveNone();
    void fetchedFilesAreTheAgentsAlone();
    void failureLeavesNothing();
    void oneDownloadPerUrl();

private:
    QUrl url(const QString &path) const;
    QString fetchAndWait(AttachmentDownloader &downloader, const QUrl &url, const QString &name);

    Http::HttpServer m_server{Http::HttpServer::Options{}};
    QHash<QByteArray, int> m_hits;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAttachmentDownloader::initTestCase()
{
    m_server.route("GET", "/*", [this](const Http::HttpRequest &request, const Http::HttpResponder &responder) {
        m_hits[request.path] += 1;
        Http::HttpResponse response;
        if (request.path.startsWith("/pdf/")) {
            response.contentType = "application/pdf";
            response.body = "%PDF-1.4 an invoice\n" + QByteArray(100'000, 'p');
        } else if (request.path.startsWith("/jpeg/")) {
            response.contentType = "image/jpeg";
            response.body = QByteArray("\xff\xd8\xff\xe0", 4) + QByteArray(1000, 'j');
        } else {
            response = Http::HttpResponse::error(404);
        }
        responder.respond(response);
    });
    QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
}

void TestAttachmentDownloader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hits.clear();
}

QUrl TestAttachmentDownloader::url(const QString &path) const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_server.serverPort());
    u.setPath(path);
    u.setQuery(QStringLiteral("oh=token"));
    return u;
}

QString TestAttachmentDownloader::fetchAndWait(AttachmentDownloader &downloader, const QUrl &url, const QString &name)
{
    QSignalSpy saved(&downloader, &AttachmentDownloader::saved);
    if (!downloader.fetch(url, name).isEmpty() || !saved.wait(10'000))
        return {};
    return saved.first().at(1).toString();
}

void TestAttachmentDownloader::nameFollowsTheDeclaredType()
{
    AttachmentDownloader downloader(&m_network, m_dir->path());
    // Sent as a PDF, named as a program: stored so that it opens as what it claimed to be.
    const QUrl lying = url(QStringLiteral("/pdf/1"));
    const QString path = fetchAndWait(downloader, lying, QStringLiteral("report.pdf.exe"));
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("report.pdf.exe.pdf"));
    QVERIFY(path.startsWith(m_dir->path() + QLatin1Char('/')));
    QCOMPARE(QFileInfo(path).size(), 20 + 100'000);
    // At hand the next time, without the network.
    QCOMPARE(downloader.fetch(lying, QStringLiteral("report.pdf.exe")), path);
    QCOMPARE(m_hits.value("/pdf/1"), 1);

    const QString honest = fetchAndWait(downloader, url(QStringLiteral("/pdf/2")), QStringLiteral("../../Invoice 4711.pdf"));
    QCOMPARE(QFileInfo(honest).fileName(), QStringLiteral("Invoice 4711.pdf"));
    QVERIFY(!honest.contains(QStringLiteral("..")));
}

void TestAttachmentDownloader::nameFromTheUrlWhenTheCustomerGaveNone()
{
    AttachmentDownloader downloader(&m_network, m_dir->path());
    const QString path = fetchAndWait(downloader, url(QStringLiteral("/jpeg/scan")), QString());
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("scan.jpg"));
}

void TestAttachmentDownloader::fetchedFilesAreTheAgentsAlone()
{
    AttachmentDownloader downloader(&m_network, m_dir->path());
    const QString path = fetchAndWait(downloader, url(QStringLiteral("/pdf/3")), QStringLiteral("a.pdf"));
    QVERIFY(!path.isEmpty());
    QCOMPARE(QFileInfo(path).permissions(), OwnerOnlyFile);
    QCOMPARE(QFileInfo(QFileInfo(path).absolutePath()).permissions(), OwnerOnlyFolder);
    QCOMPARE(QFileInfo(m_dir->path()).permissions(), OwnerOnlyFolder);
}

void TestAttachmentDownloader::failureLeavesNothing()
{
    AttachmentDownloader downloader(&m_network, m_dir->path());
    QSignalSpy failed(&downloader, &AttachmentDownloader::failed);
    const QUrl gone = url(QStringLiteral("/gone.pdf"));
    QCOMPARE(downloader.fetch(gone, QStringLiteral("gone.pdf")), QString());
    QVERIFY(failed.wait(10'000));
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("404")));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    QCOMPARE(downloader.localPathFor(gone), QString());
}

void TestAttachmentDownloader::oneDownloadPerUrl()
{
    AttachmentDownloader downloader(&m_network, m_dir->path());
    QSignalSpy saved(&downloader, &AttachmentDownloader::saved);
    const QUrl pdf = url(QStringLiteral("/pdf/4"));
    QCOMPARE(downloader.fetch(pdf, QStringLiteral("a.pdf")), QString());
    QCOMPARE(downloader.fetch(pdf, QStringLiteral("a.pdf")), QString()); // a second click while it downloads
    QVERIFY(saved.wait(10'000));
    // Another download after it: a second one of the first would have reached the server by then.
    QVERIFY(!fetchAndWait(downloader, url(QStringLiteral("/pdf/5")), QStringLiteral("b.pdf")).isEmpty());
    QCOMPARE(saved.size(), 2);
    QCOMPARE(m_hits.value("/pdf/4"), 1);
}

QTEST_GUILESS_MAIN(TestAttachmentDownloader)
#include "tst_attachmentdownloader.moc"
