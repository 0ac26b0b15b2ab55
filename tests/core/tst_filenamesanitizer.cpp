#include "filenamesanitizer.h"

#include <QTest>
#include <QUrl>

using namespace Relaydesk::Relay;

// Agents' file names as stored, shown to other agents and sent to Messenger (issue 12.4).
class TestFileNameSanitizer : public QObject
{
    Q_OBJECT
private slots:
    void clean_data();
    void clean();
    void reviewExample();
    void neverInvisibleOrSteering();
    void lengthKeepsExtension();
    void honestExtension_data();
    void honestExtension();
};

void TestFileNameSanitizer::clean_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("clean");
    QTest::newRow("plain") << QStringLiteral("invoice 2026.pdf") << QStringLiteral("invoice 2026.pdf");
    QTest::newRow("unicode kept") << QStringLiteral("label \u00e4 \u65e5\u672c.png") << QStringLiteral("label \u00e4 \u65e5\u672c.png");
    QTest::newRow("emoji kept") << QStringLiteral("party \U0001F389.jpg") << QStringLiteral("party \U0001F389.jpg");
    QTest::newRow("unix path") << QStringLiteral("../../etc/passwd") << QStringLiteral("passwd");
    QTest::newRow("windows path") << QStringLiteral("..\\..\\Windows\\win.ini") << QStringLiteral("win.ini");
    QTest::newRow("trailing separator") << QStringLiteral("photos/cat.png/") << QStringLiteral("cat.png");
    QTest::newRow("only dots") << QStringLiteral("..") << QStringLiteral("attachment");
    QTest::newRow("dots and separators") << QStringLiteral("../../") << QStringLiteral("attachment");
    QTest::newRow("hidden file") << QStringLiteral(".bashrc") << QStringLiteral("bashrc");
    QTest::newRow("leading dot-dot") << QStringLiteral("..evil.sh") << QStringLiteral("evil.sh");
    QTest::newRow("trailing dots and spaces") << QStringLiteral("report.pdf. . ") << QStringLiteral("report.pdf");
    QTest::newRow("empty") << QString() << QStringLiteral("attachment");
    QTest::newRow("only controls") << QStringLiteral("\r\n\x1b\x7f") << QStringLiteral("attachment");
    QTest::newRow("CR LF become a space") << QStringLiteral("a\r\nb.txt") << QStringLiteral("a b.txt");
    QTest::newRow("tabs and runs of spaces") << QStringLiteral("  a \t\t  b.txt ") << QStringLiteral("a b.txt");
    QTest::newRow("NUL") << QStringLiteral("a").append(QChar(0)).append(QStringLiteral("b.txt")) << QStringLiteral("ab.txt");
    QTest::newRow("C1 control") << QStringLiteral("a\u0085\u009bb.txt") << QStringLiteral("ab.txt");
    QTest::newRow("ANSI colour") << QStringLiteral("\x1b[31mred\x1b[0m.txt") << QStringLiteral("red.txt");
    QTest::newRow("ANSI title (OSC)") << QStringLiteral("\x1b]0;pwned\x07x.txt") << QStringLiteral("x.txt");
    QTest::newRow("ANSI cursor") << QStringLiteral("a\x1b[2J\x1b[1;1Hb.txt") << QStringLiteral("ab.txt");
    // "invoice\u202Efdp.exe" shows as "invoiceexe.pdf": the override goes, the truth shows.
    QTest::newRow("RLO") << QStringLiteral("invoice\u202Efdp.exe") << QStringLiteral("invoicefdp.exe");
    QTest::newRow("LRE PDF") << QStringLiteral("a\u202Ab\u202C.txt") << QStringLiteral("ab.txt");
    QTest::newRow("isolates") << QStringLiteral("a\u2066b\u2067c\u2068d\u2069.txt") << QStringLiteral("abcd.txt");
    QTest::newRow("marks") << QStringLiteral("a\u200Eb\u200F\u061Cc.txt") << QStringLiteral("abc.txt");
    QTest::newRow("zero width and BOM") << QStringLiteral("\uFEFFa\u200Bb\u200Dc.txt") << QStringLiteral("abc.txt");
    QTest::newRow("line separators") << QStringLiteral("a\u2028b\u2029c.txt") << QStringLiteral("abc.txt");
    QTest::newRow("no-break and ideographic spaces") << QStringLiteral("a\u00A0b\u3000c.txt") << QStringLiteral("a b c.txt");
    QTest::newRow("slash lookalikes") << QStringLiteral("a\u2215b\uFF0Fc.txt") << QStringLiteral("a_b_c.txt");
    QTest::newRow("windows reserved") << QStringLiteral("what? <yes>:\"no\"|*.txt") << QStringLiteral("what_ _yes___no___.txt");
    QTest::newRow("device name") << QStringLiteral("CON.txt") << QStringLiteral("_CON.txt");
    QTest::newRow("device name lower") << QStringLiteral("com1") << QStringLiteral("_com1");
    QTest::newRow("not a device name") << QStringLiteral("console.txt") << QStringLiteral("console.txt");
    QTest::newRow("private use") << QStringLiteral("a\uE000b.txt") << QStringLiteral("ab.txt");
    QTest::newRow("non-character") << QStringLiteral("a\uFFFEb.txt") << QStringLiteral("ab.txt");
    QTest::newRow("lone surrogate") << QStringLiteral("a").append(QChar(0xD800)).append(QStringLiteral("b.txt"))
                                    << QStringLiteral("ab.txt");
}

