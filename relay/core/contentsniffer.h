#pragma once

#include <QByteArrayView>
#include <QString>

namespace Relaydesk::Relay {

// What a file's first bytes say it is, for the media Messenger shows inline
// (images, audio, video). An agent's declared type is believed only when the
// content bears it out; a media type that does not match is sent as a file.
class ContentSniffer
{
public:
    static constexpr qsizetype HeadBytes = 64; // all detect() ever reads

    // The canonical MIME type of a recognised media signature, or empty.
    static QString detect(QByteArrayView head);
    // The type to store for a declared type and the content's first bytes: the
    // declared type (lower case, no parameters, aliases made canonical) when it is
    // not a media type or the content matches it; application/octet-stream when
    // it is a media type the content does not match, or not a valid MIME type.
    static QString checkedType(const QString &declared, QByteArrayView head);
    // Lower case, parameters dropped, aliases made canonical (image/jpg -> image/jpeg);
    // empty if it is not a syntactically valid type/subtype.
    static QString normalized(const QString &mimeType);
    static bool isMedia(const QString &mimeType);

    static QString genericType() { return QStringLiteral("application/octet-stream"); }
};

} // namespace Relaydesk::Relay
