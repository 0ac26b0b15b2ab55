#include "messagedelegate.h"
#include "messagelistmodel.h"

#include <QApplication>
#include <QListView>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

using namespace Relaydesk;
using namespace Relaydesk::App;

namespace {

Message incoming(qint64 id, qint64 at, const QString &text)
{
    Message m;
    m.id = id;
    m.conversationId = 17;
    m.mid = QStringLiteral("m_%1").arg(id);
    m.text = text;
    m.timestamp = at;
    return m;
}

} // namespace

// The delegate remembers each bubble's layout; whatever changes a bubble must still
// change its size, at once.
class TestMessageDelegate : public QObject
{
    Q_OBJECT
private slots:
    void sizeFollowsTheMessage();
    void sizeFollowsTheWidth();
    void failedImageOffersATapToRetry();
};

void TestMessageDelegate::sizeFollowsTheMessage()
{
    MessageListModel model;
    MessageDelegate delegate;
    QListView view;
    view.resize(600, 400);
    view.setModel(&model);
    const qint64 noon = 1'795'000'000'000;
    model.setConversation(17, {incoming(1, noon, QStringLiteral("short")), incoming(2, noon + 1000, QStringLiteral("also short"))});
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    const auto height = [&](int row) { return delegate.sizeHint(option, model.index(row)).height(); };
    const int shortHeight = height(1);
    QCOMPARE(height(1), shortHeight); // asked again: the same

    // Edited into a long text: taller at once.
    Message edited = incoming(2, noon + 1000, QString(40, QLatin1Char(' ')).replace(QLatin1Char(' '), QStringLiteral("many words ")));
    edited.editCount = 1;
    model.upsert(edited);
    const int longHeight = height(1);
    QVERIFY(longHeight > shortHeight);

    // Reactions under the bubble, a quote above the text: taller again.
    Message reacted = edited;
    reacted.reactions = {{QStringLiteral("love"), QStringLiteral("\u2764\ufe0f")}};
    reacted.replyToMid = QStringLiteral("m_1");
    model.upsert(reacted);
    QVERIFY(height(1) > longHeight);

    // Back to what it was: the first size again.
    model.upsert(incoming(2, noon + 1000, QStringLiteral("also short")));
    QCOMPARE(height(1), shortHeight);

    // An earlier message the same day: the old first row loses its day separator.
    const int firstWithDay = height(0);
    model.upsert(incoming(0, noon - 60'000, QStringLiteral("a minute before")));
    QCOMPARE(model.rowOfId(1), 1);
    QVERIFY(height(1) < firstWithDay);
}

void TestMessageDelegate::sizeFollowsTheWidth()
{
    MessageListModel model;
    MessageDelegate delegate;
    QListView view;
    view.setModel(&model);
    QString text;
    for (int i = 0; i < 30; ++i)
        text += QStringLiteral("word ");
    model.setConversation(17, {incoming(1, 1'795'000'000'000, text)});
    QStyleOptionViewItem option;
    option.widget = &view;
    option.font = view.font();
    view.show(); // the bubble wraps at the viewport's width, which a shown view has
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.resize(900, 400);
    const int wide = delegate.sizeHint(option, model.index(0)).height();
    view.resize(260, 400);
    const int narrow = delegate.sizeHint(option, model.index(0)).height();
    QVERIFY(narrow > wide); // wrapped on more lines
}

void TestMessageDelegate::failedImageOffersATapToRetry()
{
    MessageListModel model;
    MessageDelegate delegate;
    QListView view;
    view.resize(600, 400);
    view.setModel(&model);
    const QString url = QStringLiteral("https://cdn.example/photo.jpg");
    Message photo = incoming(1, 1'795'000'000'000, QString());
    photo.kind = QStringLiteral("attachments");
    photo.attachments.append(Attachment{QStringLiteral("image"), url, {}, {}, {}});
    model.setConversation(17, {photo});
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    option.rect = QRect(QPoint(0, 0), delegate.sizeHint(option, model.index(0)));
    const QModelIndex index = model.index(0);

    QSignalSpy opened(&delegate, &MessageDelegate::attachmentActivated);
    QSignalSpy retried(&delegate, &MessageDelegate::pictureRetryRequested);
    const auto clickAt = [&](QPoint at) {
        QMouseEvent release(QEvent::MouseButtonRelease, at, view.viewport()->mapToGlobal(at), Qt::LeftButton, Qt::NoButton,
                            Qt::NoModifier);
        return delegate.editorEvent(&release, &model, option, index);
    };
    const auto paint = [&] {
        QImage image(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        delegate.paint(&painter, option, index);
        return image;
    };
    // A point on the image: a click there opens it while it loads or once it is there.
    bool failed = false;
    delegate.setPictureFailed([&failed](const QString &) { return failed; });
    QPoint onImage;
    for (int y = 0; y < option.rect.height() && onImage.isNull(); y += 10)
        for (int x = 0; x < option.rect.width() && onImage.isNull(); x += 10)
            if (clickAt(QPoint(x, y)) && !opened.isEmpty())
                onImage = QPoint(x, y);
    QVERIFY(!onImage.isNull());
    QCOMPARE(opened.size(), 1);
    const QImage loading = paint();

    // Failed (the network was gone): drawn otherwise, and the same click asks for it again.
    failed = true;
    QVERIFY(paint() != loading);
    QVERIFY(clickAt(onImage));
    QCOMPARE(retried.size(), 1);
    QCOMPARE(retried.first().at(0).toString(), url);
    QCOMPARE(opened.size(), 1);
}

QTEST_MAIN(TestMessageDelegate)
#include "tst_messagedelegate.moc"
