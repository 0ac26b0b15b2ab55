#pragma once

#include <QString>

class QRandomGenerator;

namespace Relaydesk::Bench {

// What the generated inbox says: customers' names and messages, and agents'
// replies, in the languages a support team meets (Latin scripts with diacritics,
// Cyrillic, Arabic, CJK, Vietnamese, Devanagari), so the list and the chat shape
// and paint real text, not ASCII placeholders.
namespace SampleText {

int languageCount();
int pickLanguage(QRandomGenerator &random); // weighted: most customers write in a few languages
QString firstName(int language, QRandomGenerator &random);
QString lastName(int language, QRandomGenerator &random);
// A customer's message: a greeting or question, or a longer story of several sentences.
QString customerMessage(int language, QRandomGenerator &random);
// An agent's reply, short or long.
QString agentReply(int language, QRandomGenerator &random);

} // namespace SampleText
} // namespace Relaydesk::Bench
