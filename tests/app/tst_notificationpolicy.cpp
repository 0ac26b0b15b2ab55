#include "notificationpolicy.h"
#include "protocol.h"

#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

const QString PageId = QStringLiteral("104216672283716");
constexpr qint64 Now = 1'732'521'600'000;

Conversation conversation(qint64 id, const QString &name, int unread)
{
    Conversation c;
    c.id = id;
    c.pageId = PageId;
    c.customer.psid = QStringLiteral("69201543781935%1").arg(id, 2, 10, QLatin1Char('0'));
    c.customer.name = name;
    c.unreadCount = unread;
    return c;
}

Event conversationEvent(const Conversation &c, qint64 at = Now)
{
    Event e = Event::forConversation(Protocol::EventKind::ConversationUpdated, c);
    e.createdAt = at;
    return e;
}

Event messageEvent(qint64 id, qint64 conversationId, const QString &text,
                   Message::Direction direction = Message::Direction::Incoming, qint64 at = Now)
{
    Message m;
    m.id = id;
    m.conversationId = conversationId;
    m.direction = direction;
    m.text = text;
    m.timestamp = at;
    Event e = Event::forMessage(Protocol::EventKind::MessageCreated, PageId, m);
    e.createdAt = at;
    return e;
}

// A customer's message as the relay sends it: the message, then its conversation.
QList<Event> incoming(qint64 messageId, qint64 conversationId, const QString &name, const QString &text, int unread = 1)
{
    return {messageEvent(messageId, conversationId, text), conversationEvent(conversation(conversationId, name, unread))};
}

// One notification per message, as long as each batch holds one: for what is not about bursts.
NotificationPolicy withoutBurstWindow()
{
    NotificationPolicy policy;
    policy.setBurstWindowMs(0);
    return policy;
}

QStringList names(int count)
{
    const QStringList all{QStringLiteral("Linh"), QStringLiteral("Anna"), QStringLiteral("Bo"), QStringLiteral("Cem"),
                          QStringLiteral("Dara"), QStringLiteral("Emil"), QStringLiteral("Fatima"), QStringLiteral("Goran")};
    return all.mid(0, count);
}

} // namespace

class TestNotificationPolicy : public QObject
{
    Q_OBJECT
private slots:
    void incomingMessageIsNotifiedWithNameAndPreview();
    void openConversationInActiveWindowIsNotNotified();
    void doNotDisturbAndMuteSilenceNotifications();
    void outgoingAndOtherEventsAreNotNotified();
    void oldReplaysAndRepeatsAreNotNotified();
    void attachmentsAreNamedAndLongTextShortened();
    void batchOfSeveralBecomesOneSummary();
    void customersWithinASecondBecomeOneSummary();
    void burstLeavesOutWhatTheAgentIsReading();
    void newCustomerInABurstIsNamedInTheSummary();
    void newCustomerWaitsBrieflyForTheName();
    void unreadTotalFollowsConversations();
};

void TestNotificationPolicy::incomingMessageIsNotifiedWithNameAndPreview()
{
    NotificationPolicy policy = withoutBurstWindow();
    const QList<Notification> shown = policy.eventsApplied(incoming(88, 17, QStringLiteral("Linh Nguyen"),
                                                                    QStringLiteral("Where is my order?")), Now);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().conversationId, 17);
    QCOMPARE(shown.first().messageId, 88);
    QCOMPARE(shown.first().title, QStringLiteral("Linh Nguyen"));
    QCOMPARE(shown.first().body, QStringLiteral("Where is my order?"));

    // Before the profile is known: the same stand-in name the list shows.
    const QList<Notification> anonymous = policy.eventsApplied(incoming(89, 18, QString(), QStringLiteral("hi")), Now);
    QCOMPARE(anonymous.size(), 1);
    QCOMPARE(anonymous.first().title, QStringLiteral("Customer 3518"));
}

void TestNotificationPolicy::openConversationInActiveWindowIsNotNotified()
{
    NotificationPolicy policy = withoutBurstWindow();
    policy.setOpenConversation(17);
    policy.setWindowActive(true);
    QVERIFY(policy.eventsApplied(incoming(1, 17, QStringLiteral("Linh"), QStringLiteral("a")), Now).isEmpty());
    // Another conversation still is.
    QCOMPARE(policy.eventsApplied(incoming(2, 18, QStringLiteral("Anna"), QStringLiteral("b")), Now).size(), 1);
    // The open one, with the window in the background, is too.
    policy.setWindowActive(false);
    QCOMPARE(policy.eventsApplied(incoming(3, 17, QStringLiteral("Linh"), QStringLiteral("c")), Now).size(), 1);
    // Active window, no conversation open.
    policy.setWindowActive(true);
    policy.setOpenConversation(0);
    QCOMPARE(policy.eventsApplied(incoming(4, 17, QStringLiteral("Linh"), QStringLiteral("d")), Now).size(), 1);
}

