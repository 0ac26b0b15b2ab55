#include "conversationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

Conversation conv(qint64 id, qint64 lastMessageAt, const QString &preview = {})
{
    Conversation c;
    c.id = id;
    c.pageId = QStringLiteral("104216672283716");
    c.customer.psid = QStringLiteral("69201543781%1").arg(id, 5, 10, QLatin1Char('0'));
    c.lastMessageAt = lastMessageAt;
    c.previewText = preview;
    return c;
}

QList<qint64> ids(const ConversationListModel &model)
{
    QList<qint64> list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.data(model.index(row), ConversationListModel::IdRole).toLongLong());
    return list;
}

} // namespace

// Every test runs with QAbstractItemModelTester attached in Fatal mode: any broken
// model invariant aborts the test.
class TestConversationListModel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void loadsNewestActivityFirst();
    void rolesCarryTheConversation();
    void newerEventMovesRowToTop();
    void unchangedPositionOnlyChangesData();
    void olderTimeMovesRowDown();
    void insertsAtSortedPlace();
    void tiesAreOrderedById();
    void secondLoadUpsertsInsteadOfResetting();
    void manyRowsStayCorrect();
    void filterByBoxAndPage();
    void updateLeavesAndEntersTheFilter();
    void searchShowsOnlyMatches();
    void totalUnreadCountsFilteredRows();
    void batchOfEventsSignalsUnreadOnce();
    void olderPageAppendsInOneInsert();

private:
    void expectIndexConsistent();

    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestConversationListModel::init()
{
    m_model = std::make_unique<ConversationListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestConversationListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestConversationListModel::expectIndexConsistent()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->rowOf(m_model->conversationAt(row).id), row);
}

void TestConversationListModel::loadsNewestActivityFirst()
{
    m_model->load({conv(1, 100), conv(2, 300), conv(3, 200)});
    QCOMPARE(ids(*m_model), (QList<qint64>{2, 3, 1}));
    expectIndexConsistent();
    QCOMPARE(m_model->rowOf(42), -1);
}

void TestConversationListModel::rolesCarryTheConversation()
{
    Conversation c = conv(7, 500, QStringLiteral("Thanks!"));
    c.customer.name = QStringLiteral("Linh Nguyen");
    c.customer.pictureUrl = QStringLiteral("https://example.invalid/p.jpg");
    c.previewOutgoing = true;
    c.previewKind = QStringLiteral("text");
    c.unreadCount = 3;
    c.status = Conversation::Status::Pending;
    c.assigneeId = 4;
    m_model->load({c});
    const QModelIndex i = m_model->index(0);
    using M = ConversationListModel;
    QCOMPARE(i.data(M::IdRole).toLongLong(), 7);
    QCOMPARE(i.data(M::CustomerNameRole).toString(), QStringLiteral("Linh Nguyen"));
    QCOMPARE(i.data(Qt::DisplayRole).toString(), QStringLiteral("Linh Nguyen"));
    QCOMPARE(i.data(M::PageIdRole).toString(), QStringLiteral("104216672283716"));
    QCOMPARE(i.data(M::PreviewTextRole).toString(), QStringLiteral("Thanks!"));
    QCOMPARE(i.data(M::PreviewOutgoingRole).toBool(), true);
    QCOMPARE(i.data(M::PreviewKindRole).toString(), QStringLiteral("text"));
    QCOMPARE(i.data(M::LastMessageAtRole).toLongLong(), 500);
    QCOMPARE(i.data(M::UnreadRole).toInt(), 3);
    QCOMPARE(i.data(M::StatusRole).toString(), QStringLiteral("pending"));
    QCOMPARE(i.data(M::AssigneeIdRole).toLongLong(), 4);
    QCOMPARE(i.data(M::PictureUrlRole).toString(), QStringLiteral("https://example.invalid/p.jpg"));
    // An unknown name shows the PSID's last digits (Customer::displayName).
    m_model->upsert(conv(8, 400));
    QVERIFY(m_model->index(1).data(M::CustomerNameRole).toString().endsWith(QStringLiteral("0008")));
    QVERIFY(m_model->roleNames().contains(M::UnreadRole));
}

