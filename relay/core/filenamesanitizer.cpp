#include "filenamesanitizer.h"

#include <QHash>
#include <QRegularExpression>
#include <QTextBoundaryFinder>

namespace Relaydesk::Relay {

namespace {

const QHash<QString, QStringList> &extensionTable()
{
    static const QHash<QString, QStringList> table{
        {QStringLiteral("image/png"), {QStringLiteral("png")}},
        {QStringLiteral("image/jpeg"), {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("jpe"), QStringLiteral("jfif")}},
        {QStringLiteral("image/gif"), {QStringLiteral("gif")}},
        {QStringLiteral("image/webp"), {QStringLiteral("webp")}},
        {QStringLiteral("image/bmp"), {QStringLiteral("bmp")}},
        {QStringLiteral("image/tiff"), {QStringLiteral("tif"), QStringLiteral("tiff")}},
        {QStringLiteral("image/heic"), {QStringLiteral("heic")}},
        {QStringLiteral("image/heif"), {QStringLiteral("heif"), QStringLiteral("heic")}},
        {QStringLiteral("image/avif"), {QStringLiteral("avif")}},
        {QStringLiteral("video/mp4"), {QStringLiteral("mp4"), QStringLiteral("m4v")}},
        {QStringLiteral("video/x-m4v"), {QStringLiteral("m4v"), QStringLiteral("mp4")}},
        {QStringLiteral("video/quicktime"), {QStringLiteral("mov"), QStringLiteral("qt")}},
        {QStringLiteral("video/webm"), {QStringLiteral("webm")}},
        {QStringLiteral("video/x-matroska"), {QStringLiteral("mkv")}},
        {QStringLiteral("video/ogg"), {QStringLiteral("ogv"), QStringLiteral("ogg")}},
        {QStringLiteral("video/3gpp"), {QStringLiteral("3gp")}},
        {QStringLiteral("video/3gpp2"), {QStringLiteral("3g2")}},
        {QStringLiteral("video/mpeg"), {QStringLiteral("mpg"), QStringLiteral("mpeg")}},
        {QStringLiteral("video/x-msvideo"), {QStringLiteral("avi")}},
        {QStringLiteral("audio/mpeg"), {QStringLiteral("mp3")}},
        {QStringLiteral("audio/mp4"), {QStringLiteral("m4a"), QStringLiteral("mp4"), QStringLiteral("m4b")}},
        {QStringLiteral("audio/aac"), {QStringLiteral("aac")}},
        {QStringLiteral("audio/ogg"), {QStringLiteral("ogg"), QStringLiteral("oga"), QStringLiteral("opus")}},
        {QStringLiteral("audio/opus"), {QStringLiteral("opus"), QStringLiteral("ogg")}},
        {QStringLiteral("audio/wav"), {QStringLiteral("wav")}},
        {QStringLiteral("audio/flac"), {QStringLiteral("flac")}},
        {QStringLiteral("audio/webm"), {QStringLiteral("weba"), QStringLiteral("webm")}},
        {QStringLiteral("audio/x-matroska"), {QStringLiteral("mka")}},
        {QStringLiteral("audio/amr"), {QStringLiteral("amr")}},
        {QStringLiteral("audio/3gpp"), {QStringLiteral("3gp")}},
        {QStringLiteral("application/pdf"), {QStringLiteral("pdf")}},
        {QStringLiteral("application/zip"), {QStringLiteral("zip")}},
        {QStringLiteral("application/json"), {QStringLiteral("json")}},
        {QStringLiteral("application/rtf"), {QStringLiteral("rtf")}},
        {QStringLiteral("text/plain"), {QStringLiteral("txt"), QStringLiteral("text"), QStringLiteral("log")}},
        {QStringLiteral("text/csv"), {QStringLiteral("csv")}},
        {QStringLiteral("text/html"), {QStringLiteral("html"), QStringLiteral("htm")}},
        {QStringLiteral("application/msword"), {QStringLiteral("doc")}},
        {QStringLiteral("application/vnd.ms-excel"), {QStringLiteral("xls")}},
        {QStringLiteral("application/vnd.ms-powerpoint"), {QStringLiteral("ppt")}},
        {QStringLiteral("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), {QStringLiteral("docx")}},
        {QStringLiteral("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), {QStringLiteral("xlsx")}},
        {QStringLiteral("application/vnd.openxmlformats-officedocument.presentationml.presentation"), {QStringLiteral("pptx")}},
        {QStringLiteral("application/vnd.oasis.opendocument.text"), {QStringLiteral("odt")}},
        {QStringLiteral("application/vnd.oasis.opendocument.spreadsheet"), {QStringLiteral("ods")}},
        {QStringLiteral("application/vnd.oasis.opendocument.presentation"), {QStringLiteral("odp")}},
    };
    return table;
}

// Extensions that claim a media type (image, audio, video).
bool isMediaExtension(const QString &extension)
{
    const auto &table = extensionTable();
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        if ((it.key().startsWith(QLatin1String("image/")) || it.key().startsWith(QLatin1String("audio/"))
             || it.key().startsWith(QLatin1String("video/")))
            && it.value().contains(extension))
            return true;
    return false;
}

// Terminal escape sequences go whole, so "\e[31m" leaves no "[31m" behind.
QString withoutEscapeSequences(const QString &in)
{
    QString out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) != QChar(0x1B)) {
            out.append(in.at(i));
            continue;
        }
        const QChar next = i + 1 < in.size() ? in.at(i + 1) : QChar();
        if (next == QLatin1Char('[')) { // CSI: parameters and intermediates, then one final byte
            qsizetype j = i + 2;
            while (j < in.size() && in.at(j).unicode() >= 0x20 && in.at(j).unicode() <= 0x3F)
                ++j;
            i = j < in.size() && in.at(j).unicode() >= 0x40 && in.at(j).unicode() <= 0x7E ? j : j - 1;
        } else if (next == QLatin1Char(']') || next == QLatin1Char('P') || next == QLatin1Char('_')
                   || next == QLatin1Char('^')) { // OSC, DCS, APC, PM: up to BEL or ESC backslash
            qsizetype j = i + 2;
            while (j < in.size() && in.at(j) != QChar(0x07) && in.at(j) != QChar(0x1B))
                ++j;
            if (j + 1 < in.size() && in.at(j) == QChar(0x1B) && in.at(j + 1) == QLatin1Char('\\'))
                ++j;
            i = j;
        } else if (next.unicode() >= 0x40 && next.unicode() <= 0x5F) {
            ++i; // a two-character escape
        }
    }
    return out;
}

bool isSpace(char32_t c)
{
    return c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f'
        || QChar::category(c) == QChar::Separator_Space;
}

// Invisible or steering: controls, format characters (bidi overrides and isolates,
// zero-width characters, BOM), line and paragraph separators, surrogates, private
// use, unassigned code points and non-characters.
bool isInvisible(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return QChar::isNonCharacter(c) || c == 0xFFFD;
    }
}

// Characters that look like a path separator, or that Windows forbids in names.
bool isSeparatorLookalike(char32_t c)
{
    return c == 0x2215 || c == 0x2044 || c == 0xFF0F || c == 0xFF3C || c == 0x29F8 || c == 0x29F9;
}

bool isReservedOnWindows(char32_t c)
{
    return c == U'<' || c == U'>' || c == U':' || c == U'"' || c == U'|' || c == U'?' || c == U'*';
}

bool isWindowsDeviceName(const QString &name)
{
    const QString stem = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const QStringList devices{QStringLiteral("CON"), QStringLiteral("PRN"), QStringLiteral("AUX"),
                                     QStringLiteral("NUL")};
    if (devices.contains(stem))
        return true;
    return stem.size() == 4 && (stem.startsWith(QLatin1String("COM")) || stem.startsWith(QLatin1String("LPT")))
        && stem.at(3).isDigit();
}

// The longest start of `text` that ends on a character boundary (not inside a
// surrogate pair or a combining sequence) and takes at most `bytes` in UTF-8.
QString leftUtf8(const QString &text, int bytes)
{
    if (text.toUtf8().size() <= bytes)
        return text;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);
    qsizetype fits = 0;
    for (qsizetype at = graphemes.toNextBoundary(); at > 0; at = graphemes.toNextBoundary()) {
        if (QStringView(text).left(at).toUtf8().size() > bytes)
            break;
        fits = at;
    }
    return text.left(fits);
}

QString withinLength(const QString &name)
{
    if (name.toUtf8().size() <= FileNameSanitizer::MaxUtf8Bytes)
        return name;
    const QString extension = FileNameSanitizer::extensionOf(name);
    const QString suffix = extension.isEmpty() ? QString() : QLatin1Char('.') + extension;
    const QString stem = name.left(name.size() - suffix.size());
    const QString kept = leftUtf8(stem, FileNameSanitizer::MaxUtf8Bytes - int(suffix.size())).trimmed();
    return (kept.isEmpty() ? QStringLiteral("attachment") : kept) + suffix; // never a bare ".png"
}

} // namespace