void TestNotificationPolicy::doNotDisturbAndMuteSilenceNotifications()
{
    NotificationPolicy policy = withoutBurstWindow();
    policy.setDoNotDisturb(true);
    QVERIFY(policy.eventsApplied(incoming(1, 17, QStringLiteral("Linh"), QStringLiteral("a")), Now).isEmpty());
    QCOMPARE(policy.unreadTotal(), 1); // still counted
    policy.setDoNotDisturb(false);

    policy.setMuted(17, true);
    QVERIFY(policy.isMuted(17));
    QVERIFY(policy.eventsApplied(incoming(2, 17, QStringLiteral("Linh"), QStringLiteral("b"), 2), Now).isEmpty());
    QCOMPARE(policy.eventsApplied(incoming(3, 18, QStringLiteral("Anna"), QStringLiteral("c")), Now).size(), 1);
    QCOMPARE(policy.unreadTotal(), 3); // muted conversations still count as unread
    policy.setMuted(17, false);
    QCOMPARE(policy.eventsApplied(incoming(4, 17, QStringLiteral("Linh"), QStringLiteral("d"), 3), Now).size(), 1);

    policy.setMuted(QSet<qint64>{17, 18});
    QVERIFY(policy.eventsApplied(incoming(5, 18, QStringLiteral("Anna"), QStringLiteral("e"), 2), Now).isEmpty());
}

void TestNotificationPolicy::outgoingAndOtherEventsAreNotNotified()
{
    NotificationPolicy policy;
    // Our reply, and an echo of the Page's reply from another tool.
    QVERIFY(policy.eventsApplied({messageEvent(1, 17, QStringLiteral("On its way"), Message::Direction::Outgoing)}, Now)
                .isEmpty());
    // An incoming message edited, or its status moving: not new.
    Event edited = messageEvent(2, 17, QStringLiteral("edited"));
    edited.kind = Protocol::EventKind::MessageUpdated;
    Event status = messageEvent(3, 17, QStringLiteral("status"));
    status.kind = Protocol::EventKind::MessageStatus;
    QVERIFY(policy.eventsApplied({edited, status, conversationEvent(conversation(17, QStringLiteral("Linh"), 1))}, Now)
                .isEmpty());
}

void TestNotificationPolicy::oldReplaysAndRepeatsAreNotNotified()
{
    NotificationPolicy policy = withoutBurstWindow();
    policy.setMaxAge(5 * 60 * 1000);
    // Caught up after a night offline: recorded hours ago.
    const QList<Event> replayed{messageEvent(1, 17, QStringLiteral("last night"), Message::Direction::Incoming,
                                             Now - 8 * 3600 * 1000)};
    QVERIFY(policy.eventsApplied(replayed, Now).isEmpty());
    // A minute old is still news.
    const QList<Event> recent{messageEvent(2, 17, QStringLiteral("a minute ago"), Message::Direction::Incoming,
                                           Now - 60 * 1000)};
    QCOMPARE(policy.eventsApplied(recent, Now).size(), 1);
    // The same event applied again (a replay overlapping a batch) is announced once.
    QVERIFY(policy.eventsApplied(recent, Now).isEmpty());
}

void TestNotificationPolicy::attachmentsAreNamedAndLongTextShortened()
{
    NotificationPolicy policy = withoutBurstWindow();
    Message photo;
    photo.id = 1;
    photo.conversationId = 17;
    photo.kind = QStringLiteral("attachments");
    photo.attachments.append(Attachment{QStringLiteral("image"), QStringLiteral("https://cdn.example/p.png"), {}, {}, {}});
    Event photoEvent = Event::forMessage(Protocol::EventKind::MessageCreated, PageId, photo);
    photoEvent.createdAt = Now;
    Message sticker = photo;
    sticker.id = 2;
    sticker.attachments.first().stickerId = QStringLiteral("369239263222822");
    Event stickerEvent = Event::forMessage(Protocol::EventKind::MessageCreated, PageId, sticker);
    stickerEvent.createdAt = Now;
    const QString longText = QString(300, QLatin1Char('x'));

    QList<Notification> shown;
    for (const Event &e : {photoEvent, stickerEvent, messageEvent(3, 17, longText)})
        shown += policy.eventsApplied({e}, Now);
    QCOMPARE(shown.size(), 3);
    QCOMPARE(shown.at(0).body, QStringLiteral("Photo"));
    QCOMPARE(shown.at(1).body, QStringLiteral("Sticker"));
    QCOMPARE(shown.at(2).body.size(), NotificationPolicy::MaxBodyLength);
    QVERIFY(shown.at(2).body.endsWith(QChar(0x2026)));
    QCOMPARE(shown.at(0).title, QStringLiteral("New message")); // conversation not known yet
}

