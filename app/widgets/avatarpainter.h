#pragma once

#include <QColor>
#include <QImage>
#include <QRect>
#include <QString>

class QPainter;

namespace Relaydesk::App {

// Round customer avatars: the profile picture when it has loaded, else the
// initials on a colour picked from the name (stable, so a customer keeps theirs).
namespace AvatarPainter {
QString initials(const QString &name);
QColor colorFor(const QString &name);
void paint(QPainter *painter, const QRect &rect, const QString &name, const QImage &picture = {});
}

} // namespace Relaydesk::App
