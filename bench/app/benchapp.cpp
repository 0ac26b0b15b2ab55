#include "benchapp.h"

#include "appcontroller.h"
#include "appsettings.h"
#include "benchclock.h"
#include "cachegenerator.h"
#include "chatpanel.h"
#include "chatview.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "signindialog.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QListView>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <fcntl.h>
#include <unistd.h>

namespace Relaydesk::Bench {

using namespace Relaydesk::App;

namespace {

// AppController::cachePathFor(), which is private: the cache of an account and token.
// start() checks that the app really opened this file (its WAL appears).
QString appCachePath(const QUrl &relay, const QByteArray &token)
{
    const QString accountKey = SignInDialog::accountKeyFor(relay);
    const QByteArray id = QCryptographicHash::hash(accountKey.toUtf8() + '\n' + token, QCryptographicHash::Sha256).toHex().left(20);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/accounts/")
        + QString::fromLatin1(id) + QStringLiteral(".sqlite");
}

// Sees every paint event in the application while the app starts (the window is made
// inside startWith()), and delivers the list viewport's paint itself, so it knows when
// that paint has ended, not only when it began.
class FirstPaintProbe : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_inside || paintedNs || !watched->parent()
            || watched->parent()->objectName() != QLatin1String("conversationList"))
            return false;
        auto *view = static_cast<QAbstractItemView *>(watched->parent());
        m_inside = true;
        const qint64 begin = monotonicNs();
        QCoreApplication::sendEvent(watched, event);
        const qint64 end = monotonicNs();
        m_inside = false;
        if (view->model() && view->model()->rowCount() > 0 && view->indexAt(QPoint(4, 4)).isValid()) {
            paintedNs = end;
            paintNs = end - begin;
        }
        ++paints;
        return true;
    }

    qint64 paintedNs = 0;
    qint64 paintNs = 0;
    int paints = 0;

private:
    bool m_inside = false;
};

} // namespace

