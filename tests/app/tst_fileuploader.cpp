#include "fileuploader.h"
#include "graphstandin.h"
#include "protocol.h"
#include "relayconnection.h"
#include "testrelay.h"
#include "testwebhooks.h"
#include "webhookposter.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;
using namespace Relaydesk::Test;

namespace {

const QString PageId = QStringLiteral("104216672283716");
const QString Psid = QStringLiteral("6920154378193526");

QStringList logged;
void recordLog(QtMsgType, const QMessageLogContext &, const QString &message) { logged.append(message); }

} // namespace

// Files sent through a real relay in process (its Graph API the stand-in), over the
// app's real connection.
class TestFileUploader : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void uploadUrlFollowsTheRelayUrl();
    void fileIsUploadedAndSentAsAnAttachment();
    void badTokenIsReportedClearly();
    void tooLargeAndEmptyFilesAreRefusedBeforeUploading();
    void offlineIsRefused();
    void relayRefusalIsReported();
    void quotaRefusalIsSaidInWords();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    bool uploadsFolderIsEmpty() const;

    std::unique_ptr<GraphStandIn> m_graph;
    std::unique_ptr<TestRelay> m_relay;
    std::unique_ptr<RelayConnection> m_connection;
    std::unique_ptr<FileUploader> m_uploader;
    std::unique_ptr<QTemporaryDir> m_files;
    QList<Event> m_events;
    QByteArray m_token;
    qint64 m_conversationId = 0;
};

void TestFileUploader::init()
{
    m_graph = std::make_unique<GraphStandIn>();
    QVERIFY(m_graph->listen());
    m_relay = std::make_unique<TestRelay>();
    m_relay->config().graphUrl = m_graph->baseUrl();
    QVERIFY(m_relay->start());
    QVERIFY(m_relay->addPage(PageId, QStringLiteral("Shop")));
    m_token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    QVERIFY(!m_token.isEmpty());

    WebhookPoster poster(m_relay->httpUrl(QStringLiteral("/webhook")), TestRelay::AppSecret);
    QCOMPARE(poster.post(textWebhook(CustomerText{PageId, Psid, QStringLiteral("m_file_1"), QStringLiteral("a photo?"), 0}))
                 .status,
             200);
    const auto conversation = m_relay->store().conversationFor(PageId, Psid);
    QVERIFY(conversation);
    m_conversationId = conversation->id;

    m_events.clear();
    m_connection = std::make_unique<RelayConnection>();
    m_connection->setRelayUrl(m_relay->wsUrl());
    m_connection->setToken(m_token);
    connect(m_connection.get(), &RelayConnection::eventsReceived, this, [this](const QList<Event> &batch) {
        m_events += batch;
        m_connection->setLastSeq(batch.last().seq);
    });
    m_connection->open();
    QTRY_COMPARE(m_connection->state(), RelayConnection::State::Live);

    m_uploader = std::make_unique<FileUploader>(m_connection.get());
    m_uploader->setRelayUrl(m_relay->wsUrl());
    m_uploader->setToken(m_token);
    m_files = std::make_unique<QTemporaryDir>();
    QVERIFY(m_files->isValid());
}

void TestFileUploader::cleanup()
{
    m_uploader.reset();
    m_connection.reset();
    m_relay.reset();
    m_graph.reset();
    m_files.reset();
}

QString TestFileUploader::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_files->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

bool TestFileUploader::uploadsFolderIsEmpty() const
{
    const QDir uploads(m_relay->config().dataDir + QStringLiteral("/uploads"));
    return !uploads.exists() || uploads.isEmpty();
}

void TestFileUploader::uploadUrlFollowsTheRelayUrl()
{
    QCOMPARE(FileUploader::uploadUrlFor(QUrl(QStringLiteral("ws://127.0.0.1:8080/ws"))),
             QUrl(QStringLiteral("http://127.0.0.1:8080/uploads")));
    QCOMPARE(FileUploader::uploadUrlFor(QUrl(QStringLiteral("wss://relay.example.com/ws"))),
             QUrl(QStringLiteral("https://relay.example.com/uploads")));
    QCOMPARE(FileUploader::uploadUrlFor(QUrl(QStringLiteral("wss://example.com/relaydesk/ws"))),
             QUrl(QStringLiteral("https://example.com/relaydesk/uploads")));
    QCOMPARE(FileUploader::uploadUrlFor(m_relay->wsUrl()), m_relay->httpUrl(QStringLiteral("/uploads")));
}

