#include "inboxsampler.h"

#include "sampletext.h"

namespace Relaydesk::Bench {

namespace {

const QString Pages[] = {QStringLiteral("104216672283716"), QStringLiteral("104216672283999"),
                         QStringLiteral("104216672284512")};
const qint64 Agents[] = {3, 4, 5, 6, 7};
constexpr int ChineseLanguage = 5; // SampleText: family name first, no space

// Meta's CDN would be here. Nothing listens on the discard port on loopback, so the
// app's image cache fails fast instead of going out to the internet from a benchmark.
QString cdnUrl(const QString &what, qint64 id)
{
    return QStringLiteral("http://127.0.0.1:9/cdn/%1/%2").arg(what).arg(id);
}

} // namespace

InboxSampler::InboxSampler(quint32 seed)
    : m_random(seed)
{
}

App::TeamDirectory InboxSampler::directory()
{
    App::TeamDirectory d;
    d.me = {MyAgentId, QStringLiteral("alice")};
    d.pages = {{Pages[0], QStringLiteral("Shop")}, {Pages[1], QStringLiteral("Outlet")},
               {Pages[2], QStringLiteral("Boutique Paris")}};
    d.agents = {{3, QStringLiteral("alice")}, {4, QStringLiteral("bob")}, {5, QStringLiteral("Chen Wei")},
                {6, QStringLiteral("Dana")}, {7, QStringLiteral("Émile")}};
    return d;
}

int InboxSampler::languageOf(const Conversation &conversation)
{
    QRandomGenerator random(quint32(conversation.id * 2654435761u));
    return SampleText::pickLanguage(random);
}

Conversation InboxSampler::newConversation(qint64 id)
{
    Conversation c;
    c.id = id;
    const quint32 page = m_random.bounded(100u);
    c.pageId = Pages[page < 60 ? 0 : page < 90 ? 1 : 2];
    c.customer.psid = QString::number(6'900'000'000'000'000LL + id * 7919 % 99'999'999'999'999LL);
    // Profiles the User Profile API would not give: "Customer 1234".
    if (m_random.bounded(100u) >= 4) {
        const int language = languageOf(c);
        const QString first = SampleText::firstName(language, m_random);
        const QString last = SampleText::lastName(language, m_random);
        c.customer.name = language == ChineseLanguage ? last + first : first + QLatin1Char(' ') + last;
    }
    return c;
}

Message InboxSampler::message(const Conversation &conversation, qint64 id, qint64 timestamp, bool incoming,
                              const QString &quoteMid)
{
    const int language = languageOf(conversation);
    Message m;
    m.id = id;
    m.conversationId = conversation.id;
    m.mid = QStringLiteral("m_bench_%1").arg(id);
    m.timestamp = timestamp;
    m.direction = incoming ? Message::Direction::Incoming : Message::Direction::Outgoing;
    m.text = QStringLiteral(""); // as a message that came as JSON: empty, not null (the column is NOT NULL)
    const quint32 roll = m_random.bounded(1000u);
    if (incoming && roll < 60) {
        // Photos, stickers, files, voice notes, videos, shared links.
        Attachment a;
        const quint32 kind = m_random.bounded(100u);
        a.type = kind < 55 ? QStringLiteral("image") : kind < 68 ? QStringLiteral("image") : kind < 82 ? QStringLiteral("file")
            : kind < 89 ? QStringLiteral("audio") : kind < 95 ? QStringLiteral("video") : QStringLiteral("fallback");
        if (kind >= 55 && kind < 68)
            a.stickerId = QString::number(369239263222822LL + kind);
        if (a.type == QLatin1String("fallback"))
            a.title = QStringLiteral("Tracking – order %1").arg(100000 + m_random.bounded(900000));
        if (a.type == QLatin1String("file"))
            a.name = QStringLiteral("invoice-%1.pdf").arg(id);
        a.url = cdnUrl(a.type, id);
        m.kind = QStringLiteral("attachments");
        m.attachments.append(a);
        if (a.type == QLatin1String("image") && a.stickerId.isEmpty() && m_random.bounded(4u) == 0)
            m.attachments.append({QStringLiteral("image"), cdnUrl(QStringLiteral("image2"), id), {}, {}, {}});
    } else if (incoming && roll < 75) {
        m.kind = QStringLiteral("postback");
        m.text = QStringLiteral("Talk to a person");
        m.postbackPayload = QStringLiteral("HUMAN_HANDOFF");
    } else {
        m.text = incoming ? SampleText::customerMessage(language, m_random) : SampleText::agentReply(language, m_random);
    }
    if (incoming) {
        m.status = Message::Status::Received;
        if (!quoteMid.isEmpty() && m_random.bounded(100u) < 4)
            m.replyToMid = quoteMid;
        if (m_random.bounded(100u) < 2) {
            m.editCount = 1;
        }
    } else {
        const quint32 source = m_random.bounded(100u);
        if (source < 88) {
            m.source = QStringLiteral("relaydesk");
            m.agentId = Agents[m_random.bounded(quint32(std::size(Agents)))];
            m.clientId = QStringLiteral("bench-%1").arg(id);
        } else {
            m.source = QStringLiteral("page"); // answered from the Page inbox on a phone
        }
        const quint32 status = m_random.bounded(1000u);
        m.status = status < 4 ? Message::Status::Failed : status < 60 ? Message::Status::Sent
            : status < 400 ? Message::Status::Delivered : Message::Status::Read;
        if (m.status == Message::Status::Failed) {
            m.errorCode = 10;
            m.errorSubcode = 2018278;
            m.errorMessage = QStringLiteral("This message is sent outside of allowed window.");
        }
    }
    if (m_random.bounded(100u) < 3)
        m.reactions.append({QStringLiteral("love"), QString::fromUtf8("\u2764\ufe0f")});
    return m;
}

void InboxSampler::addToConversation(Conversation &c, const Message &m)
{
    if (m.timestamp >= c.lastMessageAt) {
        c.lastMessageAt = m.timestamp;
        c.previewText = m.text;
        c.previewOutgoing = m.direction == Message::Direction::Outgoing;
        if (!m.attachments.isEmpty() && m.text.isEmpty())
            c.previewKind = m.attachments.first().stickerId.isEmpty() ? m.attachments.first().type : QStringLiteral("sticker");
        else
            c.previewKind = m.kind;
    }
    if (m.direction == Message::Direction::Incoming) {
        c.lastCustomerMessageAt = std::max(c.lastCustomerMessageAt, m.timestamp);
        ++c.unreadCount;
        if (c.status == Conversation::Status::Resolved)
            c.status = Conversation::Status::Open;
    } else if (m.agentId != 0) {
        c.unreadCount = 0; // whoever answered read it first
    }
}

void InboxSampler::settle(Conversation &c)
{
    const quint32 status = m_random.bounded(100u);
    c.status = status < 55 ? Conversation::Status::Open : status < 70 ? Conversation::Status::Pending
                                                                         : Conversation::Status::Resolved;
    const quint32 assignee = m_random.bounded(100u);
    c.assigneeId = assignee < 40 ? 0 : assignee < 65 ? MyAgentId : Agents[1 + m_random.bounded(4u)];
    if (c.status == Conversation::Status::Resolved || m_random.bounded(100u) < 70)
        c.unreadCount = 0;
    else if (m_random.bounded(100u) < 2)
        c.unreadCount = 100 + int(m_random.bounded(50u)); // "99+"
}

} // namespace Relaydesk::Bench
