#include "simcontent.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>

namespace Relaydesk::Simulator::Content {

namespace {

QString pick(const QStringList &list, QRandomGenerator &random)
{
    return list.at(int(random.bounded(quint32(list.size()))));
}

struct Language
{
    const char *code;
    QStringList first;
    QStringList last;
    QStringList openings;
    QStringList followUps;
    QStringList captions;
    QList<QPair<QString, QString>> quickReplies;
    QList<QPair<QString, QString>> postbacks;
};

const QList<Language> &languages()
{
    static const QList<Language> list{
        {"en",
         {QStringLiteral("Emily"), QStringLiteral("James"), QStringLiteral("Olivia"), QStringLiteral("Michael"),
          QStringLiteral("Sophie"), QStringLiteral("Daniel"), QStringLiteral("Grace"), QStringLiteral("Ryan")},
         {QStringLiteral("Carter"), QStringLiteral("Thompson"), QStringLiteral("Walsh"), QStringLiteral("Bennett"),
          QStringLiteral("Hughes"), QStringLiteral("Morgan"), QStringLiteral("Reid")},
         {QStringLiteral("Hi! Where is my order #%1? It said 3 days and it's been a week."),
          QStringLiteral("Hello, I was charged twice for order %1. Can you refund one of them?"),
          QStringLiteral("Do you ship to Canada? And how long does it take?"),
          QStringLiteral("The jacket I ordered (#%1) is too small. How do I exchange it for a large?"),
          QStringLiteral("Is the blue version back in stock anytime soon?"),
          QStringLiteral("My package arrived damaged 😞 order %1")},
         {QStringLiteral("Any update?"), QStringLiteral("Thanks, that helps!"),
          QStringLiteral("Ok, I'll wait. Can you send me the tracking link?"),
          QStringLiteral("Sorry, one more question: can I change the delivery address?"),
          QStringLiteral("Perfect, thank you so much 🙏"), QStringLiteral("It's been two days, still nothing...")},
         {QStringLiteral("Here's a photo"), QStringLiteral("See the box"), QString()},
         {{QStringLiteral("Track my order"), QStringLiteral("TRACK_ORDER")},
          {QStringLiteral("Returns"), QStringLiteral("RETURNS")}},
         {{QStringLiteral("Talk to a person"), QStringLiteral("HUMAN_HANDOFF")},
          {QStringLiteral("Get Started"), QStringLiteral("GET_STARTED")}}},
        {"de",
         {QStringLiteral("Lukas"), QStringLiteral("Anna"), QStringLiteral("Jürgen"), QStringLiteral("Lena"),
          QStringLiteral("Maximilian"), QStringLiteral("Sophie"), QStringLiteral("Jörg")},
         {QStringLiteral("Müller"), QStringLiteral("Schäfer"), QStringLiteral("Weiß"), QStringLiteral("Becker"),
          QStringLiteral("Hoffmann"), QStringLiteral("Krüger")},
         {QStringLiteral("Hallo, wo bleibt meine Bestellung %1? Die Lieferung sollte gestern kommen."),
          QStringLiteral("Guten Tag, ich möchte die Bestellung %1 stornieren. Geht das noch?"),
          QStringLiteral("Die Größe passt leider nicht. Wie funktioniert der Umtausch?"),
          QStringLiteral("Grüße aus Köln! Liefern Sie auch nach Österreich?")},
         {QStringLiteral("Danke für die schnelle Antwort!"), QStringLiteral("Gibt es schon Neuigkeiten?"),
          QStringLiteral("Alles klar, vielen Dank 👍"), QStringLiteral("Können Sie mir die Sendungsnummer schicken?")},
         {QStringLiteral("Hier das Foto"), QString()},
         {{QStringLiteral("Bestellung verfolgen"), QStringLiteral("TRACK_ORDER")},
          {QStringLiteral("Rücksendung"), QStringLiteral("RETURNS")}},
         {{QStringLiteral("Mit einem Menschen sprechen"), QStringLiteral("HUMAN_HANDOFF")}}},
        {"fr",
         {QStringLiteral("Camille"), QStringLiteral("Léa"), QStringLiteral("Théo"), QStringLiteral("Chloé"),
          QStringLiteral("Hugo"), QStringLiteral("Élodie")},
         {QStringLiteral("Dubois"), QStringLiteral("Lefèvre"), QStringLiteral("Moreau"), QStringLiteral("Girard"),
          QStringLiteral("Rousseau")},
         {QStringLiteral("Bonjour, ma commande n° %1 n'est toujours pas arrivée, ça va être long ?"),
          QStringLiteral("Bonjour ! Est-ce que je peux payer en trois fois ?"),
          QStringLiteral("J'ai reçu le mauvais article (commande %1). Que dois-je faire ?"),
          QStringLiteral("Vous livrez en Belgique ? Merci d'avance")},
         {QStringLiteral("Merci beaucoup !"), QStringLiteral("Des nouvelles ?"),
          QStringLiteral("D'accord, j'attends le remboursement."), QStringLiteral("Super, c'est réglé 😊")},
         {QStringLiteral("Voilà la photo"), QString()},
         {{QStringLiteral("Suivre ma commande"), QStringLiteral("TRACK_ORDER")}},
         {{QStringLiteral("Parler à un conseiller"), QStringLiteral("HUMAN_HANDOFF")}}},
        {"es",
         {QStringLiteral("Lucía"), QStringLiteral("Mateo"), QStringLiteral("Sofía"), QStringLiteral("Alejandro"),
          QStringLiteral("Martina"), QStringLiteral("Iñigo")},
         {QStringLiteral("García"), QStringLiteral("Fernández"), QStringLiteral("López"), QStringLiteral("Muñoz"),
          QStringLiteral("Ramírez")},
         {QStringLiteral("Hola, ¿dónde está mi pedido %1? Ya pasó una semana."),
          QStringLiteral("Buenas tardes, ¿tienen la talla M en negro?"),
          QStringLiteral("Quiero devolver el pedido %1, ¿cómo lo hago?"),
          QStringLiteral("¿Hacen envíos a México?")},
         {QStringLiteral("¡Muchas gracias!"), QStringLiteral("¿Alguna novedad?"), QStringLiteral("Vale, perfecto 👌"),
          QStringLiteral("¿Me pueden mandar el número de seguimiento?")},
         {QStringLiteral("Aquí está la foto"), QString()},
         {{QStringLiteral("Seguir mi pedido"), QStringLiteral("TRACK_ORDER")}},
         {{QStringLiteral("Hablar con una persona"), QStringLiteral("HUMAN_HANDOFF")}}},
        {"vi",
         {QStringLiteral("Linh"), QStringLiteral("Minh"), QStringLiteral("Thảo"), QStringLiteral("Huy"),
          QStringLiteral("Trang"), QStringLiteral("Đức")},
         {QStringLiteral("Nguyễn"), QStringLiteral("Trần"), QStringLiteral("Lê"), QStringLiteral("Phạm"),
          QStringLiteral("Đặng")},
         {QStringLiteral("Chào shop, đơn hàng %1 của mình khi nào giao vậy ạ?"),
          QStringLiteral("Shop ơi, áo này còn size L không ạ?"),
          QStringLiteral("Mình muốn đổi màu cho đơn %1 được không?"),
          QStringLiteral("Cho mình hỏi phí ship về Đà Nẵng bao nhiêu ạ?")},
         {QStringLiteral("Cảm ơn shop nhiều!"), QStringLiteral("Sao chưa thấy giao ạ?"), QStringLiteral("Dạ vâng ạ 😊"),
          QStringLiteral("Shop gửi mình mã vận đơn với")},
         {QStringLiteral("Ảnh đây ạ"), QString()},
         {{QStringLiteral("Theo dõi đơn hàng"), QStringLiteral("TRACK_ORDER")}},
         {{QStringLiteral("Gặp nhân viên"), QStringLiteral("HUMAN_HANDOFF")}}},
        {"zh",
         {QStringLiteral("伟"), QStringLiteral("芳"), QStringLiteral("Wei"), QStringLiteral("Xiaoming"),
          QStringLiteral("静"), QStringLiteral("Mei")},
         {QStringLiteral("王"), QStringLiteral("李"), QStringLiteral("Zhang"), QStringLiteral("Chen"),
          QStringLiteral("刘")},
         {QStringLiteral("你好，我的订单 %1 什么时候发货？"), QStringLiteral("请问这个有现货吗？"),
          QStringLiteral("收到的商品有破损，订单号 %1，怎么办？"), QStringLiteral("可以开发票吗？")},
         {QStringLiteral("谢谢！"), QStringLiteral("有消息了吗？"), QStringLiteral("好的，我等一下 👍"),
          QStringLiteral("能发一下快递单号吗？")},
         {QStringLiteral("照片在这里"), QString()},
         {{QStringLiteral("查询订单"), QStringLiteral("TRACK_ORDER")}},
         {{QStringLiteral("人工客服"), QStringLiteral("HUMAN_HANDOFF")}}},
    };
    return list;
}

const Language &language(const QString &code)
{
    for (const Language &l : languages())
        if (code == QLatin1String(l.code))
            return l;
    return languages().first();
}

QString withOrder(QString text, QRandomGenerator &random)
{
    return text.contains(QLatin1String("%1")) ? text.arg(4000 + random.bounded(6000)) : text;
}

// 5x7 capitals, one byte per row (low 5 bits): the avatar needs initials and a
// QCoreApplication has no fonts.
const quint8 Glyphs[26][7] = {
    {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}, {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E},
    {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E},
    {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}, {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10},
    {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}, {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11},
    {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}, {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C},
    {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F},
    {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}, {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},
    {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10},
    {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}, {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11},
    {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}, {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},
    {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04},
    {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}, {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11},
    {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F},
};

// The Latin capital a name starts with ("Élodie" -> E, "Đức" -> D), or 0.
int initialIndex(const QString &name)
{
    if (name.isEmpty())
        return -1;
    QChar c = name.at(0);
    if (c == QChar(0x0110) || c == QChar(0x0111))
        c = QLatin1Char('D');
    const QString decomposed = QString(c).normalized(QString::NormalizationForm_D);
    const QChar base = decomposed.isEmpty() ? c : decomposed.at(0).toUpper();
    if (base >= QLatin1Char('A') && base <= QLatin1Char('Z'))
        return base.unicode() - 'A';
    return -1;
}

quint32 hashOf(const QString &text)
{
    const QByteArray h = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1);
    return quint32(quint8(h[0])) << 16 | quint32(quint8(h[1])) << 8 | quint8(h[2]);
}

QByteArray toPng(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

Persona persona(QRandomGenerator &random)
{
    const Language &l = languages().at(int(random.bounded(quint32(languages().size()))));
    return {QString::fromLatin1(l.code), pick(l.first, random), pick(l.last, random)};
}

QString opening(const QString &code, QRandomGenerator &random)
{
    return withOrder(pick(language(code).openings, random), random);
}

QString followUp(const QString &code, QRandomGenerator &random)
{
    return withOrder(pick(language(code).followUps, random), random);
}

QString edited(const QString &text)
{
    return text + QStringLiteral(" (edit: sorry, typo)");
}

QPair<QString, QString> quickReply(const QString &code, QRandomGenerator &random)
{
    const auto &list = language(code).quickReplies;
    return list.at(int(random.bounded(quint32(list.size()))));
}

QPair<QString, QString> postback(const QString &code, QRandomGenerator &random)
{
    const auto &list = language(code).postbacks;
    return list.at(int(random.bounded(quint32(list.size()))));
}

QString imageCaption(const QString &code, QRandomGenerator &random)
{
    return pick(language(code).captions, random);
}

QByteArray avatarPng(const QString &firstName, const QString &lastName, const QString &seed)
{
    const int size = 128;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor::fromHsv(int(hashOf(seed) % 360), 140, 200));
    p.drawEllipse(0, 0, size, size);
    p.setBrush(Qt::white);
    QList<int> initials;
    for (const QString &part : {firstName, lastName})
        if (const int i = initialIndex(part); i >= 0)
            initials.append(i);
    if (initials.isEmpty()) {
        // No Latin initial (e.g. a name in Hanzi): a head-and-shoulders silhouette.
        p.drawEllipse(QPointF(64, 50), 22, 22);
        p.drawChord(QRectF(24, 80, 80, 70), 0, 180 * 16);
    } else {
        const int scale = 8, glyphW = 5 * scale, gap = 8;
        const int width = int(initials.size()) * glyphW + (int(initials.size()) - 1) * gap;
        int x0 = (size - width) / 2;
        const int y0 = (size - 7 * scale) / 2;
        for (int index : initials) {
            for (int row = 0; row < 7; ++row)
                for (int col = 0; col < 5; ++col)
                    if (Glyphs[index][row] & (0x10 >> col))
                        p.drawRect(x0 + col * scale, y0 + row * scale, scale, scale);
            x0 += glyphW + gap;
        }
    }
    p.end();
    return toPng(image);
}

QByteArray photoPng(const QString &name)
{
    // A stand-in "product photo": a soft backdrop, a box and a shadow, colors by name.
    const quint32 h = hashOf(name);
    QImage image(480, 360, QImage::Format_RGB32);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QLinearGradient backdrop(0, 0, 0, 360);
    backdrop.setColorAt(0, QColor::fromHsv(int(h % 360), 30, 245));
    backdrop.setColorAt(1, QColor::fromHsv(int(h % 360), 60, 190));
    p.fillRect(image.rect(), backdrop);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 50));
    p.drawEllipse(QRectF(130, 270, 220, 40));
    const QColor item = QColor::fromHsv(int((h >> 8) % 360), 170, 210);
    p.setBrush(item);
    p.drawRoundedRect(QRectF(150, 110, 180, 170), 12, 12);
    p.setBrush(item.lighter(130));
    p.drawRoundedRect(QRectF(140, 90, 200, 40), 8, 8);
    p.setBrush(QColor(255, 255, 255, 180));
    p.drawRect(QRectF(230, 90, 20, 190));
    p.end();
    return toPng(image);
}

QByteArray invoicePdf(const QString &title)
{
    // The smallest valid PDF with one page of text; offsets in the xref are exact.
    QByteArray safe = title.toLatin1();
    safe.replace('(', ' ').replace(')', ' ').replace('\\', ' ');
    const QByteArray stream = "BT /F1 24 Tf 72 720 Td (" + safe + ") Tj ET";
    const QList<QByteArray> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + QByteArray::number(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (int i = 0; i < objects.size(); ++i) {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace Relaydesk::Simulator::Content
