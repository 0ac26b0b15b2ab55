#include "appcontroller.h"

#include "appcorelogging.h"
#include "attachmentopener.h"
#include "chatpanel.h"
#include "chatview.h"
#include "conversationdelegate.h"
#include "conversationlistmodel.h"
#include "conversationlistpanel.h"
#include "conversationlistview.h"
#include "filesecretstore.h"
#include "fileuploader.h"
#include "imagecache.h"
#include "inboxsession.h"
#include "localcache.h"
#include "mainwindow.h"
#include "privatefiles.h"
#include "messagedelegate.h"
#include "messagelistmodel.h"
#include "relayconnection.h"
#include "secretstore.h"
#include "settingsdialog.h"
#include "signindialog.h"
#include "synccontroller.h"
#include "theme.h"
#include "trayicon.h"
#include "composer.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QListView>
#include <QMessageBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QThreadPool>

namespace Relaydesk::App {

namespace {
constexpr int AvatarPixels = 84;      // 42 px at 2x
const QSize ThumbnailSize(480, 340);  // 240×170 at 2x
// How long a new customer's notification waits for their name: the relay asks Meta's
// User Profile API as their first message comes in, which takes well under a second.
constexpr int NameWaitMs = 2000;
} // namespace

AppController::AppController(AppSettings *settings, SecretStore *keychain, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_keychain(keychain)
    , m_fileStore(std::make_unique<FileSecretStore>())
{
    Theme::apply(m_settings->theme());
    m_policy.setNameWaitMs(NameWaitMs);
    m_policy.setBurstWindowMs(NotificationPolicy::DefaultBurstWindowMs);
    m_heldNotifications.setSingleShot(true);
    connect(&m_heldNotifications, &QTimer::timeout, this, [this] {
        if (m_session)
            m_policy.setWindowActive(m_session->isAttentive());
        const QList<Notification> due = m_policy.takeOverdue(QDateTime::currentMSecsSinceEpoch());
        if (m_tray && m_settings->notificationsEnabled())
            showNotifications(due);
    });
    for (SecretStore *store : {m_keychain, m_fileStore.get()}) {
        connect(store, &SecretStore::secretRead, this,
                [this](const QString &account, SecretStore::Result result, const QByteArray &secret, const QString &error) {
                    if (account != m_settings->accountKey() || m_session)
                        return;
                    if (result == SecretStore::Result::Ok && !secret.isEmpty())
                        openSession(m_settings->relayUrl(), secret, account);
                    else
                        showSignIn(result == SecretStore::Result::NotFound ? QString() : error);
                });
    }
}

AppController::~AppController()
{
    closeSession();
}

void AppController::securePrivateFolders()
{
    // Customers' messages and files are the agent's alone (0700/0600), including what an
    // older version left readable to others. The two folders at once (that alone keeps
    // other users out); what is in them on a worker: thousands of cached images took
    // 50-200 ms on a busy machine, too long for the UI thread at start.
    for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::CacheLocation}) {
        const QString folder = QStandardPaths::writableLocation(location);
        if (!PrivateFiles::makeFolder(folder))
            qCWarning(lcSession) << "cannot make" << folder << "readable by this user only";
        QThreadPool::globalInstance()->start([folder] {
            QString error;
            if (PrivateFiles::secureTree(folder, &error) < 0)
                qCWarning(lcSession).noquote() << error;
        });
    }
}

void AppController::start()
{
    securePrivateFolders();
    if (m_settings->relayUrl().isEmpty() || m_settings->accountKey().isEmpty()
        || m_settings->tokenStorage() == AppSettings::TokenStorage::Session) {
        showSignIn();
        return;
    }
    readStoredToken();
}

void AppController::startWith(const QUrl &relayUrl, const QByteArray &token)
{
    securePrivateFolders();
    openSession(relayUrl, token, SignInDialog::accountKeyFor(relayUrl));
}

void AppController::readStoredToken()
{
    SecretStore *store = m_settings->tokenStorage() == AppSettings::TokenStorage::File ? m_fileStore.get() : m_keychain;
    store->read(m_settings->accountKey()); // answered by secretRead, connected above
}

