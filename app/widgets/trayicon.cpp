#include "trayicon.h"

#include "desktopnotifier.h"

#include <QAction>
#include <QFile>
#include <QFont>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>

namespace Relaydesk::App {

namespace {

const QString IconResource = QStringLiteral(":/icons/relaydesk.svg");

// The stand-in when the SVG is missing (or no SVG plugin is installed): a speech
// bubble on a rounded square, in the app's blue.
QIcon drawnIcon()
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1e, 0x6f, 0xd9));
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22);
        QPainterPath bubble;
        bubble.addRoundedRect(QRectF(s * 0.18, s * 0.22, s * 0.64, s * 0.44), s * 0.12, s * 0.12);
        QPainterPath tail;
        tail.moveTo(s * 0.32, s * 0.6);
        tail.lineTo(s * 0.28, s * 0.8);
        tail.lineTo(s * 0.48, s * 0.64);
        tail.closeSubpath();
        p.setBrush(Qt::white);
        p.drawPath(bubble.united(tail));
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

TrayIcon::TrayIcon(QObject *parent)
    : TrayIcon(QDBusConnection::sessionBus(), parent)
{
}

TrayIcon::TrayIcon(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
    , m_base(baseIcon())
    , m_notifier(new DesktopNotifier(bus, this))
{
    m_notifier->setImage(m_base.pixmap(DesktopNotifier::ImagePixels, DesktopNotifier::ImagePixels).toImage());
    connect(m_notifier, &DesktopNotifier::clicked, this, &TrayIcon::notificationClicked);
    m_windowAction = m_menu->addAction(tr("Hide window"));
    connect(m_windowAction, &QAction::triggered, this, [this] {
        if (m_windowShown)
            emit hideWindowRequested();
        else
            emit showWindowRequested();
    });
    m_doNotDisturbAction = m_menu->addAction(tr("Do not disturb"));
    m_doNotDisturbAction->setCheckable(true);
    connect(m_doNotDisturbAction, &QAction::triggered, this, [this](bool on) {
        refresh();
        emit doNotDisturbToggled(on);
    });
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit Relaydesk"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu);

    // Only for our balloon: where the tray is a StatusNotifierItem, Qt (6.4) emits
    // messageClicked for every notification clicked on the desktop, ours through
    // DesktopNotifier (which says which one) and other programs' alike.
    m_balloonTimer.setSingleShot(true);
    m_balloonTimer.setInterval(BalloonMs);
    connect(&m_balloonTimer, &QTimer::timeout, this, [this] { m_balloon.reset(); });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (!m_balloon)
            return;
        const qint64 conversation = *m_balloon;
        m_balloon.reset(); // a click closes the balloon
        m_balloonTimer.stop();
        emit notificationClicked(conversation);
    });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason != QSystemTrayIcon::Trigger && reason != QSystemTrayIcon::DoubleClick)
            return;
        if (m_windowShown)
            emit hideWindowRequested();
        else
            emit showWindowRequested();
    });
    refresh();
}

TrayIcon::~TrayIcon()
{
    // QSystemTrayIcon does not own its menu.
    m_tray->setContextMenu(nullptr);
    delete m_menu;
}

QIcon TrayIcon::baseIcon()
{
    if (QFile::exists(IconResource)) {
        const QIcon icon(IconResource);
        if (!icon.pixmap(64, 64).isNull())
            return icon;
    }
    return drawnIcon();
}

QString TrayIcon::badgeText(int count)
{
    if (count <= 0)
        return {};
    return count > BadgeLimit ? QStringLiteral("%1+").arg(BadgeLimit) : QString::number(count);
}

QPixmap TrayIcon::badgedPixmap(const QIcon &base, int count, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    base.paint(&p, QRect(0, 0, size, size));
    const QString text = badgeText(count);
    if (text.isEmpty())
        return pixmap;

    // A circle for one digit, a pill for more, in the top-right corner, with a ring
    // in the icon's background so it reads on any panel colour.
    const qreal height = size * 0.56;
    QFont font;
    font.setBold(true);
    font.setPixelSize(qMax(6, int(height * 0.66)));
    const qreal textWidth = QFontMetricsF(font).horizontalAdvance(text);
    const qreal width = qMin(qreal(size), qMax(height, textWidth + height * 0.5));
    const QRectF badge(size - width, 0, width, height);
    p.setPen(QPen(QColor(255, 255, 255, 230), qMax(1.0, size / 32.0)));
    p.setBrush(QColor(0xd9, 0x30, 0x25));
    p.drawRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(badge, Qt::AlignCenter, text);
    return pixmap;
}

QString TrayIcon::toolTipFor(int count, bool doNotDisturb)
{
    QString tip = tr("Relaydesk — %n unread", nullptr, qMax(0, count));
    if (doNotDisturb)
        tip += QLatin1Char('\n') + tr("Do not disturb");
    return tip;
}

void TrayIcon::show() { m_tray->show(); }
void TrayIcon::hide() { m_tray->hide(); }
bool TrayIcon::isSystemTrayAvailable() { return QSystemTrayIcon::isSystemTrayAvailable(); }

void TrayIcon::setUnreadCount(int count)
{
    count = qMax(0, count);
    if (count == m_unread)
        return;
    m_unread = count;
    refresh();
}

void TrayIcon::setDoNotDisturb(bool on)
{
    m_doNotDisturbAction->setChecked(on);
    refresh();
}

bool TrayIcon::doNotDisturb() const { return m_doNotDisturbAction->isChecked(); }

void TrayIcon::setWindowShown(bool shown)
{
    m_windowShown = shown;
    m_windowAction->setText(shown ? tr("Hide window") : tr("Show window"));
}

void TrayIcon::showNotification(const Notification &notification)
{
    // The desktop's notification service where there is one (every Linux desktop);
    // else Qt's balloon at the tray icon (an XEmbed tray without a notification service),
    // which replaces the balloon before it.
    if (m_notifier->isAvailable()) {
        m_balloon.reset();
        m_balloonTimer.stop();
        m_notifier->show(notification);
        return;
    }
    m_balloon = notification.conversationId;
    m_balloonTimer.start();
    m_tray->showMessage(notification.title, notification.body, m_base, m_balloonTimer.interval());
}

void TrayIcon::refresh()
{
    // Six sizes of the SVG with a badge take milliseconds, and the count changes with
    // nearly every live event: draw again only when the badge would read differently
    // (above 99 it always reads "99+").
    const QString badge = badgeText(m_unread);
    if (m_drawnBadge.isNull() || badge != m_drawnBadge) {
        QIcon icon;
        for (const int size : {16, 22, 24, 32, 48, 64})
            icon.addPixmap(badgedPixmap(m_base, m_unread, size));
        m_tray->setIcon(icon);
        m_drawnBadge = badge.isNull() ? QStringLiteral("") : badge;
    }
    m_tray->setToolTip(toolTipFor(m_unread, doNotDisturb()));
}

} // namespace Relaydesk::App
