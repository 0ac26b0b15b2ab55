#include "attachmentsafety.h"

#include <QFileInfo>
#include <QMimeDatabase>
#include <QSet>

namespace Relaydesk::App {

namespace {

// Extensions that a desktop runs, installs, mounts or hands to an interpreter, on
// Windows, Linux or macOS. Lower case, compared case-insensitively.
const QSet<QString> &runnableExtensions()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char *e : {"exe", "com", "bat", "cmd", "msi", "msp", "msix", "appx", "lnk", "scr", "pif", "cpl",
                              "hta", "chm", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh",
                              "ws", "jar", "sh", "bash", "zsh", "csh", "ksh", "fish", "command", "desktop", "py",
                              "pyw", "pyc", "pl", "rb", "php", "appimage", "run", "bin", "deb", "rpm", "reg", "inf",
                              "scf", "url", "application", "gadget", "msc", "iso", "img", "vhd", "vhdx"})
            s.insert(QString::fromLatin1(e));
        return s;
    }();
    return set;
}

// MIME types (and their kinds) that run programs. Windows' names are listed too: the
// declared type comes from the sender, and Linux's database does not know them all.
const QSet<QString> &runnableTypes()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char *t : {"application/x-executable", "application/x-sharedlib", "application/x-pie-executable",
                              "application/x-ms-dos-executable", "application/x-msdownload", "application/x-msdos-program",
                              "application/x-dosexec", "application/vnd.microsoft.portable-executable",
                              "application/x-ms-ne-executable", "application/x-winexe", "application/x-msi",
                              "application/x-ms-installer", "application/x-ms-shortcut", "application/x-shellscript",
                              "application/x-sh", "application/x-csh", "application/x-bat", "application/bat",
                              "application/x-desktop", "application/x-java-archive", "application/java-archive",
                              "application/x-jar", "application/javascript", "application/x-javascript",
                              "text/javascript", "application/ecmascript", "text/ecmascript", "text/vbscript", "text/vbs",
                              "application/x-vbscript", "application/x-powershell", "text/x-python", "text/x-python3",
                              "application/x-python", "application/x-python-code", "text/x-perl", "application/x-perl",
                              "application/x-ruby", "application/x-php", "application/vnd.appimage",
                              "application/x-appimage", "application/x-iso9660-appimage", "application/x-makeself",
                              "application/hta", "application/x-ms-application", "application/vnd.debian.binary-package",
                              "application/x-deb", "application/x-rpm", "application/x-redhat-package-manager",
                              "text/x-ms-regedit"})
            s.insert(QString::fromLatin1(t));
        return s;
    }();
    return set;
}

// "Text/Plain; charset=utf-8" -> "text/plain".
QString bareType(const QString &declared)
{
    return declared.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
}

bool isWindowsDeviceName(const QString &name)
{
    const QString base = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    if (base == QLatin1String("CON") || base == QLatin1String("PRN") || base == QLatin1String("AUX")
        || base == QLatin1String("NUL"))
        return true;
    return base.size() == 4 && (base.startsWith(QLatin1String("COM")) || base.startsWith(QLatin1String("LPT")))
        && base.at(3).isDigit();
}

// Keeps a name within what every file system takes (255 bytes), with room for an
// extension appended later; cuts the part before the extension.
QString shortened(const QString &name)
{
    constexpr int MaxBytes = 150;
    if (name.toUtf8().size() <= MaxBytes)
        return name;
    const int dot = int(name.lastIndexOf(QLatin1Char('.')));
    const QString suffix = dot > 0 && name.size() - dot <= 16 ? name.mid(dot) : QString();
    QString base = name.left(name.size() - suffix.size());
    const int budget = MaxBytes - int(suffix.toUtf8().size());
    while (!base.isEmpty() && base.toUtf8().size() > budget)
        base.chop(base.size() >= 2 && base.back().isLowSurrogate() ? 2 : 1); // whole characters
    return base + suffix;
}

} // namespace

QString AttachmentSafety::cleanFileName(const QString &name)
{
    // The last part of any path, with either separator.
    QString last = name;
    last.replace(QLatin1Char('\\'), QLatin1Char('/'));
    const QStringList parts = last.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    last = parts.isEmpty() ? QString() : parts.last();

    // No control characters, no invisible formatting (bidi overrides, zero-width
    // joiners): they hide what a name really ends with.
    QList<char32_t> kept;
    for (const uint code : last.toUcs4()) {
        const char32_t c = code;
        const QChar::Category category = QChar::category(c);
        if (category == QChar::Other_Control || category == QChar::Other_Format || category == QChar::Other_NotAssigned
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph)
            continue;
        // Characters Windows refuses in names.
        if (c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*')
            kept.append('_');
        else
            kept.append(c);
    }
    QString clean = QString::fromUcs4(kept.constData(), kept.size());
    // Windows drops trailing dots and spaces ("x.exe." runs as x.exe); a leading dot hides the file.
    auto trimmable = [](QChar c) { return c == QLatin1Char('.') || c.isSpace(); };
    while (!clean.isEmpty() && trimmable(clean.back()))
        clean.chop(1);
    while (!clean.isEmpty() && trimmable(clean.front()))
        clean.remove(0, 1);
    if (clean.isEmpty())
        return QStringLiteral("attachment");
    if (isWindowsDeviceName(clean))
        clean.prepend(QLatin1Char('_'));
    return shortened(clean);
}

QString AttachmentSafety::fileNameFor(const QString &name, const QString &declaredType)
{
    const QString clean = cleanFileName(name);
    const QMimeDatabase db;
    const QMimeType declared = db.mimeTypeForName(bareType(declaredType));
    if (!declared.isValid() || declared.isDefault() || declared.preferredSuffix().isEmpty())
        return clean; // nothing known to keep the name honest to
    // The name's own type is the declared one, or a kind of it (a .csv sent as text/plain).
    const QList<QMimeType> byName = db.mimeTypesForFileName(clean);
    for (const QMimeType &type : byName)
        if (type.inherits(declared.name()))
            return clean;
    return clean + QLatin1Char('.') + declared.preferredSuffix();
}

bool AttachmentSafety::nameCanRunPrograms(const QString &fileName)
{
    const QString name = QFileInfo(fileName).fileName();
    const int dot = int(name.lastIndexOf(QLatin1Char('.')));
    if (dot >= 0 && runnableExtensions().contains(name.mid(dot + 1).toLower()))
        return true;
    const QMimeDatabase db;
    for (const QMimeType &type : db.mimeTypesForFileName(name))
        if (typeCanRunPrograms(type))
            return true;
    return false;
}

bool AttachmentSafety::typeCanRunPrograms(const QString &mimeType)
{
    const QString bare = bareType(mimeType);
    if (bare.isEmpty())
        return false;
    if (runnableTypes().contains(bare))
        return true;
    return typeCanRunPrograms(QMimeDatabase().mimeTypeForName(bare));
}

bool AttachmentSafety::typeCanRunPrograms(const QMimeType &type)
{
    if (!type.isValid())
        return false;
    if (runnableTypes().contains(type.name()))
        return true;
    for (const QString &alias : type.aliases())
        if (runnableTypes().contains(alias))
            return true;
    for (const QString &ancestor : type.allAncestors())
        if (runnableTypes().contains(ancestor))
            return true;
    return false;
}

bool AttachmentSafety::fileCanRunPrograms(const QString &path)
{
    const QFileInfo info(path);
    if (nameCanRunPrograms(info.fileName()))
        return true;
    if (info.isFile() && info.isExecutable())
        return true;
    return typeCanRunPrograms(QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchContent));
}

} // namespace Relaydesk::App
