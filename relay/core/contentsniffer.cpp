#include "contentsniffer.h"

#include <QRegularExpression>

namespace Relaydesk::Relay {

namespace {

bool at(QByteArrayView head, qsizetype offset, QByteArrayView bytes)
{
    return head.size() >= offset + bytes.size() && head.sliced(offset, bytes.size()) == bytes;
}

unsigned char byte(QByteArrayView head, qsizetype i) { return static_cast<unsigned char>(head.at(i)); }

// An MPEG audio frame header: 11 sync bits, a valid version, and a layer.
// Layer bits 00 are ADTS (AAC) instead.
int mpegAudioLayerBits(QByteArrayView head)
{
    if (head.size() < 3 || byte(head, 0) != 0xFF || (byte(head, 1) & 0xE0) != 0xE0)
        return -1;
    if (((byte(head, 1) >> 3) & 0x3) == 0x1) // reserved version
        return -1;
    return (byte(head, 1) >> 1) & 0x3;
}

// "BM" alone is too common a start for text: the DIB header's size must be a known one.
bool isBmpInfoHeader(QByteArrayView head)
{
    if (head.size() < 18)
        return false;
    const quint32 size = byte(head, 14) | (byte(head, 15) << 8) | (byte(head, 16) << 16) | (quint32(byte(head, 17)) << 24);
    return size == 12 || size == 40 || size == 52 || size == 56 || size == 64 || size == 108 || size == 124;
}

// ISO base media (MP4, MOV, M4A, 3GP, HEIF/AVIF): a box size, then "ftyp" and the brand.
QString isoMediaType(QByteArrayView head)
{
    if (at(head, 4, "ftyp")) {
        const QByteArrayView brand = head.size() >= 12 ? head.sliced(8, 4) : QByteArrayView();
        if (brand == "avif" || brand == "avis")
            return QStringLiteral("image/avif");
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1" || brand == "hevc")
            return QStringLiteral("image/heic");
        if (brand == "qt  ")
            return QStringLiteral("video/quicktime");
        if (brand.startsWith("3gp") || brand.startsWith("3g2"))
            return QStringLiteral("video/3gpp");
        if (brand == "M4A " || brand == "M4B ")
            return QStringLiteral("audio/mp4");
        return QStringLiteral("video/mp4");
    }
    // Old QuickTime files start with another top-level atom.
    for (const char *atom : {"moov", "mdat", "wide", "free", "skip", "pnot"})
        if (at(head, 4, atom))
            return QStringLiteral("video/quicktime");
    return {};
}

// The declared types each detected type bears out (containers hold audio or video).
QStringList acceptedFor(const QString &detected)
{
    static const QHash<QString, QStringList> accepted{
        {QStringLiteral("video/mp4"), {QStringLiteral("video/mp4"), QStringLiteral("video/quicktime"),
                                       QStringLiteral("audio/mp4"), QStringLiteral("video/x-m4v"),
                                       QStringLiteral("video/3gpp")}},
        {QStringLiteral("video/quicktime"), {QStringLiteral("video/quicktime"), QStringLiteral("video/mp4")}},
        {QStringLiteral("audio/mp4"), {QStringLiteral("audio/mp4"), QStringLiteral("video/mp4"), QStringLiteral("audio/aac")}},
        {QStringLiteral("video/3gpp"), {QStringLiteral("video/3gpp"), QStringLiteral("audio/3gpp"),
                                        QStringLiteral("video/3gpp2"), QStringLiteral("audio/3gpp2"),
                                        QStringLiteral("video/mp4")}},
        {QStringLiteral("image/heic"), {QStringLiteral("image/heic"), QStringLiteral("image/heif")}},
        {QStringLiteral("video/webm"), {QStringLiteral("video/webm"), QStringLiteral("audio/webm"),
                                        QStringLiteral("video/x-matroska"), QStringLiteral("audio/x-matroska")}},
        {QStringLiteral("audio/ogg"), {QStringLiteral("audio/ogg"), QStringLiteral("video/ogg"),
                                       QStringLiteral("audio/opus")}},
    };
    return accepted.value(detected, QStringList{detected});
}

} // namespace

QString ContentSniffer::detect(QByteArrayView head)
{
    if (at(head, 0, "\x89PNG\r\n\x1a\n"))
        return QStringLiteral("image/png");
    if (at(head, 0, "\xFF\xD8\xFF"))
        return QStringLiteral("image/jpeg");
    if (at(head, 0, "GIF87a") || at(head, 0, "GIF89a"))
        return QStringLiteral("image/gif");
    if (at(head, 0, "RIFF") && at(head, 8, "WEBP"))
        return QStringLiteral("image/webp");
    if (at(head, 0, "RIFF") && at(head, 8, "WAVE"))
        return QStringLiteral("audio/wav");
    if (at(head, 0, "RIFF") && at(head, 8, "AVI "))
        return QStringLiteral("video/x-msvideo");
    if (at(head, 0, "BM") && isBmpInfoHeader(head))
        return QStringLiteral("image/bmp");
    if (at(head, 0, QByteArrayView("II*\0", 4)) || at(head, 0, QByteArrayView("MM\0*", 4)))
        return QStringLiteral("image/tiff");
    if (at(head, 0, "\x1A\x45\xDF\xA3"))
        return QStringLiteral("video/webm"); // EBML: WebM or Matroska
    if (at(head, 0, "OggS"))
        return QStringLiteral("audio/ogg");
    if (at(head, 0, "fLaC"))
        return QStringLiteral("audio/flac");
    if (at(head, 0, "#!AMR"))
        return QStringLiteral("audio/amr");
    if (at(head, 0, "ID3"))
        return QStringLiteral("audio/mpeg");
    if (const int layer = mpegAudioLayerBits(head); layer >= 0)
        return layer == 0 ? QStringLiteral("audio/aac") : QStringLiteral("audio/mpeg");
    if (at(head, 0, QByteArrayView("\0\0\x01\xBA", 4)) || at(head, 0, QByteArrayView("\0\0\x01\xB3", 4)))
        return QStringLiteral("video/mpeg");
    return isoMediaType(head);
}

QString ContentSniffer::normalized(const QString &mimeType)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"));
    const QString type = mimeType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    if (type.size() > 127 || !valid.match(type).hasMatch())
        return {};
    static const QHash<QString, QString> aliases{
        {QStringLiteral("image/jpg"), QStringLiteral("image/jpeg")},
        {QStringLiteral("image/pjpeg"), QStringLiteral("image/jpeg")},
        {QStringLiteral("image/x-png"), QStringLiteral("image/png")},
        {QStringLiteral("image/x-ms-bmp"), QStringLiteral("image/bmp")},
        {QStringLiteral("audio/mp3"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("audio/mpeg3"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("audio/x-mp3"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("audio/x-mpeg-3"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("audio/x-wav"), QStringLiteral("audio/wav")},
        {QStringLiteral("audio/wave"), QStringLiteral("audio/wav")},
        {QStringLiteral("audio/vnd.wave"), QStringLiteral("audio/wav")},
        {QStringLiteral("audio/x-m4a"), QStringLiteral("audio/mp4")},
        {QStringLiteral("audio/m4a"), QStringLiteral("audio/mp4")},
        {QStringLiteral("audio/x-aac"), QStringLiteral("audio/aac")},
        {QStringLiteral("audio/aacp"), QStringLiteral("audio/aac")},
        {QStringLiteral("audio/x-flac"), QStringLiteral("audio/flac")},
        {QStringLiteral("video/avi"), QStringLiteral("video/x-msvideo")},
        {QStringLiteral("video/msvideo"), QStringLiteral("video/x-msvideo")},
    };
    return aliases.value(type, type);
}

bool ContentSniffer::isMedia(const QString &mimeType)
{
    return mimeType.startsWith(QLatin1String("image/")) || mimeType.startsWith(QLatin1String("audio/"))
        || mimeType.startsWith(QLatin1String("video/"));
}

QString ContentSniffer::checkedType(const QString &declared, QByteArrayView head)
{
    const QString type = normalized(declared);
    if (type.isEmpty())
        return genericType();
    if (!isMedia(type))
        return type;
    const QString detected = detect(head);
    if (detected.isEmpty() || !acceptedFor(detected).contains(type))
        return genericType();
    return type;
}

} // namespace Relaydesk::Relay