void AppController::showSignIn(const QString &why)
{
    SignInDialog dialog(m_keychain, m_settings);
    dialog.setFileStore(m_fileStore.get());
    dialog.setWindowIcon(TrayIcon::baseIcon());
    if (!why.isEmpty())
        QMessageBox::warning(nullptr, tr("Relaydesk"), why);
    if (dialog.exec() != QDialog::Accepted) {
        if (!m_session)
            QMetaObject::invokeMethod(qApp, &QApplication::quit, Qt::QueuedConnection);
        return;
    }
    openSession(dialog.relayUrl(), dialog.token(), dialog.accountKey());
}

QString AppController::cachePathFor(const QString &accountKey, const QByteArray &token)
{
    // One cache per account and token: another agent signing in on this machine
    // never sees what the previous one was allowed to see. Only a hash names it.
    const QByteArray id = QCryptographicHash::hash(accountKey.toUtf8() + '\n' + token, QCryptographicHash::Sha256).toHex().left(20);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/accounts/")
        + QString::fromLatin1(id) + QStringLiteral(".sqlite");
}

void AppController::openSession(const QUrl &relayUrl, const QByteArray &token, const QString &accountKey)
{
    closeSession();
    m_accountKey = accountKey;
    m_cachePath = cachePathFor(accountKey, token);
    m_session = std::make_unique<InboxSession>(m_cachePath);
    QString error;
    if (!m_session->open(&error)) {
        m_session.reset();
        QMessageBox::critical(nullptr, tr("Relaydesk"), tr("The local cache cannot be opened: %1").arg(error));
        QMetaObject::invokeMethod(qApp, &QApplication::quit, Qt::QueuedConnection);
        return;
    }
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->setWindowIcon(TrayIcon::baseIcon());
    m_window->restoreGeometry(m_settings->windowGeometry());
    if (!m_settings->splitterState().isEmpty())
        m_window->splitter()->restoreState(m_settings->splitterState());

    m_images = new ImageCache(m_session.get());
    m_uploader = new FileUploader(m_session->connection(), m_session.get());
    m_uploader->setRelayUrl(relayUrl);
    m_uploader->setToken(token);
    m_opener = new AttachmentOpener(m_window.get(), m_session.get());
    wireImages();
    wireAttachments();
    wireTray();

    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    connect(m_window.get(), &MainWindow::signOutRequested, this, &AppController::signOut);
    connect(m_window.get(), &MainWindow::settingsRequested, this, [this] {
        SettingsDialog dialog(m_settings, m_window.get());
        connect(&dialog, &SettingsDialog::settingsApplied, this, &AppController::applySettings);
        dialog.exec();
    });
    connect(m_window.get(), &MainWindow::muteToggled, this, [this](qint64 id, bool muted) {
        m_settings->setConversationMuted(id, muted);
        m_policy.setMuted(id, muted);
    });
    connect(m_session.get(), &InboxSession::currentConversationChanged, this, [this](qint64 id) {
        m_policy.setOpenConversation(id);
        m_window->setMuteChecked(m_settings->isConversationMuted(id));
    });
    connect(m_session->sync(), &SyncController::eventsApplied, this, &AppController::onEventsApplied);
    // A colleague's note that mentions this agent: a notification of its own, even in a
    // conversation muted for customers' messages (it is addressed to the agent).
    connect(m_session.get(), &InboxSession::mentionReceived, this, [this](const Note &note) {
        if (!m_tray || !m_settings->notificationsEnabled() || m_settings->doNotDisturb())
            return;
        const QString who = m_session->directory().agentName(note.agentId);
        m_tray->showNotification(Notification(note.conversationId, 0,
                                              tr("%1 mentioned you").arg(who.isEmpty() ? tr("A colleague") : who),
                                              note.text));
    });
    connect(m_session->sync(), &SyncController::snapshotApplied, this,
            [this](const QList<Conversation> &conversations) { m_policy.updateConversations(conversations); });
    connect(m_session->connection(), &RelayConnection::authenticationFailed, this, [this](const QString &reason) {
        showSignIn(tr("The relay refused this agent's token (%1). Sign in again.").arg(reason));
    });
    connect(m_session->connection(), &RelayConnection::caughtUp, m_images, &ImageCache::clearFailures);
    connect(qApp, &QApplication::aboutToQuit, this, [this] {
        if (!m_window)
            return;
        m_settings->setWindowGeometry(m_window->saveGeometry());
        m_settings->setSplitterState(m_window->splitter()->saveState());
        m_session->disconnectFromRelay();
        m_settings->sync();
    });

    // The model holds what the cache gave so far: no second read of it at start-up; the
    // rest of the pages as they are read.
    m_policy.updateConversations(m_session->conversations()->allConversations());
    connect(m_session.get(), &InboxSession::conversationsLoaded, this,
            [this](const QList<Conversation> &page) { m_policy.updateConversations(page); });
    applySettings();
    const bool tray = TrayIcon::isSystemTrayAvailable();
    if (m_settings->startMinimized() && tray)
        m_tray->setWindowShown(false); // in the tray only
    else if (m_settings->startMinimized())
        m_window->showMinimized();
    else
        m_window->show();
    m_session->connectToRelay(relayUrl, token);
}

