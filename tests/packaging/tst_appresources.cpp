// The app's icon as the app loads it (":/icons/relaydesk.svg" through Qt's SVG
// image plugin) at every size a desktop shows it.
#include "appresources.h"

#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QTest>

using namespace Relaydesk;

class TestAppResources : public QObject
{
    Q_OBJECT

private slots:
    void names()
    {
        QCOMPARE(Resources::appIconPath(), QStringLiteral(":/icons/relaydesk.svg"));
        QCOMPARE(Resources::desktopFileName(), QStringLiteral("io.github.relaydesk.Relaydesk"));
    }

    void iconIsAResource()
    {
        QFile icon(Resources::appIconPath());
        QVERIFY2(icon.open(QIODevice::ReadOnly), qPrintable(icon.errorString()));
        const QByteArray svg = icon.readAll();
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("viewBox=\"0 0 128 128\""));
    }

    void iconRenders_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
            QTest::addRow("%dpx", size) << size;
    }

    // A rounded tile: transparent corners, an opaque blue edge, a white bubble in the middle.
    void iconRenders()
    {
        QFETCH(int, size);
        QImageReader reader(Resources::appIconPath());
        QVERIFY2(reader.canRead(), "no SVG image plugin (Debian package libqt6svg6)");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read().convertToFormat(QImage::Format_ARGB32);
        QVERIFY2(!image.isNull(), qPrintable(reader.errorString()));
        QCOMPARE(image.size(), QSize(size, size));

        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        QCOMPARE(qAlpha(image.pixel(size - 1, size - 1)), 0);
        const QColor edge = image.pixelColor(size / 2, size / 8);
        QCOMPARE(edge.alpha(), 255);
        QVERIFY2(edge.blue() > 200 && edge.red() < 120, qPrintable(edge.name()));
        const QColor bubble = image.pixelColor(size * 34 / 128, size * 58 / 128);
        QVERIFY2(bubble.red() > 220 && bubble.green() > 220 && bubble.blue() > 220, qPrintable(bubble.name()));

        // RELAYDESK_ICON_PNG_DIR=dir keeps the renderings, to look at them.
        const QString dir = qEnvironmentVariable("RELAYDESK_ICON_PNG_DIR");
        if (!dir.isEmpty())
            QVERIFY(image.save(QStringLiteral("%1/relaydesk-%2.png").arg(dir).arg(size)));
    }
};

QTEST_MAIN(TestAppResources)
#include "tst_appresources.moc"