void TestNotificationPolicy::batchOfSeveralBecomesOneSummary()
{
    NotificationPolicy policy = withoutBurstWindow();
    QList<Event> burst;
    const QStringList five = names(5);
    for (int i = 0; i < five.size(); ++i)
        burst += incoming(100 + i, 20 + i, five.at(i), QStringLiteral("hello %1").arg(i));
    const QList<Notification> shown = policy.eventsApplied(burst, Now);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().conversationId, 0); // several: clicking shows the window
    QCOMPARE(shown.first().title, QStringLiteral("5 new conversations"));
    QCOMPARE(shown.first().body, QStringLiteral("From Linh, Anna, Bo and 2 others"));

    // Many from one customer: a summary that opens that conversation.
    QList<Event> one;
    for (int i = 0; i < 4; ++i)
        one += incoming(200 + i, 30, QStringLiteral("Linh"), QStringLiteral("part %1").arg(i), i + 1);
    const QList<Notification> single = policy.eventsApplied(one, Now);
    QCOMPARE(single.size(), 1);
    QCOMPARE(single.first().conversationId, 30);
    QCOMPARE(single.first().messageId, 203);
    QCOMPARE(single.first().title, QStringLiteral("Linh"));
    QCOMPARE(single.first().body, QStringLiteral("4 new messages"));

    // Two: both names.
    const QList<Notification> two = policy.eventsApplied(incoming(300, 40, QStringLiteral("Bo"), QStringLiteral("a"))
                                                             + incoming(301, 41, QStringLiteral("Cem"), QStringLiteral("b")),
                                                         Now);
    QCOMPARE(two.size(), 1);
    QCOMPARE(two.first().title, QStringLiteral("2 new conversations"));
    QCOMPARE(two.first().body, QStringLiteral("From Bo, Cem"));
}

void TestNotificationPolicy::customersWithinASecondBecomeOneSummary()
{
    NotificationPolicy policy;
    policy.setBurstWindowMs(2000);
    policy.setNameWaitMs(2000);
    const QStringList seven = names(7);
    // Seven customers within a second, each in a batch of its own (the relay's pace).
    QList<Notification> shown;
    for (int i = 0; i < seven.size(); ++i)
        shown += policy.eventsApplied(incoming(100 + i, 20 + i, seven.at(i), QStringLiteral("hello %1").arg(i)), Now + i * 150);
    // The first at once: nothing to wait for after a quiet spell.
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().conversationId, 20);
    QCOMPARE(shown.first().body, QStringLiteral("hello 0"));
    QVERIFY(shown.first().replaces.isEmpty());
    // The rest at the end of the window, as one summary in the first one's place.
    QCOMPARE(policy.nextDeadline(), Now + 2000);
    QVERIFY(policy.takeOverdue(Now + 1999).isEmpty());
    const QList<Notification> summary = policy.takeOverdue(Now + 2000);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(summary.first().conversationId, 0);
    QCOMPARE(summary.first().title, QStringLiteral("7 new conversations"));
    QCOMPARE(summary.first().body, QStringLiteral("From Linh, Anna, Bo and 4 others"));
    QCOMPARE(summary.first().messageId, 106);
    QCOMPARE(summary.first().replaces, QList<qint64>{20});
    // The tray's count is the messages', not the notifications'.
    QCOMPARE(policy.unreadTotal(), 7);
    QCOMPARE(policy.unreadConversations(), 7);

    // Still coming: the summary is brought up to date once per window, in its own place.
    QVERIFY(policy.eventsApplied(incoming(110, 27, QStringLiteral("Goran"), QStringLiteral("hi")), Now + 2500).isEmpty());
    QVERIFY(policy.eventsApplied(incoming(111, 20, QStringLiteral("Linh"), QStringLiteral("again"), 2), Now + 2600).isEmpty());
    QCOMPARE(policy.nextDeadline(), Now + 4000);
    const QList<Notification> renewed = policy.takeOverdue(Now + 4000);
    QCOMPARE(renewed.size(), 1);
    QCOMPARE(renewed.first().title, QStringLiteral("8 new conversations"));
    QCOMPARE(renewed.first().replaces, QList<qint64>{0});
    QCOMPARE(policy.unreadTotal(), 9);

    // A quiet window ends the burst: the next customer is shown at once, on their own.
    QCOMPARE(policy.nextDeadline(), 0);
    QVERIFY(policy.takeOverdue(Now + 6000).isEmpty());
    const QList<Notification> later = policy.eventsApplied(incoming(120, 30, QStringLiteral("Hana"), QStringLiteral("hey")), Now + 6500);
    QCOMPARE(later.size(), 1);
    QCOMPARE(later.first().conversationId, 30);
    QVERIFY(later.first().replaces.isEmpty());

    // A burst from one customer: their conversation, with the count.
    QVERIFY(policy.eventsApplied(incoming(121, 30, QStringLiteral("Hana"), QStringLiteral("one more"), 2), Now + 7000).isEmpty());
    const QList<Notification> same = policy.takeOverdue(Now + 8500);
    QCOMPARE(same.size(), 1);
    QCOMPARE(same.first().conversationId, 30);
    QCOMPARE(same.first().title, QStringLiteral("Hana"));
    QCOMPARE(same.first().body, QStringLiteral("2 new messages"));
    QCOMPARE(same.first().replaces, QList<qint64>{30});
}