void TestConversationListModel::newerEventMovesRowToTop()
{
    m_model->load({conv(1, 400), conv(2, 300), conv(3, 200), conv(4, 100)});
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const QPersistentModelIndex third = m_model->index(2); // a view's selection follows the row

    m_model->upsert(conv(3, 500, QStringLiteral("new message")));
    QCOMPARE(ids(*m_model), (QList<qint64>{3, 1, 2, 4}));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().at(1).toInt(), 2); // start
    QCOMPARE(moved.first().at(2).toInt(), 2); // end
    QCOMPARE(moved.first().at(4).toInt(), 0); // destination
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(m_model->index(0).data(ConversationListModel::PreviewTextRole).toString(), QStringLiteral("new message"));
    QCOMPARE(third.row(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(inserted.size(), 0);
    expectIndexConsistent();
}

void TestConversationListModel::unchangedPositionOnlyChangesData()
{
    m_model->load({conv(1, 400), conv(2, 300), conv(3, 200)});
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    Conversation read = conv(2, 300);
    read.unreadCount = 0;
    read.status = Conversation::Status::Resolved;
    m_model->upsert(read);
    // A later time that still sorts between its neighbours stays put as well.
    m_model->upsert(conv(2, 350));
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 3}));
    QCOMPARE(moved.size(), 0);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.last().at(0).toModelIndex().row(), 1);
    QCOMPARE(m_model->index(1).data(ConversationListModel::LastMessageAtRole).toLongLong(), 350);
}

void TestConversationListModel::olderTimeMovesRowDown()
{
    m_model->load({conv(1, 400), conv(2, 300), conv(3, 200), conv(4, 100)});
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    m_model->upsert(conv(1, 150)); // e.g. the newest message was deleted
    QCOMPARE(ids(*m_model), (QList<qint64>{2, 3, 1, 4}));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().at(1).toInt(), 0);
    QCOMPARE(moved.first().at(4).toInt(), 3); // before old row 3 (id 4)
    expectIndexConsistent();
    m_model->upsert(conv(1, 50)); // to the very end
    QCOMPARE(ids(*m_model), (QList<qint64>{2, 3, 4, 1}));
    expectIndexConsistent();
}

void TestConversationListModel::insertsAtSortedPlace()
{
    m_model->load({conv(1, 400), conv(2, 200)});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->upsert(conv(3, 300));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    m_model->upsert(conv(4, 500));
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    m_model->upsert(conv(5, 100));
    QCOMPARE(inserted.last().at(1).toInt(), 4);
    QCOMPARE(ids(*m_model), (QList<qint64>{4, 1, 3, 2, 5}));
    QCOMPARE(reset.size(), 0);
    expectIndexConsistent();
}

void TestConversationListModel::tiesAreOrderedById()
{
    // Same order as LocalCache::conversations(): last_message_at DESC, id DESC.
    m_model->load({conv(10, 100), conv(30, 100), conv(20, 100)});
    QCOMPARE(ids(*m_model), (QList<qint64>{30, 20, 10}));
    m_model->upsert(conv(25, 100));
    QCOMPARE(ids(*m_model), (QList<qint64>{30, 25, 20, 10}));
    m_model->upsert(conv(10, 100, QStringLiteral("edited"))); // same key: stays last
    QCOMPARE(ids(*m_model), (QList<qint64>{30, 25, 20, 10}));
    expectIndexConsistent();
}

void TestConversationListModel::secondLoadUpsertsInsteadOfResetting()
{
    m_model->load({conv(1, 100), conv(2, 200)});
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->load({conv(1, 300), conv(3, 150)}); // e.g. a snapshot after a resync
    QCOMPARE(reset.size(), 0);
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 3}));
    expectIndexConsistent();
}

