#pragma once

#include <QJsonObject>
#include <QString>

namespace Relaydesk {

// A saved answer the whole team shares, typed in the composer as "/shortcode".
// Its text may hold placeholders (CannedPlaceholders) filled when it is inserted.
// The relay keeps who made it and who changed it last.
struct CannedResponse
{
    static constexpr int MaxShortcodeLength = 32;
    static constexpr int MaxTitleLength = 100;
    static constexpr int MaxCount = 500; // per team: the list goes to an app in one frame

    qint64 id = 0;
    QString shortcode; // lower case letters, digits, '-' and '_'
    QString title;
    QString text;
    qint64 createdBy = 0; // agent ids
    qint64 createdAt = 0; // ms
    qint64 updatedBy = 0;
    qint64 updatedAt = 0;

    QJsonObject toJson() const;
    static CannedResponse fromJson(const QJsonObject &json);
    bool operator==(const CannedResponse &o) const;

    // Lower case, trimmed; a leading '/' (typed as in the composer) dropped.
    static QString normalizedShortcode(const QString &shortcode);
    // Why the title, shortcode (normalized) and text cannot be kept, or empty if they
    // can: both ends check the same rules, the relay's answer is the one that counts.
    // *tooLong is set when only the text's length is at fault.
    static QString validationError(const QString &shortcode, const QString &title, const QString &text,
                                   bool *tooLong = nullptr);
};

} // namespace Relaydesk