void AppController::closeSession()
{
    m_tray.reset();
    m_window.reset();
    m_session.reset(); // owns the image cache and uploader
    m_images = nullptr;
    m_uploader = nullptr;
    m_opener = nullptr;
}

void AppController::signOut()
{
    const QString account = m_accountKey;
    const QString cache = m_cachePath;
    if (m_settings->tokenStorage() == AppSettings::TokenStorage::File)
        m_fileStore->remove(account);
    else
        m_keychain->remove(account);
    m_session->disconnectFromRelay();
    closeSession();
    // What this account's cache holds is customers' messages: it goes with the token.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(cache + suffix);
    m_settings->clearAccount();
    m_settings->sync();
    showSignIn();
}

void AppController::applySettings()
{
    Theme::apply(m_settings->theme());
    if (!m_window)
        return;
    m_window->setCloseToTray(m_settings->closeToTray() && TrayIcon::isSystemTrayAvailable());
    m_window->chatPanel()->composer()->setSendWithCtrlEnter(m_settings->sendWithCtrlEnter());
    m_policy.setDoNotDisturb(m_settings->doNotDisturb());
    m_policy.setMuted(m_settings->mutedConversations());
    if (m_tray)
        m_tray->setDoNotDisturb(m_settings->doNotDisturb());
}

void AppController::wireTray()
{
    m_tray = std::make_unique<TrayIcon>();
    m_tray->setUnreadCount(m_session->conversations()->totalUnread());
    connect(m_session->conversations(), &ConversationListModel::totalUnreadChanged, m_tray.get(), &TrayIcon::setUnreadCount);
    connect(m_tray.get(), &TrayIcon::showWindowRequested, this, &AppController::showWindow);
    connect(m_tray.get(), &TrayIcon::hideWindowRequested, m_window.get(), &QWidget::hide);
    connect(m_tray.get(), &TrayIcon::quitRequested, qApp, &QApplication::quit);
    connect(m_tray.get(), &TrayIcon::doNotDisturbToggled, this, [this](bool on) {
        m_settings->setDoNotDisturb(on);
        m_policy.setDoNotDisturb(on);
    });
    connect(m_tray.get(), &TrayIcon::notificationClicked, this, [this](qint64 conversationId) {
        showWindow();
        if (conversationId)
            m_window->openConversation(conversationId);
    });
    // Shown even when no tray is there yet: at login the app may start before the
    // panel, and Qt docks the icon when a tray appears (StatusNotifierWatcher or XEmbed).
    m_tray->show();
}

void AppController::showWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
    if (m_tray)
        m_tray->setWindowShown(true);
}

