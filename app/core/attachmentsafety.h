#pragma once

#include <QString>

class QMimeType;

namespace Relaydesk::App {

// The rules for a file a customer sent, before it touches the agent's disk and desktop.
// A customer chooses the file's name, the type it is declared with and its content,
// and the desktop's default program may run it ("invoice.pdf.exe" on Windows, a
// ".desktop" file or a script on Linux). So:
//  - the stored name is a plain file name: no folders, control characters, bidi
//    overrides (which can show "exe.pdf" for "fdp.exe"), trailing dots or spaces;
//  - its extension is one the declared MIME type implies: when the name's type is not
//    the declared one (or a kind of it), the declared type's extension is appended
//    ("report.pdf.exe" sent as application/pdf is stored as "report.pdf.exe.pdf", and
//    opens as the PDF it claimed to be; "invoice.pdf" sent as an executable becomes
//    "invoice.pdf.exe", which says what it is);
//  - a file that can run programs by its name, its declared type or its content is
//    never opened with one click (AttachmentOpener asks).
class AttachmentSafety
{
public:
    // A file name for an attachment: name as the customer gave it (may be empty, or
    // hold a path), declaredType as the server sent it (Content-Type, parameters allowed;
    // empty or application/octet-stream when unknown).
    static QString fileNameFor(const QString &name, const QString &declaredType);
    // Only the cleaning of fileNameFor(): a plain, harmless file name ("attachment" if none is left).
    static QString cleanFileName(const QString &name);

    // Whether the desktop may run a file of this name (by its extension).
    static bool nameCanRunPrograms(const QString &fileName);
    // Whether a file of this MIME type (or a kind of it) can run programs.
    static bool typeCanRunPrograms(const QString &mimeType);
    // The file on disk, by its name and by what its content looks like.
    static bool fileCanRunPrograms(const QString &path);

private:
    static bool typeCanRunPrograms(const QMimeType &type);
};

} // namespace Relaydesk::App
