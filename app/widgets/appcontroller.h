#pragma once

#include "appsettings.h"
#include "notificationpolicy.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Relaydesk::App {

class AttachmentOpener;
class FileUploader;
class ImageCache;
class InboxSession;
class MainWindow;
class SecretStore;
class TrayIcon;

// The app's composition root: finds the agent's token (keychain, the opt-in file,
// or the sign-in dialog), opens that account's session and window, and wires the
// tray, notifications, images, uploads and settings to it. Sign-out goes back to
// the dialog. It connects things; the behaviour lives in the classes it connects.
class AppController : public QObject
{
    Q_OBJECT
public:
    AppController(AppSettings *settings, SecretStore *keychain, QObject *parent = nullptr);
    ~AppController() override;

    // Signs in with the stored token, or asks.
    void start();
    // Signs in with a token the caller read (--token-file: the demo, automation):
    // kept for this run only, never stored.
    void startWith(const QUrl &relayUrl, const QByteArray &token);

    MainWindow *window() const { return m_window.get(); }
    InboxSession *session() const { return m_session.get(); }

private:
    static void securePrivateFolders();
    void readStoredToken();
    void showSignIn(const QString &why = {});
    void openSession(const QUrl &relayUrl, const QByteArray &token, const QString &accountKey);
    void closeSession();
    void signOut();
    void wireTray();
    void wireImages();
    void wireAttachments();
    void applySettings();
    void onEventsApplied(const QList<Relaydesk::Event> &events);
    void showNotifications(const QList<Relaydesk::App::Notification> &notifications);
    void showWindow();
    void attachFile();
    static QString cachePathFor(const QString &accountKey, const QByteArray &token);

    AppSettings *m_settings;
    SecretStore *m_keychain;
    std::unique_ptr<SecretStore> m_fileStore;
    QString m_accountKey;
    QString m_cachePath;
    std::unique_ptr<InboxSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    ImageCache *m_images = nullptr;
    FileUploader *m_uploader = nullptr;
    AttachmentOpener *m_opener = nullptr; // owned by the session
    NotificationPolicy m_policy;
    QTimer m_heldNotifications; // when the policy has something due: a customer's name waited for, a burst's summary
};

} // namespace Relaydesk::App
