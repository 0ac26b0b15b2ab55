#include "attachmentkind.h"

namespace Relaydesk::App {

QString AttachmentKind::label(const QString &type)
{
    if (type == QLatin1String("image"))
        return tr("Photo");
    if (type == QLatin1String("file"))
        return tr("File");
    if (type == QLatin1String("audio"))
        return tr("Audio");
    if (type == QLatin1String("video"))
        return tr("Video");
    if (type == QLatin1String("sticker"))
        return tr("Sticker");
    if (type == QLatin1String("fallback") || type == QLatin1String("link"))
        return tr("Link");
    return tr("Attachment");
}

QString AttachmentKind::label(const Attachment &attachment)
{
    // Messenger sends stickers as images; only the sticker id tells them apart.
    if (!attachment.stickerId.isEmpty())
        return label(QStringLiteral("sticker"));
    return label(attachment.type);
}

QString AttachmentKind::preview(const Message &message)
{
    const QString text = message.text.simplified();
    if (!text.isEmpty())
        return text;
    if (!message.attachments.isEmpty())
        return label(message.attachments.first());
    return tr("Message");
}

} // namespace Relaydesk::App
