#pragma once

#include "notification.h"

#include <QDBusConnection>
#include <QIcon>
#include <QObject>
#include <QPixmap>
#include <QTimer>

#include <optional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace Relaydesk::App {

class DesktopNotifier;

// The app in the system tray: the unread count on the icon and in the tooltip, a menu
// (show/hide the window, do not disturb, quit), and desktop notifications: through the
// desktop's notification service (DesktopNotifier) where the session bus has one, else
// QSystemTrayIcon::showMessage(). It decides nothing: NotificationPolicy chooses what
// to show, the settings hold do-not-disturb, the main window acts on the requests.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    static constexpr int BadgeLimit = 99; // above it the badge says "99+"
    // How long Qt's balloon stays up (what showMessage() is asked for).
    static constexpr int BalloonMs = 10'000;

    explicit TrayIcon(QObject *parent = nullptr);
    // Notifications through the service on this bus (tests: a private one, or none).
    explicit TrayIcon(const QDBusConnection &bus, QObject *parent = nullptr);
    ~TrayIcon() override;

    // :/icons/relaydesk.svg when it is there and can be drawn, else a drawn speech bubble.
    static QIcon baseIcon();
    // base at size x size pixels with count drawn as a badge in the top-right corner (none for 0).
    static QPixmap badgedPixmap(const QIcon &base, int count, int size = 64);
    static QString badgeText(int count);
    static QString toolTipFor(int count, bool doNotDisturb = false);

    void show();
    void hide();
    static bool isSystemTrayAvailable();

    void setUnreadCount(int count);
    int unreadCount() const { return m_unread; }
    // Shows the setting's state; does not emit doNotDisturbToggled().
    void setDoNotDisturb(bool on);
    bool doNotDisturb() const;
    // Whether the main window is visible: the menu offers the other.
    void setWindowShown(bool shown);

    void showNotification(const Relaydesk::App::Notification &notification);
    // The conversation of the balloon on screen, if the last notification went that way
    // and its time is not over: what a click on the balloon opens.
    std::optional<qint64> balloonConversation() const { return m_balloon; }
    void setBalloonMs(int ms) { m_balloonTimer.setInterval(ms); } // tests

    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }
    DesktopNotifier *desktopNotifier() const { return m_notifier; }
    QMenu *contextMenu() const { return m_menu; }

signals:
    // A notification was clicked: the desktop's service says which one (each notification
    // on screen opens its own); Qt's balloon is one at a time, so a click on it opens the
    // conversation of the balloon shown last, while it is up. 0: a summary; show the window.
    void notificationClicked(qint64 conversationId);
    void showWindowRequested();
    void hideWindowRequested();
    void doNotDisturbToggled(bool on);
    void quitRequested();

private:
    void refresh();

    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    QAction *m_windowAction;
    QAction *m_doNotDisturbAction;
    QIcon m_base;
    DesktopNotifier *m_notifier;
    int m_unread = 0;
    QString m_drawnBadge; // what the icon's badge reads now; null before the first drawing
    bool m_windowShown = true;
    std::optional<qint64> m_balloon; // the balloon's conversation while it is up
    QTimer m_balloonTimer;
};

} // namespace Relaydesk::App