void TestFileNameSanitizer::clean()
{
    QFETCH(QString, raw);
    QFETCH(QString, clean);
    QCOMPARE(FileNameSanitizer::clean(raw), clean);
    QCOMPARE(FileNameSanitizer::clean(clean), clean); // a clean name stays as it is
}

void TestFileNameSanitizer::reviewExample()
{
    // The name from the review, as the header carries it (percent-encoded).
    const QString raw = QUrl::fromPercentEncoding("..%2F..%2Fevil%0D%0A%1B[31mx.html");
    QCOMPARE(raw, QStringLiteral("../../evil\r\n\x1b[31mx.html"));
    QCOMPARE(FileNameSanitizer::sanitize(raw, QStringLiteral("text/html")), QStringLiteral("evil x.html"));
    QCOMPARE(FileNameSanitizer::sanitize(raw, QStringLiteral("application/octet-stream")), QStringLiteral("evil x.html"));
    // Declared an image: the extension follows the type.
    QCOMPARE(FileNameSanitizer::sanitize(raw, QStringLiteral("image/png"), QStringLiteral("image/png")),
             QStringLiteral("evil x.png"));
}

void TestFileNameSanitizer::neverInvisibleOrSteering()
{
    // Every code point below U+3000 and the specials, each between two letters.
    for (char32_t c = 0; c < 0x3000; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        const QString name = QStringLiteral("a") + QString::fromUcs4(&c, 1) + QStringLiteral("b.txt");
        const QString out = FileNameSanitizer::clean(name);
        for (const QChar ch : out) {
            const QChar::Category category = ch.category();
            QVERIFY2(category != QChar::Other_Control && category != QChar::Other_Format
                         && category != QChar::Separator_Line && category != QChar::Separator_Paragraph,
                     qPrintable(QStringLiteral("U+%1 kept").arg(uint(c), 4, 16, QLatin1Char('0'))));
            QVERIFY(ch != QLatin1Char('/') && ch != QLatin1Char('\\'));
        }
        QVERIFY(!out.startsWith(QLatin1Char('.')));
        QVERIFY(out.endsWith(QLatin1String(".txt")));
    }
}

