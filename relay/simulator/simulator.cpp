#include "simulator.h"

#include "simulatorlogging.h"
#include "webhooksignature.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>

namespace Relaydesk::Simulator {

namespace {

QString key(const char *k) { return QString::fromLatin1(k); }
qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QByteArray graphError(int code, int subcode, const QString &message)
{
    QJsonObject error{{key("message"), message}, {key("type"), key("OAuthException")}, {key("code"), code},
                      {key("fbtrace_id"), key("AsimStandIn0")}};
    if (subcode)
        error.insert(key("error_subcode"), subcode);
    return compact(QJsonObject{{key("error"), error}});
}

Http::HttpResponse jsonAnswer(int status, const QByteArray &body) { return Http::HttpResponse::json(status, body); }

struct FormPart { QByteArray name; QByteArray fileName; QByteArray contentType; QByteArray body; };

QByteArray headerParameter(const QByteArray &header, const QByteArray &name)
{
    for (QByteArray part : header.split(';')) {
        part = part.trimmed();
        if (part.startsWith(name + '=')) {
            QByteArray value = part.mid(name.size() + 1);
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

// multipart/form-data as QHttpMultiPart writes it (the relay's attachment uploads).
QList<FormPart> parseMultipart(const QByteArray &contentType, const QByteArray &body)
{
    QList<FormPart> parts;
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty())
        return parts;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf("\r\n" + delimiter, pos);
        if (headEnd < 0 || next < 0 || headEnd > next)
            break;
        FormPart part;
        for (const QByteArray &line : body.mid(pos, headEnd - pos).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = headerParameter(value, "name");
                part.fileName = headerParameter(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        part.body = body.mid(headEnd + 4, next - headEnd - 4);
        parts.append(part);
        pos = next + 2;
    }
    return parts;
}

Persona personaFor(const QString &psid)
{
    // Someone the simulator did not invent (e.g. a fixture's PSID) still gets a stable name.
    const QByteArray h = QCryptographicHash::hash(psid.toUtf8(), QCryptographicHash::Sha1);
    const quint32 seed = quint32(quint8(h[0])) << 24 | quint32(quint8(h[1])) << 16 | quint32(quint8(h[2])) << 8 | quint8(h[3]);
    QRandomGenerator random{seed};
    return Content::persona(random);
}

} // namespace

Simulator::Simulator(const SimulatorConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_network(new QNetworkAccessManager(this)), m_timer(new QTimer(this)),
      m_random(quint32(config.seed ^ (config.seed >> 32)) ^ 0x5eed),
      m_runId(QString::number(now(), 36))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Simulator::postCustomerEvent);
    // The pool has its own generator so the same seed gives the same customers
    // whatever the traffic does.
    QRandomGenerator pool(quint32(config.seed ^ (config.seed >> 32)));
    for (const QString &page : std::as_const(m_config.pages)) {
        for (int i = 0; i < m_config.customersPerPage; ++i) {
            SimCustomer c;
            c.pageId = page;
            c.psid = QString::number(1'000'000'000'000'000ULL + pool.generate64() % 8'999'999'999'999'999ULL);
            c.persona = Content::persona(pool);
            m_customerIndex.insert(c.psid, int(m_customers.size()));
            m_customers.append(c);
        }
    }
}

Simulator::~Simulator() = default;

bool Simulator::listen()
{
    auto handler = [this](const Http::HttpRequest &r, const Http::HttpResponder &a) { handle(r, a); };
    m_server.route("GET", "/*", handler);
    m_server.route("POST", "/*", handler, 30 * 1024 * 1024); // attachment uploads
    if (!m_server.listen(m_config.listenAddress, m_config.listenPort))
        return false;
    qCInfo(lcSimulator) << "Graph API on" << baseUrl().toString() << "with" << m_customers.size() << "customers on"
                        << m_config.pages.size() << "pages";
    return true;
}

QString Simulator::errorString() const { return m_server.errorString(); }
quint16 Simulator::port() const { return m_server.serverPort(); }

QUrl Simulator::baseUrl() const
{
    QHostAddress host = m_server.serverAddress();
    if (host.isNull() || host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHost;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    return url;
}

QString Simulator::mediaUrl(const QString &name) const
{
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/media/") + name);
    return url.toString();
}

const SimCustomer *Simulator::customer(const QString &psid) const
{
    const auto it = m_customerIndex.constFind(psid);
    return it == m_customerIndex.constEnd() ? nullptr : &m_customers.at(*it);
}

void Simulator::setFailures(double rate, const QList<Failure> &failures)
{
    m_config.failRate = rate;
    m_config.failures = failures;
}

QByteArray Simulator::metaJson(const QJsonObject &object)
{
    // Non-ASCII only ever occurs inside JSON strings, so escaping every UTF-16 unit
    // above 0x7F (surrogate pairs included) keeps the document valid.
    const QString text = QString::fromUtf8(compact(object));
    QByteArray out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            out.append(char(c.unicode()));
        else
            out.append("\\u" + QByteArray::number(c.unicode(), 16).rightJustified(4, '0'));
    }
    return out;
}

// ---- customers' traffic ----------------------------------------------------------

void Simulator::startTraffic()
{
    if (m_customers.isEmpty() || m_config.relayUrl.isEmpty())
        return;
    m_running = true;
    for (int i = 0; i < m_config.burst && (m_config.count == 0 || m_posted < m_config.count); ++i)
        postCustomerEvent();
    if (m_config.burst == 0)
        scheduleNext();
}

void Simulator::stopTraffic()
{
    m_running = false;
    m_timer->stop();
}

void Simulator::scheduleNext()
{
    if (!m_running || m_timer->isActive())
        return;
    if (m_config.count > 0 && m_posted >= m_config.count) {
        m_running = false;
        qCInfo(lcSimulator) << "posted" << m_posted << "customer events; traffic stops";
        emit trafficFinished();
        return;
    }
    const double mean = 60'000.0 / std::max(m_config.ratePerMinute, 0.01);
    double delay;
    if (m_burstLeft > 0) {
        // A customer typing several short messages in a row.
        delay = std::min(mean / 2, 300.0 + m_random.bounded(1200));
    } else if (m_random.bounded(100) < 7) {
        delay = mean * (3 + m_random.bounded(4)); // a quiet spell
    } else {
        delay = std::clamp(-std::log(1.0 - m_random.generateDouble()) * mean, mean * 0.1, mean * 4);
        if (m_random.bounded(100) < 12) {
            m_burstLeft = 2 + int(m_random.bounded(4));
            m_burstCustomer = int(m_random.bounded(quint32(m_customers.size())));
        }
    }
    m_timer->start(int(std::min(delay, 3'600'000.0)));
}

void Simulator::postCustomerEvent()
{
    if (!m_running)
        return;
    int index;
    if (m_burstLeft > 0 && m_burstCustomer >= 0) {
        index = m_burstCustomer;
        --m_burstLeft;
    } else {
        index = int(m_random.bounded(quint32(m_customers.size())));
    }
    SimCustomer &c = m_customers[index];
    bool createsMessage = false;
    QString kind;
    const QJsonObject event = customerEvent(c, &createsMessage, &kind);
    ++m_posted;
    postEvent(c.pageId, event, kind);
    scheduleNext();
}

QJsonObject Simulator::customerEvent(SimCustomer &c, bool *createsMessage, QString *kind)
{
    QJsonObject event{{key("sender"), QJsonObject{{key("id"), c.psid}}},
                      {key("recipient"), QJsonObject{{key("id"), c.pageId}}},
                      {key("timestamp"), now()}};
    const QString lang = c.persona.language;
    const QString mid = newMid();
    QJsonObject message{{key("mid"), mid}};
    const int roll = c.messages == 0 ? 0 : int(m_random.bounded(100));
    *createsMessage = true;
    if (roll < 50) {
        *kind = QStringLiteral("text");
        message.insert(key("text"), c.messages == 0 || roll < 10 ? Content::opening(lang, m_random)
                                                                 : Content::followUp(lang, m_random));
    } else if (roll < 58) {
        *kind = QStringLiteral("quick reply");
        const auto [title, payload] = Content::quickReply(lang, m_random);
        message.insert(key("text"), title);
        message.insert(key("quick_reply"), QJsonObject{{key("payload"), payload}});
    } else if (roll < 64 && !c.lastCustomerMid.isEmpty()) {
        *kind = QStringLiteral("reply");
        message.insert(key("text"), Content::followUp(lang, m_random));
        message.insert(key("reply_to"), QJsonObject{{key("mid"), c.lastCustomerMid}, {key("is_self_reply"), true}});
    } else if (roll < 74) {
        *kind = QStringLiteral("image");
        const QString caption = Content::imageCaption(lang, m_random);
        if (!caption.isEmpty())
            message.insert(key("text"), caption);
        const QString url = mediaUrl(QStringLiteral("photo_%1.png").arg(m_random.bounded(100000)));
        message.insert(key("attachments"), QJsonArray{QJsonObject{
            {key("type"), key("image")}, {key("payload"), QJsonObject{{key("url"), url}}}}});
    } else if (roll < 79) {
        *kind = QStringLiteral("file");
        const QString url = mediaUrl(QStringLiteral("invoice_%1.pdf").arg(4000 + m_random.bounded(6000)));
        message.insert(key("attachments"), QJsonArray{QJsonObject{
            {key("type"), key("file")}, {key("payload"), QJsonObject{{key("url"), url}}}}});
    } else if (roll < 82) {
        *kind = QStringLiteral("sticker");
        const qint64 stickerId = 369239263222822;
        message.insert(key("sticker_id"), stickerId);
        message.insert(key("attachments"), QJsonArray{QJsonObject{
            {key("type"), key("image")},
            {key("payload"), QJsonObject{{key("url"), mediaUrl(QStringLiteral("sticker_thumbs_up.png"))},
                                         {key("sticker_id"), stickerId}}}}});
    } else if (roll < 87) {
        *kind = QStringLiteral("postback");
        const auto [title, payload] = Content::postback(lang, m_random);
        event.insert(key("postback"), QJsonObject{{key("mid"), mid}, {key("title"), title}, {key("payload"), payload}});
        m_messageMids.append(mid);
        ++c.messages;
        return event;
    } else if (roll < 94 && !c.lastPageMid.isEmpty()) {
        *kind = QStringLiteral("reaction");
        *createsMessage = false;
        const bool love = m_random.bounded(2) == 0;
        event.insert(key("reaction"), QJsonObject{{key("reaction"), love ? key("love") : key("like")},
                                                  {key("emoji"), love ? QStringLiteral("❤️") : QStringLiteral("👍")},
                                                  {key("action"), key("react")},
                                                  {key("mid"), c.lastPageMid}});
        return event;
    } else if (!c.lastCustomerMid.isEmpty() && !c.lastCustomerText.isEmpty()) {
        *kind = QStringLiteral("edit");
        *createsMessage = false;
        event.insert(key("message_edit"), QJsonObject{{key("mid"), c.lastCustomerMid},
                                                      {key("text"), Content::edited(c.lastCustomerText)},
                                                      {key("num_edit"), 1}});
        c.lastCustomerText.clear(); // one edit per message is plenty
        return event;
    } else {
        *kind = QStringLiteral("text");
        message.insert(key("text"), Content::followUp(lang, m_random));
    }
    event.insert(key("message"), message);
    c.lastCustomerMid = mid;
    c.lastCustomerText = message.value(key("text")).toString();
    ++c.messages;
    m_messageMids.append(mid);
    return event;
}

QString Simulator::newMid()
{
    // Unique across runs, so a relay that keeps its data does not take new
    // messages for duplicates of an earlier run's.
    return QStringLiteral("m_sim_%1_%2").arg(m_runId).arg(m_nextMid++);
}

// ---- webhooks out ----------------------------------------------------------------

void Simulator::postEvent(const QString &pageId, const QJsonObject &event, const QString &kind)
{
    if (m_config.relayUrl.isEmpty())
        return;
    const QJsonObject body{{key("object"), key("page")},
                           {key("entry"), QJsonArray{QJsonObject{{key("id"), pageId},
                                                                 {key("time"), now()},
                                                                 {key("messaging"), QJsonArray{event}}}}}};
    post(metaJson(body), kind, 1);
}

void Simulator::post(const QByteArray &body, const QString &kind, int attempt)
{
    QNetworkRequest request(m_config.relayUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Hub-Signature-256", Messenger::WebhookSignature::sign(body, m_config.appSecret));
    request.setTransferTimeout(20'000); // Meta gives up after about 20 s
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, body, kind, attempt] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            qCDebug(lcSimulator) << "webhook" << kind << "delivered";
            emit webhookDelivered(kind, status);
            return;
        }
        if (attempt < m_config.webhookAttempts) {
            // Like Meta: retry a failed delivery, backing off.
            const int delay = m_config.webhookRetryInitialMs << (attempt - 1);
            qCInfo(lcSimulator) << "webhook" << kind << "answered" << status << reply->errorString() << "- retry in"
                                << delay << "ms";
            QTimer::singleShot(delay, this, [this, body, kind, attempt] { post(body, kind, attempt + 1); });
            return;
        }
        qCWarning(lcSimulator) << "webhook" << kind << "given up after" << attempt << "attempts; last answer" << status;
        emit webhookDelivered(kind, status);
    });
}

// ---- Graph API in ----------------------------------------------------------------

void Simulator::handle(const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    const QStringList parts = QString::fromUtf8(request.path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = request.method == "GET";

    // Media and avatars are public CDN URLs at Meta: no token.
    if (get && parts.size() == 2 && parts.at(0) == QLatin1String("media")) {
        const QString name = parts.at(1);
        Http::HttpResponse response;
        if (const auto it = m_uploads.constFind(name); it != m_uploads.constEnd()) {
            response.contentType = it->first;
            response.body = it->second;
        } else if (name.endsWith(QLatin1String(".png"))) {
            response.contentType = "image/png";
            response.body = Content::photoPng(name);
        } else if (name.endsWith(QLatin1String(".pdf"))) {
            response.contentType = "application/pdf";
            response.body = Content::invoicePdf(QStringLiteral("Invoice ") + name.section(QLatin1Char('.'), 0, 0));
        } else {
            responder.respond(Http::HttpResponse::error(404));
            return;
        }
        responder.respond(response);
        return;
    }
    if (get && parts.size() == 2 && parts.at(0) == QLatin1String("avatar")) {
        const QString psid = parts.at(1).section(QLatin1Char('.'), 0, 0);
        const SimCustomer *c = customer(psid);
        const Persona p = c ? c->persona : personaFor(psid);
        Http::HttpResponse response;
        response.contentType = "image/png";
        response.body = Content::avatarPng(p.firstName, p.lastName, psid);
        responder.respond(response);
        return;
    }

    if (request.bearerToken().isEmpty()) {
        responder.respond(jsonAnswer(400, graphError(190, 0, QStringLiteral("Invalid OAuth access token - Cannot parse access token"))));
        return;
    }

    if (!get && parts.size() == 3 && parts.at(2) == QLatin1String("messages")) {
        handleSend(parts.at(1) == QLatin1String("me") ? m_config.pages.value(0) : parts.at(1), request, responder);
        return;
    }
    if (get && parts.size() == 3 && parts.at(2) == QLatin1String("conversations")) {
        responder.respond(jsonAnswer(200, "{\"data\":[]}"));
        return;
    }
    if (get && parts.size() == 2) {
        const QString psid = parts.at(1);
        const SimCustomer *c = customer(psid);
        const Persona p = c ? c->persona : personaFor(psid);
        QUrl picture = baseUrl();
        picture.setPath(QStringLiteral("/avatar/%1.png").arg(psid));
        responder.respond(jsonAnswer(200, compact(QJsonObject{{key("first_name"), p.firstName},
                                                              {key("last_name"), p.lastName},
                                                              {key("profile_pic"), picture.toString()},
                                                              {key("id"), psid}})));
        return;
    }
    responder.respond(jsonAnswer(400, graphError(100, 33, QStringLiteral("Unsupported request: the simulator does not serve ")
                                                              + QString::fromUtf8(request.path))));
}

void Simulator::handleSend(const QString &pageId, const Http::HttpRequest &request, const Http::HttpResponder &responder)
{
    QJsonObject recipient, message;
    QString senderAction;
    const QByteArray contentType = request.header("content-type");
    if (contentType.startsWith("multipart/form-data")) {
        for (const FormPart &part : parseMultipart(contentType, request.body)) {
            if (part.name == "recipient") {
                recipient = QJsonDocument::fromJson(part.body).object();
            } else if (part.name == "message") {
                message = QJsonDocument::fromJson(part.body).object();
            } else if (part.name == "filedata") {
                // Keep the upload so the echo's URL shows what the agent sent (the last 50 only).
                QString fileName = QString::fromUtf8(part.fileName);
                fileName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
                const QString name = QStringLiteral("upload_%1_%2").arg(m_nextMid).arg(fileName.isEmpty() ? QStringLiteral("file") : fileName);
                m_uploads.insert(name, {part.contentType.isEmpty() ? QByteArrayLiteral("application/octet-stream") : part.contentType, part.body});
                m_uploadOrder.append(name);
                while (m_uploadOrder.size() > 50)
                    m_uploads.remove(m_uploadOrder.takeFirst());
                QJsonObject attachment = message.value(key("attachment")).toObject();
                attachment.insert(key("payload"), QJsonObject{{key("url"), mediaUrl(name)}});
                message.insert(key("attachment"), attachment);
            }
        }
    } else {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        recipient = body.value(key("recipient")).toObject();
        message = body.value(key("message")).toObject();
        senderAction = body.value(key("sender_action")).toString();
    }
    const QString psid = recipient.value(key("id")).toString();
    if (psid.isEmpty()) {
        responder.respond(jsonAnswer(400, graphError(100, 2018001, QStringLiteral("(#100) No matching user found"))));
        return;
    }
    if (!senderAction.isEmpty()) {
        responder.respond(jsonAnswer(200, compact(QJsonObject{{key("recipient_id"), psid}})));
        return;
    }
    if (message.isEmpty()) {
        responder.respond(jsonAnswer(400, graphError(100, 0, QStringLiteral("(#100) param message must be non-empty."))));
        return;
    }
    int delayMs = 0;
    if (m_config.failRate > 0 && !m_config.failures.isEmpty() && m_random.generateDouble() < m_config.failRate) {
        const Failure failure = m_config.failures.at(int(m_random.bounded(quint32(m_config.failures.size()))));
        int status = 400;
        QByteArray body;
        switch (failure) {
        case Failure::ServerError:
            status = 500;
            body = graphError(1, 0, QStringLiteral("An unknown error has occurred."));
            break;
        case Failure::OutsideWindow:
            body = graphError(10, 2018278, QStringLiteral("(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview"));
            break;
        case Failure::Temporary:
            body = graphError(1200, 0, QStringLiteral("(#1200) Temporary send message failure. Please try again later"));
            break;
        case Failure::Slow:
            delayMs = m_config.slowMs;
            break;
        }
        if (!body.isEmpty()) {
            qCInfo(lcSimulator) << "Send API: injected failure" << status << "for a reply on page" << pageId;
            emit sendApiCalled(pageId, psid, status);
            responder.respond(jsonAnswer(status, body));
            return;
        }
        qCInfo(lcSimulator) << "Send API: answering slowly, in" << delayMs << "ms";
    }
    acceptMessage(pageId, psid, message, responder, delayMs);
}

void Simulator::acceptMessage(const QString &pageId, const QString &psid, QJsonObject message,
                              const Http::HttpResponder &responder, int delayMs)
{
    const QString mid = newMid();
    QTimer::singleShot(delayMs, this, [=] {
        responder.respond(jsonAnswer(200, compact(QJsonObject{{key("recipient_id"), psid}, {key("message_id"), mid}})));
        emit sendApiCalled(pageId, psid, 200);
        // Messenger then echoes the message to the Page's webhook, and the
        // customer's device reports delivery and reading a little later.
        QTimer::singleShot(m_config.echoDelayMs, this, [=] {
            const qint64 sentAt = now();
            QJsonObject echo{{key("is_echo"), true}, {key("app_id"), qint64(263902037430900)}, {key("mid"), mid}};
            if (message.contains(key("metadata")))
                echo.insert(key("metadata"), message.value(key("metadata")));
            if (message.contains(key("text")))
                echo.insert(key("text"), message.value(key("text")));
            if (message.contains(key("attachment"))) {
                const QJsonObject attachment = message.value(key("attachment")).toObject();
                QString url = attachment.value(key("payload")).toObject().value(key("url")).toString();
                if (url.isEmpty())
                    url = mediaUrl(QStringLiteral("sent_%1.png").arg(mid));
                echo.insert(key("attachments"), QJsonArray{QJsonObject{
                    {key("type"), attachment.value(key("type"))}, {key("payload"), QJsonObject{{key("url"), url}}}}});
            }
            postEvent(pageId, QJsonObject{{key("sender"), QJsonObject{{key("id"), pageId}}},
                                          {key("recipient"), QJsonObject{{key("id"), psid}}},
                                          {key("timestamp"), sentAt}, {key("message"), echo}},
                      QStringLiteral("echo"));
            if (const auto it = m_customerIndex.constFind(psid); it != m_customerIndex.constEnd())
                m_customers[*it].lastPageMid = mid;
            const QJsonObject from{{key("id"), psid}}, to{{key("id"), pageId}};
            QTimer::singleShot(m_config.deliveryDelayMs, this, [=] {
                postEvent(pageId, QJsonObject{{key("sender"), from}, {key("recipient"), to}, {key("timestamp"), now()},
                                              {key("delivery"), QJsonObject{{key("mids"), QJsonArray{mid}},
                                                                            {key("watermark"), sentAt}}}},
                          QStringLiteral("delivery"));
            });
            QTimer::singleShot(m_config.readDelayMs, this, [=] {
                postEvent(pageId, QJsonObject{{key("sender"), from}, {key("recipient"), to}, {key("timestamp"), now()},
                                              {key("read"), QJsonObject{{key("watermark"), sentAt}}}},
                          QStringLiteral("read"));
            });
        });
    });
}

} // namespace Relaydesk::Simulator