void TestFileUploader::fileIsUploadedAndSentAsAnAttachment()
{
    logged.clear();
    QLoggingCategory::setFilterRules(QStringLiteral("relaydesk.app.upload.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(recordLog);
    auto restoreLog = qScopeGuard([previous] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    });

    const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(5000, 'x');
    const QString path = writeFile(QStringLiteral("label ä.png"), png);
    QVERIFY(!path.isEmpty());
    QSignalSpy started(m_uploader.get(), &FileUploader::uploadStarted);
    QSignalSpy progress(m_uploader.get(), &FileUploader::uploadProgress);
    QSignalSpy sent(m_uploader.get(), &FileUploader::fileSent);
    QSignalSpy failed(m_uploader.get(), &FileUploader::sendFailed);

    QString error;
    const QString clientId = m_uploader->sendFile(m_conversationId, path, &error);
    QVERIFY2(!clientId.isEmpty(), qPrintable(error));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().at(0).toString(), clientId);
    QCOMPARE(started.first().at(2).toString(), QStringLiteral("label ä.png"));
    QCOMPARE(started.first().at(3).toLongLong(), png.size());
    QCOMPARE(m_uploader->activeCount(), 1);

    QVERIFY(sent.wait());
    QCOMPARE(failed.size(), 0);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(1).toLongLong(), png.size());
    QCOMPARE(sent.first().at(0).toString(), clientId);
    const Message ack = sent.first().at(1).value<Message>();
    QCOMPARE(ack.clientId, clientId);
    QCOMPARE(ack.conversationId, m_conversationId);
    QCOMPARE(ack.kind, QStringLiteral("attachments"));
    QCOMPARE(ack.attachments.size(), 1);
    QCOMPARE(ack.attachments.first().type, QStringLiteral("image"));
    QCOMPARE(m_uploader->activeCount(), 0);

    // Every agent (this one too) hears of it as message.created with the attachment.
    auto created = [this, &clientId]() -> std::optional<Message> {
        for (const Event &e : std::as_const(m_events))
            if (e.kind == Protocol::EventKind::MessageCreated && e.message().clientId == clientId)
                return e.message();
        return std::nullopt;
    };
    QTRY_VERIFY(created().has_value());
    QCOMPARE(created()->attachments.size(), 1);
    QCOMPARE(created()->attachments.first().type, QStringLiteral("image"));
    QCOMPARE(created()->attachments.first().name, QStringLiteral("label ä.png"));

    // And it went out to Messenger with the file's bytes.
    QTRY_COMPARE(m_graph->sends().size(), 1);
    QVERIFY(m_graph->sends().first().body.contains(png));

    for (const QString &line : std::as_const(logged))
        QVERIFY2(!line.contains(QString::fromLatin1(m_token)), "the token must never be logged");
}

void TestFileUploader::badTokenIsReportedClearly()
{
    m_uploader->setToken("rdk_this_token_does_not_exist");
    QSignalSpy sent(m_uploader.get(), &FileUploader::fileSent);
    QSignalSpy failed(m_uploader.get(), &FileUploader::sendFailed);
    const QString clientId = m_uploader->sendFile(m_conversationId, writeFile(QStringLiteral("a.pdf"), "%PDF-1.4"));
    QVERIFY(!clientId.isEmpty());
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().at(0).toString(), clientId);
    const QString reason = failed.first().at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("refused the agent token")), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("a valid agent token is required")), qPrintable(reason)); // the relay's words
    QVERIFY(!reason.contains(QStringLiteral("rdk_")));
    QCOMPARE(sent.size(), 0);
    QVERIFY(uploadsFolderIsEmpty());
    QCOMPARE(m_uploader->activeCount(), 0);
}