void TestConversationListModel::manyRowsStayCorrect()
{
    QRandomGenerator random(20241125); // fixed: a failure reproduces
    QList<Conversation> all;
    const int count = 50'000;
    for (int id = 1; id <= count; ++id)
        all.append(conv(id, random.bounded(1'000'000))); // many ties on purpose
    m_model->load(all);
    QCOMPARE(m_model->rowCount(), count);

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);
    QHash<qint64, Conversation> expected;
    for (const Conversation &c : std::as_const(all))
        expected.insert(c.id, c);
    for (int i = 0; i < 1000; ++i) {
        // Mostly new activity on an existing row, some older times, some new rows.
        const int kind = random.bounded(10);
        const qint64 id = kind == 0 ? count + 1 + i : 1 + random.bounded(count);
        const qint64 at = kind <= 6 ? 1'000'000 + i : random.bounded(1'000'000);
        const Conversation c = conv(id, at);
        expected.insert(id, c);
        m_model->upsert(c);
    }
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);

    QList<Conversation> sorted = expected.values();
    std::sort(sorted.begin(), sorted.end(), ConversationListModel::before);
    QCOMPARE(m_model->rowCount(), int(sorted.size()));
    for (int row = 0; row < sorted.size(); ++row) {
        QCOMPARE(m_model->conversationAt(row).id, sorted.at(row).id);
        QCOMPARE(m_model->conversationAt(row).lastMessageAt, sorted.at(row).lastMessageAt);
        QCOMPARE(m_model->rowOf(sorted.at(row).id), row);
    }
}

void TestConversationListModel::filterByBoxAndPage()
{
    using S = Conversation::Status;
    QList<Conversation> all;
    for (int id = 1; id <= 6; ++id)
        all.append(conv(id, id * 100));
    all[0].assigneeId = 3;                       // mine, open
    all[1].assigneeId = 3; all[1].status = S::Resolved; // mine, done
    all[2].assigneeId = 4;                       // bob's
    all[3].status = S::Pending;                  // unassigned, pending
    all[4].status = S::Resolved;                 // unassigned, done
    all[5].pageId = QStringLiteral("222");       // another page, unassigned
    m_model->load(all);
    QCOMPARE(ids(*m_model), (QList<qint64>{6, 5, 4, 3, 2, 1}));

    ConversationFilter f;
    f.myAgentId = 3;
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    f.box = ConversationFilter::Box::Mine;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{1}));
    QCOMPARE(reset.size(), 1); // a new filter is the agent's click: one reset, not per row
    f.box = ConversationFilter::Box::Unassigned;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{6, 4}));
    f.box = ConversationFilter::Box::Pending;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{4}));
    f.box = ConversationFilter::Box::Resolved;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{5, 2}));
    f.box = ConversationFilter::Box::Unassigned;
    f.pageId = QStringLiteral("222");
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{6}));
    f.box = ConversationFilter::Box::All;
    f.pageId.clear();
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{6, 5, 4, 3, 2, 1}));
    QCOMPARE(m_model->totalCount(), 6);
    expectIndexConsistent();
}

void TestConversationListModel::updateLeavesAndEntersTheFilter()
{
    m_model->load({conv(1, 300), conv(2, 200), conv(3, 100)});
    ConversationFilter f;
    f.box = ConversationFilter::Box::Unassigned;
    f.myAgentId = 3;
    m_model->setFilter(f);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    Conversation taken = conv(2, 200);
    taken.assigneeId = 3; // a colleague assigned it: it leaves "Unassigned"
    m_model->upsert(taken);
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 3}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QVERIFY(m_model->find(2));
    QCOMPARE(m_model->find(2)->assigneeId, 3);

    Conversation released = conv(2, 400); // unassigned again, with a new message: enters on top
    m_model->upsert(released);
    QCOMPARE(ids(*m_model), (QList<qint64>{2, 1, 3}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(reset.size(), 0);
    expectIndexConsistent();

    // Switching back to "All" shows the full cache, with the latest state.
    f.box = ConversationFilter::Box::All;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{2, 1, 3}));
    QCOMPARE(m_model->index(0).data(ConversationListModel::LastMessageAtRole).toLongLong(), 400);
}