void TestNotificationPolicy::burstLeavesOutWhatTheAgentIsReading()
{
    NotificationPolicy policy;
    policy.setBurstWindowMs(1000);
    // The agent has Linh's conversation open and the window focused: Linh raises nothing,
    // alone or in a burst, and is not named in the summary.
    policy.setOpenConversation(20);
    policy.setWindowActive(true);
    QVERIFY(policy.eventsApplied(incoming(1, 20, QStringLiteral("Linh"), QStringLiteral("a")), Now).isEmpty());
    QCOMPARE(policy.nextDeadline(), 0);
    const QList<Notification> first = policy.eventsApplied(incoming(2, 21, QStringLiteral("Anna"), QStringLiteral("b")), Now + 100);
    QCOMPARE(first.size(), 1);
    QVERIFY(policy.eventsApplied(incoming(3, 20, QStringLiteral("Linh"), QStringLiteral("c"), 2), Now + 200).isEmpty());
    QVERIFY(policy.eventsApplied(incoming(4, 22, QStringLiteral("Bo"), QStringLiteral("d")), Now + 300).isEmpty());
    const QList<Notification> summary = policy.takeOverdue(Now + 1100);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(summary.first().title, QStringLiteral("2 new conversations"));
    QCOMPARE(summary.first().body, QStringLiteral("From Anna, Bo"));

    // Opened while the window was running: left out of the summary; nothing else new, nothing shown.
    QVERIFY(policy.eventsApplied(incoming(5, 23, QStringLiteral("Cem"), QStringLiteral("e")), Now + 1500).isEmpty());
    policy.setOpenConversation(23);
    QVERIFY(policy.takeOverdue(Now + 2100).isEmpty());
    QCOMPARE(policy.nextDeadline(), 0);

    // Do not disturb turned on during a burst: no summary.
    policy.setOpenConversation(0);
    QCOMPARE(policy.eventsApplied(incoming(6, 24, QStringLiteral("Dara"), QStringLiteral("f")), Now + 5000).size(), 1);
    QVERIFY(policy.eventsApplied(incoming(7, 25, QStringLiteral("Emil"), QStringLiteral("g")), Now + 5100).isEmpty());
    policy.setDoNotDisturb(true);
    QVERIFY(policy.takeOverdue(Now + 6000).isEmpty());
}

void TestNotificationPolicy::newCustomerInABurstIsNamedInTheSummary()
{
    NotificationPolicy policy;
    policy.setBurstWindowMs(2000);
    policy.setNameWaitMs(2000);
    QCOMPARE(policy.eventsApplied(incoming(1, 20, QStringLiteral("Linh"), QStringLiteral("a")), Now).size(), 1);
    // A new customer during the burst: no wait of its own; the summary has the name by then.
    QVERIFY(policy.eventsApplied(incoming(2, 21, QString(), QStringLiteral("b")), Now + 100).isEmpty());
    QVERIFY(policy.eventsApplied({conversationEvent(conversation(21, QStringLiteral("Emily Carter"), 1))}, Now + 600).isEmpty());
    const QList<Notification> summary = policy.takeOverdue(Now + 2000);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(summary.first().body, QStringLiteral("From Linh, Emily Carter"));
    QCOMPARE(policy.nextDeadline(), 0);
}