void TestFileUploader::tooLargeAndEmptyFilesAreRefusedBeforeUploading()
{
    QSignalSpy started(m_uploader.get(), &FileUploader::uploadStarted);
    QSignalSpy failed(m_uploader.get(), &FileUploader::sendFailed);

    const QString big = m_files->filePath(QStringLiteral("holiday.mov"));
    QFile file(big);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(FileUploader::MaxBytes + 1)); // sparse: quick to make
    file.close();
    QString error;
    QCOMPARE(m_uploader->sendFile(m_conversationId, big, &error), QString());
    QVERIFY2(error.contains(QStringLiteral("holiday.mov")) && error.contains(QStringLiteral("25")), qPrintable(error));

    // Exactly at the limit is allowed through to the relay.
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(FileUploader::MaxBytes));
    file.close();
    error.clear();
    QVERIFY(!m_uploader->sendFile(m_conversationId, big, &error).isEmpty());
    m_uploader->cancel(started.last().at(0).toString());
    QCOMPARE(failed.size(), 1);

    QCOMPARE(m_uploader->sendFile(m_conversationId, writeFile(QStringLiteral("empty.txt"), {}), &error), QString());
    QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    QCOMPARE(m_uploader->sendFile(m_conversationId, m_files->filePath(QStringLiteral("nope.txt")), &error), QString());
    QVERIFY2(error.contains(QStringLiteral("not a file")), qPrintable(error));

    QCOMPARE(started.size(), 1); // only the one at the limit
    QVERIFY(!failed.wait(200));
    QCOMPARE(m_graph->sends().size(), 0);
}

void TestFileUploader::offlineIsRefused()
{
    m_connection->close();
    QSignalSpy started(m_uploader.get(), &FileUploader::uploadStarted);
    QString error;
    QCOMPARE(m_uploader->sendFile(m_conversationId, writeFile(QStringLiteral("b.pdf"), "%PDF-1.4"), &error), QString());
    QVERIFY2(error.contains(QStringLiteral("offline")), qPrintable(error));
    QCOMPARE(started.size(), 0);
    QVERIFY(uploadsFolderIsEmpty());
}

void TestFileUploader::relayRefusalIsReported()
{
    QSignalSpy failed(m_uploader.get(), &FileUploader::sendFailed);
    const QString clientId = m_uploader->sendFile(999'999, writeFile(QStringLiteral("c.pdf"), "%PDF-1.4"));
    QVERIFY(!clientId.isEmpty());
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().at(0).toString(), clientId);
    const QString reason = failed.first().at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("c.pdf")) && reason.contains(QStringLiteral("no such conversation")),
             qPrintable(reason));
}

void TestFileUploader::quotaRefusalIsSaidInWords()
{
    // The relay answers quotas and its rate with JSON: the agent reads its sentence.
    cleanup();
    m_graph = std::make_unique<GraphStandIn>();
    QVERIFY(m_graph->listen());
    m_relay = std::make_unique<TestRelay>();
    m_relay->config().uploadAgentQuotaMiB = 1;
    QVERIFY(m_relay->start());
    m_token = m_relay->addAgent(QStringLiteral("alice"), {QStringLiteral("*")});
    m_connection = std::make_unique<RelayConnection>();
    m_connection->setRelayUrl(m_relay->wsUrl());
    m_connection->setToken(m_token);
    m_connection->open();
    QTRY_COMPARE(m_connection->state(), RelayConnection::State::Live);
    m_uploader = std::make_unique<FileUploader>(m_connection.get());
    m_uploader->setRelayUrl(m_relay->wsUrl());
    m_uploader->setToken(m_token);
    m_files = std::make_unique<QTemporaryDir>();

    QSignalSpy failed(m_uploader.get(), &FileUploader::sendFailed);
    QVERIFY(!m_uploader->sendFile(1, writeFile(QStringLiteral("big.pdf"), QByteArray(1536 * 1024, 'p'))).isEmpty());
    QVERIFY(failed.wait());
    const QString reason = failed.first().at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("big.pdf")) && reason.contains(QStringLiteral("over your 1 MiB"))
                 && !reason.contains(QLatin1Char('{')) && !reason.contains(QStringLiteral("too large")),
             qPrintable(reason));
}

QTEST_GUILESS_MAIN(TestFileUploader)
#include "tst_fileuploader.moc"