void TestFileNameSanitizer::lengthKeepsExtension()
{
    const QString longName = QString(500, QLatin1Char('a')) + QStringLiteral(".pdf");
    const QString out = FileNameSanitizer::clean(longName);
    QVERIFY(out.toUtf8().size() <= FileNameSanitizer::MaxUtf8Bytes);
    QVERIFY(out.toUtf8().size() >= FileNameSanitizer::MaxUtf8Bytes - 4);
    QVERIFY(out.endsWith(QLatin1String(".pdf")));

    // Multi-byte characters are never cut in half (no U+FFFD when read back).
    const QString wide = QString(300, QChar(0x65E5)) + QStringLiteral(".png");
    const QString wideOut = FileNameSanitizer::clean(wide);
    QVERIFY(wideOut.toUtf8().size() <= FileNameSanitizer::MaxUtf8Bytes);
    QVERIFY(wideOut.endsWith(QLatin1String(".png")));
    QCOMPARE(QString::fromUtf8(wideOut.toUtf8()), wideOut);
    QString emoji;
    for (int i = 0; i < 100; ++i)
        emoji += QStringLiteral("\U0001F389");
    const QString emojiOut = FileNameSanitizer::clean(emoji + QStringLiteral(".gif"));
    QVERIFY(emojiOut.toUtf8().size() <= FileNameSanitizer::MaxUtf8Bytes);
    QVERIFY(!emojiOut.at(emojiOut.size() - 5).isHighSurrogate()); // no half pair before ".gif"
    QVERIFY(emojiOut.endsWith(QStringLiteral("\U0001F389.gif")));

    // A name that is all one enormous character still gets a name, not ".txt".
    const QString zalgo = QStringLiteral("a") + QString(400, QChar(0x0301)) + QStringLiteral(".txt");
    QCOMPARE(FileNameSanitizer::clean(zalgo), QStringLiteral("attachment.txt"));
    // No extension: cut, nothing added.
    QCOMPARE(FileNameSanitizer::clean(QString(300, QLatin1Char('b'))), QString(200, QLatin1Char('b')));
}

void TestFileNameSanitizer::honestExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("mime");
    QTest::addColumn<QString>("content"); // what the sniffer found
    QTest::addColumn<QString>("expected");
    QTest::newRow("matches") << "cat.png" << "image/png" << "image/png" << "cat.png";
    QTest::newRow("matches, upper case") << "CAT.JPG" << "image/jpeg" << "image/jpeg" << "CAT.JPG";
    QTest::newRow("other spelling") << "cat.jpeg" << "image/jpeg" << "image/jpeg" << "cat.jpeg";
    QTest::newRow("wrong one replaced") << "cat.html" << "image/png" << "image/png" << "cat.png";
    QTest::newRow("executable as pdf") << "invoice.exe" << "application/pdf" << "" << "invoice.pdf";
    QTest::newRow("none added") << "scan" << "application/pdf" << "" << "scan.pdf";
    QTest::newRow("not an extension") << "v1.0 final" << "image/gif" << "image/gif" << "v1.0 final.gif";
    QTest::newRow("video") << "clip.avi" << "video/mp4" << "video/mp4" << "clip.mp4";
    QTest::newRow("voice note") << "note.ogg" << "audio/ogg" << "audio/ogg" << "note.ogg";
    QTest::newRow("text") << "notes.html" << "text/plain" << "" << "notes.txt";
    // A generic file keeps its name, unless it claims a media type the content is not.
    QTest::newRow("generic, archive") << "logs.tar.gz" << "application/octet-stream" << "" << "logs.tar.gz";
    QTest::newRow("generic, script kept") << "run.sh" << "application/octet-stream" << "" << "run.sh";
    QTest::newRow("generic, false image") << "cat.png" << "application/octet-stream" << "" << "cat.bin";
    QTest::newRow("generic, other image") << "cat.png" << "application/octet-stream" << "image/jpeg" << "cat.bin";
    QTest::newRow("generic, true image") << "cat.png" << "application/octet-stream" << "image/png" << "cat.png";
    QTest::newRow("unknown type") << "model.stl" << "model/stl" << "" << "model.stl";
}

void TestFileNameSanitizer::honestExtension()
{
    QFETCH(QString, name);
    QFETCH(QString, mime);
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QCOMPARE(FileNameSanitizer::withHonestExtension(name, mime, content), expected);
}

QTEST_GUILESS_MAIN(TestFileNameSanitizer)
#include "tst_filenamesanitizer.moc"