void AppController::wireImages()
{
    ImageCache *images = m_images;
    m_window->listPanel()->delegate()->setPictureProvider(
        [images](const QString &url) { return images->request(QUrl(url), QSize(AvatarPixels, AvatarPixels)); });
    m_window->chatPanel()->delegate()->setPictureProvider(
        [images](const QString &url) { return images->request(QUrl(url), ThumbnailSize); });
    m_window->chatPanel()->delegate()->setPictureFailed([images](const QString &url) { return images->hasFailed(QUrl(url)); });
    connect(m_window->chatPanel()->delegate(), &MessageDelegate::pictureRetryRequested, images,
            [images](const QString &url) { images->retry(QUrl(url)); });
    const auto repaint = [this] {
        m_window->listPanel()->view()->viewport()->update();
        m_window->chatPanel()->view()->viewport()->update();
    };
    // Loaded, failed ("tap to retry") or being tried again: each looks different.
    connect(images, &ImageCache::imageReady, m_window.get(), repaint);
    connect(images, &ImageCache::imageFailed, m_window.get(), repaint);
    connect(images, &ImageCache::imageRetrying, m_window.get(), repaint);
}

void AppController::wireAttachments()
{
    connect(m_window->chatPanel(), &ChatPanel::attachRequested, this, &AppController::attachFile);
    connect(m_uploader, &FileUploader::sendFailed, m_window.get(),
            [this](const QString &, const QString &reason) { m_window->showError(tr("The file was not sent: %1").arg(reason)); });
    connect(m_uploader, &FileUploader::uploadStarted, m_window.get(), [this](const QString &, qint64, const QString &name, qint64) {
        m_window->showError(tr("Sending %1…").arg(name));
    });
    connect(m_uploader, &FileUploader::fileSent, m_session.get(), [this](const QString &, const Message &message) {
        m_session->cache()->applyMessages({message});
        m_session->messages()->upsert(message);
    });
    connect(m_window->chatPanel()->delegate(), &MessageDelegate::attachmentActivated, this,
            [this](const QModelIndex &index, int which) {
                const QList<Attachment> attachments = m_session->messages()->messageAt(index.row()).attachments;
                if (which < 0 || which >= attachments.size())
                    return;
                const Attachment a = attachments.at(which);
                const QUrl url(a.url);
                if (a.type == QLatin1String("fallback") || url.scheme() == QLatin1String("relaydesk-upload")) {
                    if (url.scheme().startsWith(QLatin1String("http")))
                        QDesktopServices::openUrl(url);
                    return;
                }
                // A customer's file has no name of its own in Messenger: the URL's ends with it.
                const QString local = m_images->fetchAttachment(url, a.name);
                if (!local.isEmpty())
                    m_opener->open(local);
            });
    connect(m_images, &ImageCache::attachmentSaved, m_opener,
            [this](const QUrl &, const QString &path) { m_opener->open(path); });
    connect(m_opener, &AttachmentOpener::openFailed, m_window.get(), &MainWindow::showError);
    connect(m_images, &ImageCache::attachmentFailed, m_window.get(), [this](const QUrl &, const QString &, const QString &reason) {
        m_window->showError(tr("The attachment could not be opened: %1").arg(reason));
    });
}

void AppController::attachFile()
{
    const qint64 conversation = m_session->currentConversation();
    const QString path = QFileDialog::getOpenFileName(m_window.get(), tr("Send a file"),
                                                      QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    if (path.isEmpty() || !conversation)
        return;
    QString error;
    if (m_uploader->sendFile(conversation, path, &error).isEmpty())
        m_window->showError(error);
}

void AppController::onEventsApplied(const QList<Event> &events)
{
    m_policy.setWindowActive(m_session->isAttentive());
    if (!m_settings->notificationsEnabled() || !m_tray)
        return;
    showNotifications(m_policy.eventsApplied(events, QDateTime::currentMSecsSinceEpoch()));
}

void AppController::showNotifications(const QList<Notification> &notifications)
{
    for (const Notification &n : notifications)
        m_tray->showNotification(n);
    // The next one that waits for a customer's name, or a burst's summary, when it is due.
    const qint64 next = m_policy.nextDeadline();
    const qint64 longest = qMax<qint64>(NameWaitMs, NotificationPolicy::DefaultBurstWindowMs);
    if (next == 0)
        m_heldNotifications.stop();
    else
        m_heldNotifications.start(int(qBound(qint64(0), next - QDateTime::currentMSecsSinceEpoch(), longest)));
}

} // namespace Relaydesk::App
