#pragma once

#include <QString>
#include <QStringList>

namespace Relaydesk::Relay {

// Makes an agent's file name safe to store, show to other agents and hand to
// Messenger: no control characters, terminal escapes, bidi overrides or other
// invisible format characters, no path (separators, "..", leading dots), no names
// Windows reserves, a bounded length that keeps the extension, and an extension
// that tells the truth about the stored MIME type.
class FileNameSanitizer
{
public:
    static constexpr int MaxUtf8Bytes = 200; // well under the 255 bytes file systems allow

    // The whole rule: clean(), then withHonestExtension().
    static QString sanitize(const QString &raw, const QString &mimeType, const QString &contentType = {});

    // Characters, path and length; "attachment" if nothing is left.
    static QString clean(const QString &raw);
    // `name` (already clean) with an extension of `mimeType` when the table knows
    // the type (replacing one that does not belong to it). For other types an
    // extension that claims a media type the content (`contentType`, what
    // ContentSniffer::detect found) is not becomes "bin".
    static QString withHonestExtension(const QString &name, const QString &mimeType, const QString &contentType = {});
    // The extensions of a MIME type, the usual one first; empty if not in the table.
    static QStringList extensionsFor(const QString &mimeType);
    // The extension of a name ("" if none): 1 to 8 ASCII letters or digits after
    // the last dot, with something before it.
    static QString extensionOf(const QString &name);
};

} // namespace Relaydesk::Relay