std::unique_ptr<BenchApp> BenchApp::prepareFromArguments(int argc, char **argv, QString *cachePath, QString *error)
{
    for (int i = 2; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--cache") == 0)
            *cachePath = QString::fromLocal8Bit(argv[i + 1]);
    if (cachePath->isEmpty()) {
        *error = QStringLiteral("--cache FILE is required");
        return nullptr;
    }
    return prepare(*cachePath, error);
}

std::unique_ptr<BenchApp> BenchApp::prepare(const QString &cachePath, QString *error)
{
    std::unique_ptr<BenchApp> app(new BenchApp);
    app->m_source = QFileInfo(cachePath).canonicalFilePath(); // a symlink resolved: the hard link must be to the file
    if (!QFileInfo::exists(app->m_source)) {
        *error = QStringLiteral("no cache at %1 (run `generate` first)").arg(cachePath);
        return nullptr;
    }
    // Next to the cache: the same filesystem, so the cache can be hard-linked in.
    app->m_dir = std::make_unique<QTemporaryDir>(QFileInfo(app->m_source).absolutePath() + QStringLiteral("/.relaydesk-bench-XXXXXX"));
    if (!app->m_dir->isValid()) {
        *error = QStringLiteral("cannot create a profile folder: %1").arg(app->m_dir->errorString());
        return nullptr;
    }
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        qputenv(name, QFile::encodeName(app->m_dir->filePath(QString::fromLatin1(name).toLower())));
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return app;
}

BenchApp::~BenchApp()
{
    stop();
}

void BenchApp::stop()
{
    m_controller.reset();
}

void BenchApp::nameApplication()
{
    // As main.cpp: these name the data folder the cache lives in.
    QApplication::setApplicationName(QStringLiteral("relaydesk"));
    QApplication::setOrganizationName(QStringLiteral("Relaydesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Relaydesk"));
    QApplication::setQuitOnLastWindowClosed(false);
}

bool BenchApp::installCache(const QUrl &relay, const QByteArray &token, CacheMode mode, QString *error)
{
    if (QFileInfo::exists(m_source + QStringLiteral("-wal")) && QFileInfo(m_source + QStringLiteral("-wal")).size() > 0) {
        *error = QStringLiteral("%1-wal exists: the cache is open elsewhere or was not closed cleanly").arg(m_source);
        return false;
    }
    m_installed = appCachePath(relay, token);
    if (!QDir().mkpath(QFileInfo(m_installed).absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(m_installed).absolutePath());
        return false;
    }
    QFile::remove(m_installed);
    if (mode == CacheMode::Link && ::link(QFile::encodeName(m_source).constData(), QFile::encodeName(m_installed).constData()) == 0)
        return true;
    if (mode == CacheMode::Link) {
        *error = QStringLiteral("cannot hard-link %1 into the profile: %2").arg(m_source, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    if (!QFile::copy(m_source, m_installed)) {
        *error = QStringLiteral("cannot copy %1 into the profile").arg(m_source);
        return false;
    }
    // On disk before the run: otherwise the kernel writes the copy back while the app
    // commits, and every fsync of the run waits behind hundreds of megabytes.
    const int fd = ::open(QFile::encodeName(m_installed).constData(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return true;
}

bool BenchApp::evictCacheFromMemory(QString *error) const
{
    for (const QString &path : {m_installed, m_source}) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
        if (fd < 0)
            continue;
        ::fdatasync(fd);
        const int rc = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
        if (rc != 0) {
            *error = QStringLiteral("posix_fadvise: %1").arg(QString::fromLocal8Bit(strerror(rc)));
            return false;
        }
    }
    return true;
}

bool BenchApp::start(const QUrl &relay, const QByteArray &token, QString *error, int timeoutMs,
                     const std::function<void()> &afterStartWith)
{
    m_qsettings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("relaydesk.conf")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_qsettings.get());
    m_keychain = std::make_unique<MemorySecretStore>();
    FirstPaintProbe probe;
    qApp->installEventFilter(&probe);
    startedNs = monotonicNs();
    m_controller = std::make_unique<AppController>(m_settings.get(), m_keychain.get());
    m_controller->startWith(relay, token);
    if (InboxSession *session = m_controller->session()) {
        // Loaded when the list holds every conversation the generator wrote: told by the
        // model's own signals, so this works as well against an app that read the whole
        // cache in open() (the figures before the fix).
        const int expected = session->cache()->meta(CacheKeys::Conversations).toInt();
        ConversationListModel *model = session->conversations();
        const auto check = [this, model, expected] {
            if (!loadedNs && model->totalCount() >= expected)
                loadedNs = monotonicNs();
        };
        QObject::connect(model, &QAbstractItemModel::rowsInserted, model, check);
        QObject::connect(model, &QAbstractItemModel::modelReset, model, check);
        check();
    }
    if (afterStartWith && m_controller->session())
        afterStartWith();
    const bool painted = spinUntil([&] { return probe.paintedNs != 0; }, timeoutMs);
    qApp->removeEventFilter(&probe);
    if (!m_controller->session() || !window()) {
        *error = QStringLiteral("the app did not open the cache");
        return false;
    }
    if (!QFileInfo::exists(m_installed + QStringLiteral("-wal"))) {
        *error = QStringLiteral("the app opened another cache than %1: AppController::cachePathFor changed?").arg(m_installed);
        return false;
    }
    if (!painted) {
        *error = QStringLiteral("the conversation list painted no rows within %1 ms (%2 paints)").arg(timeoutMs).arg(probe.paints);
        return false;
    }
    paintedNs = probe.paintedNs;
    firstPaintDurationNs = probe.paintNs;
    return true;
}

bool BenchApp::waitUntilLoaded(int timeoutMs)
{
    return spinUntil([this] { return loadedNs != 0; }, timeoutMs);
}

MainWindow *BenchApp::window() const { return m_controller ? m_controller->window() : nullptr; }
InboxSession *BenchApp::session() const { return m_controller ? m_controller->session() : nullptr; }
QWidget *BenchApp::listViewport() const { return window()->listPanel()->view()->viewport(); }
QWidget *BenchApp::chatViewport() const { return window()->chatPanel()->view()->viewport(); }

void BenchApp::spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

bool BenchApp::spinUntilImpl(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    // Checked every 5 ms from the event loop: the app runs as it would, nothing spins.
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(5);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

} // namespace Relaydesk::Bench
