#pragma once

#include <QString>

namespace Relaydesk::App {

// A change to a canned response made in the app that the relay has not
// acknowledged yet (made offline, or on its way): kept in the cache, sent in the
// order made on the next welcome.
struct CannedChange
{
    qint64 seq = 0;        // order made; a new one shows with id -seq until acknowledged
    QString clientId;      // save_canned_response's client_id for a new one
    qint64 cannedId = 0;   // 0: a new one
    bool remove = false;   // a delete rather than a save
    QString shortcode;
    QString title;
    QString text;
};

} // namespace Relaydesk::App