void TestNotificationPolicy::newCustomerWaitsBrieflyForTheName()
{
    NotificationPolicy policy = withoutBurstWindow();
    policy.setNameWaitMs(2000);
    QCOMPARE(policy.nextDeadline(), 0);
    // Known customers are announced at once.
    QCOMPARE(policy.eventsApplied(incoming(1, 17, QStringLiteral("Linh Nguyen"), QStringLiteral("hi")), Now).size(), 1);

    // A new customer's first message: the relay is still asking for the name.
    QVERIFY(policy.eventsApplied(incoming(2, 18, QString(), QStringLiteral("Do you ship to Canada?")), Now).isEmpty());
    QCOMPARE(policy.nextDeadline(), Now + 2000);
    QVERIFY(policy.takeOverdue(Now + 1999).isEmpty());
    // The conversation again, with the name: the held notification comes with it.
    const QList<Notification> named =
        policy.eventsApplied({conversationEvent(conversation(18, QStringLiteral("Emily Carter"), 1))}, Now + 400);
    QCOMPARE(named.size(), 1);
    QCOMPARE(named.first().conversationId, 18);
    QCOMPARE(named.first().messageId, 2);
    QCOMPARE(named.first().title, QStringLiteral("Emily Carter"));
    QCOMPARE(named.first().body, QStringLiteral("Do you ship to Canada?"));
    QCOMPARE(policy.nextDeadline(), 0);
    QVERIFY(policy.takeOverdue(Now + 5000).isEmpty());

    // No name in time (the profile is private): the stand-in name, once the wait is over.
    QVERIFY(policy.eventsApplied(incoming(3, 19, QString(), QStringLiteral("hello")), Now).isEmpty());
    QVERIFY(policy.eventsApplied({conversationEvent(conversation(19, QString(), 1))}, Now + 500).isEmpty());
    const QList<Notification> late = policy.takeOverdue(Now + 2000);
    QCOMPARE(late.size(), 1);
    QCOMPARE(late.first().title, QStringLiteral("Customer 3519"));
    QCOMPARE(policy.nextDeadline(), 0);

    // Silenced while it waited: the agent opened it, or turned on do not disturb.
    QVERIFY(policy.eventsApplied(incoming(4, 20, QString(), QStringLiteral("a")), Now).isEmpty());
    policy.setOpenConversation(20);
    policy.setWindowActive(true);
    QVERIFY(policy.takeOverdue(Now + 2000).isEmpty());
    QVERIFY(policy.eventsApplied(incoming(5, 21, QString(), QStringLiteral("b")), Now).isEmpty());
    policy.setDoNotDisturb(true);
    QVERIFY(policy.eventsApplied({conversationEvent(conversation(21, QStringLiteral("Anna"), 1))}, Now).isEmpty());
    QCOMPARE(policy.nextDeadline(), 0);
    policy.setDoNotDisturb(false);

    // Several customers in one batch are summed up at once, names or not.
    QList<Event> burst;
    for (int i = 0; i < 3; ++i)
        burst += incoming(10 + i, 30 + i, QString(), QStringLiteral("hi"));
    QCOMPARE(policy.eventsApplied(burst, Now).size(), 1);
    QCOMPARE(policy.nextDeadline(), 0);
}

void TestNotificationPolicy::unreadTotalFollowsConversations()
{
    NotificationPolicy policy = withoutBurstWindow();
    QCOMPARE(policy.unreadTotal(), 0);
    policy.updateConversations({conversation(1, QStringLiteral("Linh"), 2), conversation(2, QStringLiteral("Anna"), 0),
                                conversation(3, QStringLiteral("Bo"), 5)});
    QCOMPARE(policy.unreadTotal(), 7);
    QCOMPARE(policy.unreadConversations(), 2);
    QCOMPARE(policy.titleFor(2), QStringLiteral("Anna"));

    // A new message in Anna's conversation, then Bo's marked read.
    policy.eventsApplied(incoming(10, 2, QStringLiteral("Anna"), QStringLiteral("hi"), 1), Now);
    QCOMPARE(policy.unreadTotal(), 8);
    Event read = conversationEvent(conversation(3, QStringLiteral("Bo"), 0));
    read.kind = Protocol::EventKind::ConversationRead;
    policy.eventsApplied({read}, Now);
    QCOMPARE(policy.unreadTotal(), 3);
    QCOMPARE(policy.unreadConversations(), 2);
    // Applying the same state again changes nothing (events are upserts).
    policy.eventsApplied({read}, Now);
    policy.updateConversations({conversation(1, QStringLiteral("Linh"), 2)});
    QCOMPARE(policy.unreadTotal(), 3);
}

QTEST_GUILESS_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
