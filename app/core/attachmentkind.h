#pragma once

#include "attachment.h"
#include "message.h"

#include <QCoreApplication>
#include <QString>

namespace Relaydesk::App {

// What to call an attachment where there is room for one word: conversation
// previews, notifications, the label of a file item. Messenger's types are
// technical ("fallback" is a shared link, a sticker is an image with a sticker id).
class AttachmentKind
{
    Q_DECLARE_TR_FUNCTIONS(Relaydesk::App::AttachmentKind)
public:
    // "Photo", "File", "Audio", "Video", "Sticker", "Link"; "Attachment" for anything else.
    // Takes Messenger's type or a conversation's preview kind ("image", "sticker", …).
    static QString label(const QString &type);
    static QString label(const Relaydesk::Attachment &attachment);
    // One line for a message: its text, else its first attachment's label, else "Message".
    static QString preview(const Relaydesk::Message &message);
};

} // namespace Relaydesk::App