void TestConversationListModel::searchShowsOnlyMatches()
{
    m_model->load({conv(1, 300), conv(2, 200), conv(3, 100)});
    ConversationFilter f;
    f.searching = true;
    f.matches = {3, 1, 99};
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 3}));
    m_model->upsert(conv(2, 500)); // not a match: stays hidden
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 3}));
    m_model->upsert(conv(3, 600));
    QCOMPARE(ids(*m_model), (QList<qint64>{3, 1}));
    f.searching = false;
    m_model->setFilter(f);
    QCOMPARE(ids(*m_model), (QList<qint64>{3, 2, 1}));
}

void TestConversationListModel::totalUnreadCountsFilteredRows()
{
    Conversation a = conv(1, 300);
    a.unreadCount = 2;
    Conversation b = conv(2, 200);
    b.unreadCount = 5;
    b.status = Conversation::Status::Resolved;
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);
    m_model->load({a, b});
    QCOMPARE(m_model->totalUnread(), 7);
    QCOMPARE(total.size(), 1);
    ConversationFilter f;
    f.box = ConversationFilter::Box::Pending; // shows nothing
    m_model->setFilter(f);
    QCOMPARE(m_model->rowCount(), 0);
    b.unreadCount = 0; // read elsewhere while filtered out
    m_model->upsert(b);
    QCOMPARE(m_model->totalUnread(), 2);
    QCOMPARE(total.last().at(0).toInt(), 2);
    a.unreadCount = 3;
    m_model->upsert(a);
    QCOMPARE(m_model->totalUnread(), 3);
    m_model->upsert(a); // same again: no change, no signal
    QCOMPARE(total.size(), 3);
}

void TestConversationListModel::batchOfEventsSignalsUnreadOnce()
{
    Conversation a = conv(1, 300);
    Conversation b = conv(2, 200);
    Conversation c = conv(3, 100);
    m_model->load({a, b, c});
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);
    // A catch-up batch: three customers write, one conversation twice, and a new one.
    QList<Event> events;
    for (Conversation *x : {&c, &a, &c}) {
        ++x->unreadCount;
        x->lastMessageAt += 1000;
        events.append(Event::forConversation(QStringLiteral("conversation.updated"), *x));
    }
    Conversation d = conv(4, 50);
    d.unreadCount = 4;
    events.append(Event::forConversation(QStringLiteral("conversation.updated"), d));
    m_model->applyEvents(events);
    QCOMPARE(total.size(), 1);
    QCOMPARE(total.first().at(0).toInt(), 7);
    QCOMPARE(m_model->totalUnread(), 7);
    QCOMPARE(ids(*m_model), (QList<qint64>{3, 1, 2, 4}));
    expectIndexConsistent();
    // A batch that changes no unread count says nothing.
    b.status = Conversation::Status::Pending;
    m_model->applyEvents({Event::forConversation(QStringLiteral("conversation.status"), b)});
    QCOMPARE(total.size(), 1);
}

void TestConversationListModel::olderPageAppendsInOneInsert()
{
    m_model->load({conv(1, 900), conv(2, 800)});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->appendOlder({conv(3, 700), conv(4, 600), conv(5, 500)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(ids(*m_model), (QList<qint64>{1, 2, 3, 4, 5}));
    expectIndexConsistent();

    // Before the next page was read, events brought conversation 8 (old activity, so it
    // sorts among that page) and a newer state of 6: the page fills in around them.
    m_model->upsert(conv(8, 150));
    m_model->upsert(conv(6, 950));
    inserted.clear();
    m_model->appendOlder({conv(6, 950), conv(7, 400), conv(9, 100)});
    QCOMPARE(ids(*m_model), (QList<qint64>{6, 1, 2, 3, 4, 5, 7, 8, 9}));
    QCOMPARE(m_model->totalCount(), 9);
    expectIndexConsistent();
}

QTEST_GUILESS_MAIN(TestConversationListModel)
#include "tst_conversationlistmodel.moc"
