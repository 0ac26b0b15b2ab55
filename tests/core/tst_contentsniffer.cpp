#include "contentsniffer.h"

#include <QTest>

using namespace Relaydesk::Relay;

namespace {

QByteArray bytes(const char *data, int size) { return QByteArray(data, size); }
QByteArray padded(const QByteArray &head) { return head + QByteArray(64, '\x01'); }
// An ISO base media file: box size, "ftyp", the brand.
QByteArray ftyp(const char *brand) { return padded(bytes("\0\0\0\x20", 4) + "ftyp" + brand + bytes("\0\0\0\0", 4)); }
QByteArray riff(const char *form) { return padded("RIFF" + bytes("\x24\x08\0\0", 4) + form); }

} // namespace

// The first bytes of agents' files against the types they declare (issue 12.4).
class TestContentSniffer : public QObject
{
    Q_OBJECT
private slots:
    void detect_data();
    void detect();
    void checkedType_data();
    void checkedType();
    void normalized_data();
    void normalized();
};

void TestContentSniffer::detect_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("type");
    QTest::newRow("PNG") << padded(bytes("\x89PNG\r\n\x1a\n", 8)) << "image/png";
    QTest::newRow("JPEG JFIF") << padded(bytes("\xFF\xD8\xFF\xE0\0\x10JFIF", 10)) << "image/jpeg";
    QTest::newRow("JPEG Exif") << padded(bytes("\xFF\xD8\xFF\xE1", 4)) << "image/jpeg";
    QTest::newRow("GIF87a") << padded("GIF87a") << "image/gif";
    QTest::newRow("GIF89a") << padded("GIF89a") << "image/gif";
    QTest::newRow("WebP") << riff("WEBPVP8 ") << "image/webp";
    QTest::newRow("BMP") << padded("BM" + bytes("\x36\0\x0c\0\0\0\0\0\x36\0\0\0\x28\0\0\0", 16)) << "image/bmp";
    QTest::newRow("TIFF little-endian") << padded(bytes("II*\0", 4)) << "image/tiff";
    QTest::newRow("TIFF big-endian") << padded(bytes("MM\0*", 4)) << "image/tiff";
    QTest::newRow("HEIC") << ftyp("heic") << "image/heic";
    QTest::newRow("AVIF") << ftyp("avif") << "image/avif";
    QTest::newRow("MP4 isom") << ftyp("isom") << "video/mp4";
    QTest::newRow("MP4 mp42") << ftyp("mp42") << "video/mp4";
    QTest::newRow("MOV ftyp") << ftyp("qt  ") << "video/quicktime";
    QTest::newRow("MOV old moov") << padded(bytes("\0\0\0\x08moov", 8)) << "video/quicktime";
    QTest::newRow("M4A") << ftyp("M4A ") << "audio/mp4";
    QTest::newRow("3GP") << ftyp("3gp5") << "video/3gpp";
    QTest::newRow("WebM/Matroska") << padded(bytes("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01", 9)) << "video/webm";
    QTest::newRow("Ogg") << padded(bytes("OggS\0\x02", 6)) << "audio/ogg";
    QTest::newRow("FLAC") << padded("fLaC") << "audio/flac";
    QTest::newRow("WAV") << riff("WAVEfmt ") << "audio/wav";
    QTest::newRow("AVI") << riff("AVI LIST") << "video/x-msvideo";
    QTest::newRow("MP3 with ID3") << padded(bytes("ID3\x04\0\0", 6)) << "audio/mpeg";
    QTest::newRow("MP3 frame (MPEG-1 layer III)") << padded(bytes("\xFF\xFB\x90\x64", 4)) << "audio/mpeg";
    QTest::newRow("MP3 frame (MPEG-2 layer III)") << padded(bytes("\xFF\xF3\x48\xC4", 4)) << "audio/mpeg";
    QTest::newRow("AAC ADTS") << padded(bytes("\xFF\xF1\x50\x80", 4)) << "audio/aac";
    QTest::newRow("AMR") << padded("#!AMR\n") << "audio/amr";
    QTest::newRow("MPEG program stream") << padded(bytes("\0\0\x01\xBA", 4)) << "video/mpeg";
    // Not media, or too little to tell.
    QTest::newRow("HTML") << padded("<!DOCTYPE html><script>") << "";
    QTest::newRow("SVG") << padded("<svg xmlns=\"http://www.w3.org/2000/svg\">") << "";
    QTest::newRow("PDF") << padded("%PDF-1.7") << "";
    QTest::newRow("ELF") << padded(bytes("\x7F" "ELF", 4)) << "";
    QTest::newRow("PE") << padded("MZ\x90") << "";
    QTest::newRow("ZIP") << padded(bytes("PK\x03\x04", 4)) << "";
    QTest::newRow("text starting BM") << padded("BMW owners club") << "";
    QTest::newRow("RIFF of another form") << riff("CDXA") << "";
    QTest::newRow("frame sync, reserved version") << padded(bytes("\xFF\xEB\x90", 3)) << "";
    QTest::newRow("empty") << QByteArray() << "";
    QTest::newRow("PNG cut short") << bytes("\x89PNG", 4) << "";
    QTest::newRow("ftyp cut short") << bytes("\0\0\0\x20" "fty", 7) << "";
}

