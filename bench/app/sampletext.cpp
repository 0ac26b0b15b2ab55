#include "sampletext.h"

#include <QList>
#include <QRandomGenerator>
#include <QStringList>

namespace Relaydesk::Bench::SampleText {

namespace {

struct Language
{
    int weight; // out of the sum of weights
    QStringList first;
    QStringList last;
    QStringList customer; // sentences; %1 an order number
    QStringList agent;
};

QStringList split(const char *utf8)
{
    return QString::fromUtf8(utf8).split(QLatin1Char('|'));
}

const QList<Language> &languages()
{
    static const QList<Language> list{
        {34, split("Emily|James|Olivia|Michael|Sophie|Daniel|Grace|Ryan|Chloe|Ethan|Harper|Liam"),
         split("Carter|Thompson|Walsh|Bennett|Hughes|Morgan|Reid|O'Connor|Patel|Nguyen|García"),
         split("Hi! Where is my order #%1?|It said 3 days and it's been a week.|Hello, I was charged twice for order %1."
               "|Can you refund one of them?|Do you ship to Canada?|How long does shipping take to Vancouver?"
               "|The jacket I ordered is too small, how do I exchange it for a large?|Is the blue version back in stock anytime soon?"
               "|My package arrived damaged 😞|Any update?|Thanks, that helps!|ok|Perfect, thank you so much 🙏"
               "|It's been two days and still nothing, I'm starting to get worried to be honest."
               "|I tried the link you sent but it says the page doesn't exist anymore."),
         split("Hi! Thanks for reaching out.|Let me check that for you.|Your order %1 left our warehouse yesterday."
               "|I've issued the refund, it can take 3–5 business days to show on your statement."
               "|Here is your tracking link: https://track.example.com/%1|Sorry about that!"
               "|I've sent you a prepaid return label by email.|Is there anything else I can help with?")},
        {14, split("Lukas|Anna|Jürgen|Lena|Maximilian|Sophie|Jörg|Mia|Björn|Käthe"),
         split("Müller|Schäfer|Weiß|Becker|Hoffmann|Krüger|Groß|Böhm"),
         split("Hallo, wo bleibt meine Bestellung %1?|Die Lieferung sollte gestern kommen.|Guten Tag, ich möchte die Bestellung stornieren."
               "|Geht das noch?|Danke für die schnelle Antwort!|Die Größe passt leider nicht, kann ich umtauschen?"
               "|Das Paket war beschädigt, die Ecke ist komplett eingedrückt.|Wie lange dauert die Rückerstattung ungefähr?"),
         split("Hallo! Danke für Ihre Nachricht.|Ich sehe mir das gleich an.|Ihre Bestellung %1 ist unterwegs."
               "|Die Erstattung ist veranlasst und dauert 3–5 Werktage.|Entschuldigen Sie bitte die Verspätung!")},
        {10, split("Camille|Léa|Théo|Chloé|Noé|Zoé|Étienne|Amélie"),
         split("Lefèvre|Dubois|Moreau|Girard|Rousseau|Mercier|Faure"),
         split("Bonjour, où en est ma commande %1 ?|Je n'ai toujours rien reçu.|Merci beaucoup !"
               "|Est-ce que je peux changer l'adresse de livraison ?|Le colis est arrivé abîmé, que dois-je faire ?"),
         split("Bonjour ! Merci pour votre message.|Je regarde tout de suite.|Votre commande %1 a été expédiée hier."
               "|Le remboursement est en cours, comptez 3 à 5 jours ouvrés.")},
        {10, split("Sofía|Mateo|Lucía|Martín|Valentina|Hugo|Ximena|Iñaki"),
         split("García|Fernández|López|Martínez|Sánchez|Pérez|Núñez|Ibáñez"),
         split("Hola, ¿dónde está mi pedido %1?|Todavía no ha llegado nada.|¡Muchas gracias!"
               "|¿Puedo cambiar la talla?|El paquete llegó dañado y falta una pieza.|¿Cuánto tarda el reembolso?"),
         split("¡Hola! Gracias por escribirnos.|Lo reviso ahora mismo.|Tu pedido %1 salió ayer del almacén."
               "|El reembolso ya está en camino, tarda de 3 a 5 días hábiles.")},
        {8, split("Linh|Minh|Hương|Tuấn|Thảo|Đức|Phương|Quỳnh"),
         split("Nguyễn|Trần|Lê|Phạm|Hoàng|Vũ|Đặng|Bùi"),
         split("Chào shop, đơn hàng %1 của mình đến đâu rồi ạ?|Mình chưa nhận được hàng.|Cảm ơn shop nhiều!"
               "|Mình muốn đổi size được không?|Hộp bị móp khi nhận hàng ạ."),
         split("Chào bạn! Cảm ơn bạn đã nhắn tin.|Mình kiểm tra ngay nhé.|Đơn %1 đã được gửi đi hôm qua.")},
        {8, split("伟|芳|娜|秀英|敏|静|磊|洋|翔|美玲"),
         split("王|李|张|刘|陈|杨|黄|赵"),
         split("你好，我的订单%1到哪里了？|已经一个星期了还没收到。|谢谢！|可以换大一号吗？|包裹到的时候盒子破了，里面的东西也有划痕。"),
         split("您好！感谢您的留言。|我马上帮您查一下。|您的订单%1昨天已发货。|退款已处理，3到5个工作日到账。")},
        {6, split("Дмитрий|Анна|Ольга|Сергей|Наталья|Алексей|Екатерина"),
         split("Иванов|Смирнова|Кузнецов|Попова|Соколов|Лебедева"),
         split("Здравствуйте, где мой заказ %1?|Уже неделя прошла.|Спасибо большое!|Можно поменять размер?"
               "|Посылка пришла повреждённой, коробка разорвана."),
         split("Здравствуйте! Спасибо за сообщение.|Сейчас проверю.|Ваш заказ %1 отправлен вчера.")},
        {5, split("محمد|فاطمة|أحمد|مريم|يوسف|ليلى|عمر"),
         split("الحسن|العلي|الخطيب|النجار|حداد|منصور"),
         split("مرحبا، أين طلبي رقم %1؟|لم يصل شيء حتى الآن.|شكرا جزيلا!|هل يمكنني تغيير المقاس؟|وصل الطرد تالفا."),
         split("مرحبا! شكرا لتواصلك معنا.|سأتحقق من ذلك الآن.|تم شحن طلبك %1 أمس.")},
        {5, split("Aarav|Priya|Rohan|Ananya|Vikram|Isha"),
         split("Sharma|Patel|Iyer|Reddy|Gupta|Nair"),
         split("नमस्ते, मेरा ऑर्डर %1 कहाँ है?|अभी तक कुछ नहीं आया।|बहुत धन्यवाद!|क्या मैं साइज़ बदल सकता हूँ?"),
         split("नमस्ते! संदेश के लिए धन्यवाद।|मैं अभी देखता हूँ।|आपका ऑर्डर %1 कल भेजा गया।")},
    };
    return list;
}

QString pick(const QStringList &list, QRandomGenerator &random)
{
    return list.at(int(random.bounded(quint32(list.size()))));
}

QString sentence(const QStringList &list, QRandomGenerator &random)
{
    QString s = pick(list, random);
    if (s.contains(QLatin1String("%1")))
        s = s.arg(100000 + random.bounded(900000));
    return s;
}

// 40 % one sentence, 45 % two or three, 15 % a long story of four to ten.
QString compose(const QStringList &list, QRandomGenerator &random)
{
    const quint32 roll = random.bounded(100u);
    const int sentences = roll < 40 ? 1 : roll < 85 ? 2 + int(random.bounded(2u)) : 4 + int(random.bounded(7u));
    QStringList parts;
    for (int i = 0; i < sentences; ++i)
        parts.append(sentence(list, random));
    // Long stories come in paragraphs now and then.
    return sentences > 5 && random.bounded(2u) ? parts.mid(0, 3).join(QLatin1Char(' ')) + QStringLiteral("\n\n")
            + parts.mid(3).join(QLatin1Char(' '))
                                               : parts.join(QLatin1Char(' '));
}

} // namespace

int languageCount() { return int(languages().size()); }

int pickLanguage(QRandomGenerator &random)
{
    int total = 0;
    for (const Language &l : languages())
        total += l.weight;
    int roll = int(random.bounded(quint32(total)));
    for (int i = 0; i < languageCount(); ++i) {
        roll -= languages().at(i).weight;
        if (roll < 0)
            return i;
    }
    return 0;
}

QString firstName(int language, QRandomGenerator &random) { return pick(languages().at(language).first, random); }
QString lastName(int language, QRandomGenerator &random) { return pick(languages().at(language).last, random); }
QString customerMessage(int language, QRandomGenerator &random) { return compose(languages().at(language).customer, random); }
QString agentReply(int language, QRandomGenerator &random) { return compose(languages().at(language).agent, random); }

} // namespace Relaydesk::Bench::SampleText
