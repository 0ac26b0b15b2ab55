#include "messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

constexpr qint64 Conv = 17;
const qint64 Day = 24 * 3600 * 1000LL;
const qint64 Noon = QDateTime(QDate(2026, 11, 24), QTime(12, 0)).toMSecsSinceEpoch();

Message incoming(qint64 id, qint64 at, const QString &text)
{
    Message m;
    m.id = id;
    m.conversationId = Conv;
    m.mid = QStringLiteral("m_%1").arg(id);
    m.text = text;
    m.timestamp = at;
    return m;
}

Message reply(qint64 id, qint64 at, const QString &clientId, Message::Status status, const QString &text = {})
{
    Message m = incoming(id, at, text.isEmpty() ? QStringLiteral("reply ") + clientId : text);
    m.direction = Message::Direction::Outgoing;
    m.mid = id > 0 && status >= Message::Status::Sent ? QStringLiteral("m_out_%1").arg(id) : QString();
    m.clientId = clientId;
    m.status = status;
    m.source = QStringLiteral("relaydesk");
    return m;
}

QList<qint64> ids(const MessageListModel &model)
{
    QList<qint64> list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.index(row).data(MessageListModel::IdRole).toLongLong());
    return list;
}

Message::Status statusAt(const MessageListModel &model, int row)
{
    return Message::Status(model.index(row).data(MessageListModel::StatusRole).toInt());
}

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void ordersByTimestampThenId();
    void otherConversationsAreIgnored();
    void duplicateEventIsOneRow();
    void ackFirstReconciliation();
    void echoFirstReconciliation();
    void lateStaleStatusDoesNotGoBack();
    void failedReplyCanBeRetried();
    void olderPagesPrependWithoutDuplicates();
    void daySeparatorsAndQuotes();
    void rolesCarryTheMessage();
    void olderPageIsOneInsert();
    void quoteResolvesWhenTheQuotedMessageArrives();
    void contentKeyFollowsEveryChange();

private:
    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestMessageListModel::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestMessageListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestMessageListModel::ordersByTimestampThenId()
{
    m_model->setConversation(Conv, {incoming(3, Noon + 10, QStringLiteral("c")), incoming(1, Noon, QStringLiteral("a")),
                                    incoming(2, Noon, QStringLiteral("b"))});
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 3}));
    // Arrival order is not display order: Meta's timestamp is.
    m_model->upsert(incoming(4, Noon + 5, QStringLiteral("late webhook")));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 4, 3}));
    // A pending reply of the same millisecond goes after the relay's messages.
    m_model->upsert(reply(-1, Noon + 10, QStringLiteral("c1"), Message::Status::Pending));
    m_model->upsert(incoming(5, Noon + 10, QStringLiteral("same ms")));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 4, 3, 5, -1}));
}

void TestMessageListModel::otherConversationsAreIgnored()
{
    m_model->setConversation(Conv, {incoming(1, Noon, QStringLiteral("a"))});
    Message other = incoming(2, Noon + 1, QStringLiteral("elsewhere"));
    other.conversationId = Conv + 1;
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->upsert(other);
    m_model->applyEvents({Event::forMessage(QStringLiteral("message.created"), QStringLiteral("p"), other)});
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->rowCount(), 1);
    m_model->setConversation(0, {});
    m_model->upsert(incoming(3, Noon, QStringLiteral("none open")));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestMessageListModel::duplicateEventIsOneRow()
{
    m_model->setConversation(Conv, {});
    const Message m = incoming(1, Noon, QStringLiteral("hello"));
    const Event e = Event::forMessage(QStringLiteral("message.created"), QStringLiteral("p"), m);
    m_model->applyEvents({e, e});
    m_model->upsert(m);
    QCOMPARE(ids(*m_model), (QList<qint64>{1}));
}

void TestMessageListModel::ackFirstReconciliation()
{
    m_model->setConversation(Conv, {incoming(1, Noon, QStringLiteral("hi"))});
    m_model->upsert(reply(-1, Noon + 1000, QStringLiteral("abc"), Message::Status::Pending));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, -1}));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    const QPersistentModelIndex bubble = m_model->index(1);

    // The ack: the relay's message with its id, same client id.
    m_model->upsert(reply(40, Noon + 1002, QStringLiteral("abc"), Message::Status::Pending));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 40}));
    // Then the event of the same message, then its status moves.
    m_model->upsert(reply(40, Noon + 1002, QStringLiteral("abc"), Message::Status::Pending));
    m_model->upsert(reply(40, Noon + 1002, QStringLiteral("abc"), Message::Status::Sent));
    m_model->upsert(reply(40, Noon + 1002, QStringLiteral("abc"), Message::Status::Delivered));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 40}));
    QCOMPARE(statusAt(*m_model, 1), Message::Status::Delivered);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(bubble.row(), 1); // the same row all along: the view never flickers
}