void TestContentSniffer::detect()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, type);
    QCOMPARE(ContentSniffer::detect(head), type);
    QCOMPARE(ContentSniffer::detect(QByteArrayView(head).first(qMin<qsizetype>(head.size(), ContentSniffer::HeadBytes))), type);
}

void TestContentSniffer::checkedType_data()
{
    QTest::addColumn<QString>("declared");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("stored");
    const QByteArray png = padded(bytes("\x89PNG\r\n\x1a\n", 8));
    const QByteArray jpeg = padded(bytes("\xFF\xD8\xFF\xE0", 4));
    const QByteArray html = padded("<html><script>alert(1)</script>");
    const QString generic = QStringLiteral("application/octet-stream");
    QTest::newRow("true PNG") << "image/png" << png << "image/png";
    QTest::newRow("HTML said to be PNG") << "image/png" << html << generic;
    QTest::newRow("JPEG said to be PNG") << "image/png" << jpeg << generic;
    QTest::newRow("SVG (can carry script)") << "image/svg+xml" << padded("<svg>") << generic;
    QTest::newRow("alias made canonical") << "image/jpg" << jpeg << "image/jpeg";
    QTest::newRow("parameters dropped, case folded") << "Image/PNG; name=x" << png << "image/png";
    QTest::newRow("MOV as quicktime") << "video/quicktime" << ftyp("qt  ") << "video/quicktime";
    QTest::newRow("MP4 said quicktime") << "video/quicktime" << ftyp("isom") << "video/quicktime";
    QTest::newRow("M4A as audio/mp4") << "audio/x-m4a" << ftyp("M4A ") << "audio/mp4";
    QTest::newRow("M4A in an isom box") << "audio/mp4" << ftyp("isom") << "audio/mp4";
    QTest::newRow("WebM audio") << "audio/webm" << padded(bytes("\x1A\x45\xDF\xA3", 4)) << "audio/webm";
    QTest::newRow("Matroska") << "video/x-matroska" << padded(bytes("\x1A\x45\xDF\xA3", 4)) << "video/x-matroska";
    QTest::newRow("Opus in Ogg") << "audio/opus" << padded("OggS") << "audio/opus";
    QTest::newRow("MP3") << "audio/mp3" << padded("ID3\x03") << "audio/mpeg";
    QTest::newRow("WAV") << "audio/x-wav" << riff("WAVE") << "audio/wav";
    QTest::newRow("WAV said to be MP3") << "audio/mpeg" << riff("WAVE") << generic;
    QTest::newRow("PNG said to be video") << "video/mp4" << png << generic;
    QTest::newRow("empty said to be image") << "image/gif" << QByteArray() << generic;
    // Not media: the declared type stands (sent as a file anyway).
    QTest::newRow("PDF") << "application/pdf" << padded("%PDF-1.7") << "application/pdf";
    QTest::newRow("HTML as HTML") << "text/html" << html << "text/html";
    QTest::newRow("generic") << "application/octet-stream" << png << generic;
    QTest::newRow("no type") << "" << png << generic;
    QTest::newRow("garbage type") << "image/png\"><script>" << png << generic;
    QTest::newRow("no subtype") << "image" << png << generic;
}

void TestContentSniffer::checkedType()
{
    QFETCH(QString, declared);
    QFETCH(QByteArray, head);
    QFETCH(QString, stored);
    QCOMPARE(ContentSniffer::checkedType(declared, head), stored);
}

void TestContentSniffer::normalized_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << "image/png" << "image/png";
    QTest::newRow("charset") << "text/plain; charset=utf-8" << "text/plain";
    QTest::newRow("upper") << "APPLICATION/PDF" << "application/pdf";
    QTest::newRow("vendor") << "application/vnd.oasis.opendocument.text" << "application/vnd.oasis.opendocument.text";
    QTest::newRow("spaces inside") << "image/ png" << "";
    QTest::newRow("two slashes") << "a/b/c" << "";
    QTest::newRow("control") << "image/png\r\nX: y" << "";
    QTest::newRow("empty") << "" << "";
}

void TestContentSniffer::normalized()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(ContentSniffer::normalized(in), out);
}

QTEST_GUILESS_MAIN(TestContentSniffer)
#include "tst_contentsniffer.moc"
