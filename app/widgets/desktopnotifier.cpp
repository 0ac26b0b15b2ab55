#include "desktopnotifier.h"

#include "appcorelogging.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>

#include <utility>

namespace Relaydesk::App {

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString DefaultAction = QStringLiteral("default");
constexpr uchar NormalUrgency = 1;
constexpr int ServerDecidesTimeout = -1;

// The spec's raw image: width, height, rowstride, has alpha, bits per sample, channels, RGBA bytes.
QDBusArgument imageData(const QImage &source)
{
    const QImage image = source.convertToFormat(QImage::Format_RGBA8888);
    QDBusArgument argument;
    argument.beginStructure();
    argument << image.width() << image.height() << int(image.bytesPerLine()) << true << 8 << 4
             << QByteArray(reinterpret_cast<const char *>(image.constBits()), int(image.sizeInBytes()));
    argument.endStructure();
    return argument;
}

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : DesktopNotifier(QDBusConnection::sessionBus(), parent)
{
}

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    if (!m_bus.isConnected())
        return;
    m_bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint,QString)));
    m_bus.connect(Service, Path, Interface, QStringLiteral("NotificationClosed"), this, SLOT(onClosed(uint,uint)));
}

bool DesktopNotifier::isAvailable() const
{
    if (!m_bus.isConnected() || !m_bus.interface())
        return false;
    if (m_bus.interface()->isServiceRegistered(Service).value())
        return true;
    return m_bus.interface()->activatableServiceNames().value().contains(Service);
}

void DesktopNotifier::setImage(const QImage &image)
{
    m_image = image.isNull() ? QImage()
                             : image.scaled(ImagePixels, ImagePixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void DesktopNotifier::show(const Notification &notification)
{
    if (!m_bus.isConnected())
        return;
    if (!m_knowCapabilities) {
        // Whether the body may hold markup decides how it is escaped: ask once, first.
        m_waiting.append(notification);
        askCapabilities();
        return;
    }
    send(notification);
}

void DesktopNotifier::askCapabilities()
{
    if (m_askedCapabilities)
        return;
    m_askedCapabilities = true;
    const QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("GetCapabilities"));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QStringList> reply = *w;
        m_capabilities = reply.isError() ? QStringList() : reply.value();
        qCDebug(lcNotify) << "notification service can:" << m_capabilities;
        m_knowCapabilities = true;
        const QList<Notification> waiting = std::exchange(m_waiting, {});
        for (const Notification &n : waiting)
            send(n);
    });
}

void DesktopNotifier::send(const Notification &notification)
{
    // A conversation's notification still on screen is replaced by its newer message, and
    // a burst's summary takes the place of what the burst showed; any more of those close.
    uint replaces = 0;
    QList<uint> close;
    for (auto it = m_conversation.cbegin(); it != m_conversation.cend(); ++it) {
        if (it.value() == notification.conversationId && replaces == 0)
            replaces = it.key();
        else if (it.value() == notification.conversationId || notification.replaces.contains(it.value()))
            close.append(it.key());
    }
    if (replaces == 0 && !close.isEmpty())
        replaces = close.takeFirst();
    for (const uint id : std::as_const(close)) {
        m_conversation.remove(id);
        m_bus.asyncCall(QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("CloseNotification")) << id);
    }

    QString body = notification.body;
    if (m_capabilities.contains(QStringLiteral("body-markup")))
        body = body.toHtmlEscaped(); // a customer's "<" or "&" is text, not markup
    QStringList actions;
    if (m_capabilities.contains(QStringLiteral("actions")))
        actions << DefaultAction << tr("Open");
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(NormalUrgency));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    if (!QGuiApplication::desktopFileName().isEmpty())
        hints.insert(QStringLiteral("desktop-entry"), QGuiApplication::desktopFileName());
    if (!m_image.isNull())
        hints.insert(QStringLiteral("image-data"), QVariant::fromValue(imageData(m_image)));

    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    call << QGuiApplication::applicationDisplayName() << replaces << QGuiApplication::desktopFileName()
         << notification.title << body << actions << hints << ServerDecidesTimeout;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    const qint64 conversation = notification.conversationId;
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, conversation](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            qCWarning(lcNotify) << "the desktop's notification service refused:" << reply.error().message();
            return;
        }
        m_conversation.insert(reply.value(), conversation);
    });
}

void DesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    const auto it = m_conversation.constFind(id);
    if (it == m_conversation.constEnd() || action != DefaultAction)
        return;
    emit clicked(it.value());
}

void DesktopNotifier::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    m_conversation.remove(id);
}

} // namespace Relaydesk::App