void TestMessageListModel::echoFirstReconciliation()
{
    m_model->setConversation(Conv, {});
    m_model->upsert(reply(-1, Noon, QStringLiteral("abc"), Message::Status::Pending));
    // The event (or Meta's echo) brings the message before our ack does.
    m_model->upsert(reply(40, Noon + 3, QStringLiteral("abc"), Message::Status::Sent));
    // The ack arrives late with the state at creation time: it must not go back.
    m_model->upsert(reply(40, Noon + 3, QStringLiteral("abc"), Message::Status::Pending));
    QCOMPARE(ids(*m_model), (QList<qint64>{40}));
    QCOMPARE(statusAt(*m_model, 0), Message::Status::Sent);
}

void TestMessageListModel::lateStaleStatusDoesNotGoBack()
{
    m_model->setConversation(Conv, {reply(40, Noon, QStringLiteral("abc"), Message::Status::Read)});
    m_model->upsert(reply(40, Noon, QStringLiteral("abc"), Message::Status::Delivered));
    QCOMPARE(statusAt(*m_model, 0), Message::Status::Read);
    // A reaction on a read message is a real change even without a newer status.
    Message reacted = reply(40, Noon, QStringLiteral("abc"), Message::Status::Read);
    reacted.reactions = {{QStringLiteral("love"), QStringLiteral("\u2764\ufe0f")}};
    m_model->upsert(reacted);
    QCOMPARE(m_model->index(0).data(MessageListModel::ReactionsRole).toString(), QStringLiteral("\u2764\ufe0f"));
}

void TestMessageListModel::failedReplyCanBeRetried()
{
    m_model->setConversation(Conv, {reply(40, Noon, QStringLiteral("abc"), Message::Status::Pending)});
    Message failed = reply(40, Noon, QStringLiteral("abc"), Message::Status::Failed);
    failed.errorMessage = QStringLiteral("This message is sent outside of allowed window.");
    m_model->upsert(failed);
    QCOMPARE(statusAt(*m_model, 0), Message::Status::Failed);
    QCOMPARE(m_model->index(0).data(MessageListModel::ErrorMessageRole).toString(), failed.errorMessage);
    m_model->upsert(reply(40, Noon, QStringLiteral("abc"), Message::Status::Pending)); // retried
    QCOMPARE(statusAt(*m_model, 0), Message::Status::Pending);
    m_model->upsert(reply(40, Noon, QStringLiteral("abc"), Message::Status::Sent));
    QCOMPARE(statusAt(*m_model, 0), Message::Status::Sent);
}

void TestMessageListModel::olderPagesPrependWithoutDuplicates()
{
    m_model->setConversation(Conv, {incoming(10, Noon + 10, QStringLiteral("j")), incoming(11, Noon + 11, QStringLiteral("k"))});
    QList<Message> older;
    for (int id = 5; id <= 10; ++id) // overlaps at id 10
        older.append(incoming(id, Noon + id, QStringLiteral("x")));
    m_model->prependOlder(Conv, older);
    QCOMPARE(ids(*m_model), (QList<qint64>{5, 6, 7, 8, 9, 10, 11}));
    m_model->prependOlder(Conv + 1, {incoming(1, Noon, QStringLiteral("other"))}); // a page for another chat
    QCOMPARE(m_model->rowCount(), 7);
}