QString FileNameSanitizer::extensionOf(const QString &name)
{
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0 || name.size() - dot - 1 < 1 || name.size() - dot - 1 > 8)
        return {};
    for (qsizetype i = dot + 1; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')))
            return {};
    }
    return name.mid(dot + 1);
}

QStringList FileNameSanitizer::extensionsFor(const QString &mimeType)
{
    return extensionTable().value(mimeType);
}

QString FileNameSanitizer::clean(const QString &raw)
{
    const QList<uint> codePoints = withoutEscapeSequences(raw.left(4096)).toUcs4();
    QString text;
    bool spacePending = false;
    for (const uint u : codePoints) {
        const char32_t c = u;
        if (isSpace(c)) {
            spacePending = !text.isEmpty();
            continue;
        }
        if (isInvisible(c))
            continue;
        if (spacePending)
            text.append(QLatin1Char(' '));
        spacePending = false;
        if (isSeparatorLookalike(c) || isReservedOnWindows(c))
            text.append(QLatin1Char('_'));
        else
            text.append(QString::fromUcs4(&c, 1));
    }
    // The last part of a path; "." and ".." are no names.
    QString name;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[/\\\\]")));
    for (qsizetype i = parts.size() - 1; i >= 0 && name.isEmpty(); --i) {
        QString part = parts.at(i).trimmed();
        // No hidden files, no trailing dots or spaces (Windows drops them).
        while (part.startsWith(QLatin1Char('.')))
            part = part.mid(1).trimmed();
        while (part.endsWith(QLatin1Char('.')) || part.endsWith(QLatin1Char(' ')))
            part.chop(1);
        name = part;
    }
    if (name.isEmpty())
        return QStringLiteral("attachment");
    if (isWindowsDeviceName(name))
        name.prepend(QLatin1Char('_'));
    return withinLength(name);
}

QString FileNameSanitizer::withHonestExtension(const QString &name, const QString &mimeType, const QString &contentType)
{
    const QString extension = extensionOf(name);
    const QString stem = extension.isEmpty() ? name : name.left(name.size() - extension.size() - 1);
    const QStringList wanted = extensionsFor(mimeType);
    QString honest;
    if (!wanted.isEmpty()) {
        if (wanted.contains(extension.toLower()))
            return name;
        honest = wanted.first();
    } else {
        // A type we have no extensions for (a generic file): the name may keep its
        // extension unless it claims a kind of media the content is not.
        const QString lower = extension.toLower();
        if (lower.isEmpty() || !isMediaExtension(lower) || extensionsFor(contentType).contains(lower))
            return name;
        honest = QStringLiteral("bin");
    }
    return withinLength(stem + QLatin1Char('.') + honest);
}

QString FileNameSanitizer::sanitize(const QString &raw, const QString &mimeType, const QString &contentType)
{
    return withHonestExtension(clean(raw), mimeType, contentType);
}

} // namespace Relaydesk::Relay
