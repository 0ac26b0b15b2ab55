#pragma once

#include "notification.h"

#include <QDBusConnection>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QStringList>

namespace Relaydesk::App {

// Desktop notifications through the freedesktop.org notification service
// (org.freedesktop.Notifications on the session bus), which GNOME, KDE Plasma, Xfce,
// Cinnamon, MATE, LXQt and dunst or mako provide. QSystemTrayIcon::showMessage() reaches
// that service only when the tray is a StatusNotifierItem host, and then sends every
// message with low urgency (GNOME shows no banner for that, nor Plasma unless told to),
// without an icon and without a default action (a click does nothing), and shows the
// message's icon in the tray instead of the badged one while it is up; without a tray
// it shows nothing. This sends each notification itself: normal urgency, category
// im.received, the app's icon and desktop entry, clicking opens the conversation, and a
// newer message of a conversation still on screen replaces its notification instead of
// stacking up.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr int ImagePixels = 128;

    explicit DesktopNotifier(QObject *parent = nullptr);
    explicit DesktopNotifier(const QDBusConnection &bus, QObject *parent = nullptr);

    // Whether the session bus has a notification service, running or started on demand.
    bool isAvailable() const;
    // The picture shown beside the text (scaled to ImagePixels).
    void setImage(const QImage &image);
    void show(const Relaydesk::App::Notification &notification);

signals:
    // The agent clicked the notification of conversationId (0: a summary).
    void clicked(qint64 conversationId);

private slots:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    void askCapabilities();
    void send(const Relaydesk::App::Notification &notification);

    QDBusConnection m_bus;
    QImage m_image;
    bool m_askedCapabilities = false;
    bool m_knowCapabilities = false;
    QStringList m_capabilities;
    QList<Notification> m_waiting;      // until the service said what it can do
    QHash<uint, qint64> m_conversation; // notification id on screen -> conversation
};

} // namespace Relaydesk::App