void TestMessageListModel::daySeparatorsAndQuotes()
{
    Message quoted = incoming(3, Noon + Day, QStringLiteral("Is it in stock?"));
    quoted.replyToMid = QStringLiteral("m_1");
    m_model->setConversation(Conv, {incoming(1, Noon, QStringLiteral("The blue one")), incoming(2, Noon + 60'000, QStringLiteral("size M")), quoted});
    const auto firstOfDay = [this](int row) { return m_model->index(row).data(MessageListModel::FirstOfDayRole).toBool(); };
    QVERIFY(firstOfDay(0));
    QVERIFY(!firstOfDay(1));
    QVERIFY(firstOfDay(2));
    QCOMPARE(m_model->index(2).data(MessageListModel::QuotedTextRole).toString(), QStringLiteral("The blue one"));
    QVERIFY(m_model->index(1).data(MessageListModel::QuotedTextRole).isNull());

    // A message inserted between the two days: the next day's row keeps its separator,
    // and one inserted before the first row takes it over.
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->upsert(incoming(0, Noon - 1000, QStringLiteral("earlier")));
    QVERIFY(firstOfDay(0));
    QVERIFY(!firstOfDay(1));
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.last().at(1).toModelIndex().row() >= 1); // the old first row was told
}

void TestMessageListModel::rolesCarryTheMessage()
{
    Message m = incoming(7, Noon, QString());
    m.kind = QStringLiteral("attachments");
    m.attachments = {Attachment{QStringLiteral("image"), QStringLiteral("https://cdn.invalid/a.jpg"), {}, {}, {}}};
    m.editCount = 1;
    m_model->setConversation(Conv, {m, reply(8, Noon + 1, QStringLiteral("c8"), Message::Status::Sent)});
    const QModelIndex i = m_model->index(0);
    QCOMPARE(i.data(MessageListModel::OutgoingRole).toBool(), false);
    QCOMPARE(i.data(MessageListModel::KindRole).toString(), QStringLiteral("attachments"));
    QCOMPARE(i.data(MessageListModel::EditedRole).toBool(), true);
    const QVariantList attachments = i.data(MessageListModel::AttachmentsRole).toList();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.first().toMap().value(QStringLiteral("type")).toString(), QStringLiteral("image"));
    QCOMPARE(attachments.first().toMap().value(QStringLiteral("url")).toString(), QStringLiteral("https://cdn.invalid/a.jpg"));
    const QModelIndex r = m_model->index(1);
    QCOMPARE(r.data(MessageListModel::OutgoingRole).toBool(), true);
    QCOMPARE(r.data(MessageListModel::ClientIdRole).toString(), QStringLiteral("c8"));
    QCOMPARE(r.data(MessageListModel::TimestampRole).toLongLong(), Noon + 1);
    QCOMPARE(m_model->rowOfClientId(QStringLiteral("c8")), 1);
    QCOMPARE(m_model->rowOfId(7), 0);
}

void TestMessageListModel::olderPageIsOneInsert()
{
    m_model->setConversation(Conv, {incoming(100, Noon + 100, QStringLiteral("newest"))});
    QList<Message> older;
    for (int id = 50; id < 100; ++id)
        older.append(incoming(id, Noon - Day + id, QStringLiteral("older %1").arg(id)));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->prependOlder(Conv, older);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 49);
    QCOMPARE(m_model->rowCount(), 51);
    QCOMPARE(m_model->rowOfId(50), 0);
    QCOMPARE(m_model->rowOfId(100), 50);
    QVERIFY(m_model->index(0).data(MessageListModel::FirstOfDayRole).toBool());
    QVERIFY(!m_model->index(49).data(MessageListModel::FirstOfDayRole).toBool());
    QVERIFY(m_model->index(50).data(MessageListModel::FirstOfDayRole).toBool()); // the next day
    // The same page again: nothing new, nothing doubled.
    m_model->prependOlder(Conv, older);
    QCOMPARE(m_model->rowCount(), 51);
}

void TestMessageListModel::quoteResolvesWhenTheQuotedMessageArrives()
{
    Message answer = incoming(20, Noon + 20, QStringLiteral("Yes, that one"));
    answer.replyToMid = QStringLiteral("m_5");
    m_model->setConversation(Conv, {answer});
    const QVariant keyBefore = m_model->index(0).data(MessageListModel::ContentKeyRole);
    QVERIFY(m_model->index(0).data(MessageListModel::QuotedTextRole).isNull()); // not loaded yet
    Message photo = incoming(5, Noon + 5, QString());
    photo.attachments = {Attachment{QStringLiteral("image"), QStringLiteral("https://cdn.invalid/p.jpg"), {}, {}, {}}};
    m_model->prependOlder(Conv, {photo});
    QCOMPARE(m_model->index(1).data(MessageListModel::QuotedTextRole).toString(), QStringLiteral("Attachment"));
    QVERIFY(m_model->index(1).data(MessageListModel::ContentKeyRole) != keyBefore);
    // The quoted message edited: the quote follows.
    photo.text = QStringLiteral("the blue one");
    photo.editCount = 1;
    m_model->upsert(photo);
    QCOMPARE(m_model->index(1).data(MessageListModel::QuotedTextRole).toString(), QStringLiteral("the blue one"));
}

void TestMessageListModel::contentKeyFollowsEveryChange()
{
    const Message sent = reply(40, Noon, QStringLiteral("abc"), Message::Status::Sent);
    m_model->setConversation(Conv, {incoming(1, Noon - 10, QStringLiteral("hi")), sent});
    const auto key = [this] { return m_model->index(1).data(MessageListModel::ContentKeyRole).toULongLong(); };
    const quint64 first = key();
    m_model->upsert(sent); // the same state again
    QCOMPARE(key(), first);
    Message delivered = sent;
    delivered.status = Message::Status::Delivered;
    m_model->upsert(delivered);
    const quint64 second = key();
    QVERIFY(second != first);
    Message reacted = delivered;
    reacted.reactions = {{QStringLiteral("like"), QStringLiteral("\U0001F44D")}};
    m_model->upsert(reacted);
    QVERIFY(key() != second);
    // A row's day separator comes and goes with its neighbour: its key too.
    const auto keyOf = [this](qint64 id) {
        return m_model->index(m_model->rowOfId(id)).data(MessageListModel::ContentKeyRole).toULongLong();
    };
    const quint64 hi = keyOf(1);
    const quint64 ours = keyOf(40);
    m_model->upsert(incoming(2, Noon - 20, QStringLiteral("earlier the same day")));
    QVERIFY(keyOf(1) != hi); // no longer the first of its day
    QCOMPARE(keyOf(40), ours);
}

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
