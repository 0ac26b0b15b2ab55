#include "avatarpainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QStringList>

namespace Relaydesk::App::AvatarPainter {

QString initials(const QString &name)
{
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString letters;
    for (const QString &w : words) {
        if (w.at(0).isLetter())
            letters.append(w.at(0).toUpper());
        if (letters.size() == 2)
            break;
    }
    if (letters.isEmpty() && !name.isEmpty())
        letters = name.left(1).toUpper();
    return letters.isEmpty() ? QStringLiteral("?") : letters;
}

QColor colorFor(const QString &name)
{
    // Mid saturation and value: white initials read on every hue, light or dark theme.
    const int hue = int(qHash(name, 0x5eed) % 360);
    return QColor::fromHsv(hue, 110, 185);
}

void paint(QPainter *painter, const QRect &rect, const QString &name, const QImage &picture)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath circle;
    circle.addEllipse(QRectF(rect));
    if (!picture.isNull()) {
        painter->setClipPath(circle);
        painter->drawImage(QRectF(rect), picture);
    } else {
        painter->fillPath(circle, colorFor(name));
        QFont font = painter->font();
        font.setBold(true);
        font.setPixelSize(qMax(8, rect.height() * 2 / 5));
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(rect, Qt::AlignCenter, initials(name));
    }
    painter->restore();
}

} // namespace Relaydesk::App::AvatarPainter
