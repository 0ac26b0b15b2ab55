#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QRandomGenerator;

namespace Relaydesk::Simulator {

// What customers are called and what they write, in the languages support teams
// meet: English, German, French, Spanish, Vietnamese, Chinese.
struct Persona
{
    QString language;  // "en", "de", "fr", "es", "vi", "zh"
    QString firstName;
    QString lastName;
};

namespace Content {

Persona persona(QRandomGenerator &random);
// A support message in `language`; the first one opens a thread, later ones follow up.
QString opening(const QString &language, QRandomGenerator &random);
QString followUp(const QString &language, QRandomGenerator &random);
QString edited(const QString &text);
// Quick-reply taps: {title, payload}.
QPair<QString, QString> quickReply(const QString &language, QRandomGenerator &random);
QPair<QString, QString> postback(const QString &language, QRandomGenerator &random);
QString imageCaption(const QString &language, QRandomGenerator &random);

// Generated media, deterministic by name so a URL always shows the same thing.
QByteArray avatarPng(const QString &firstName, const QString &lastName, const QString &seed);
QByteArray photoPng(const QString &name);
QByteArray invoicePdf(const QString &title);

} // namespace Content
} // namespace Relaydesk::Simulator
