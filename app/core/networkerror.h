#pragma once

#include <QString>

class QNetworkReply;

namespace Relaydesk::App {

// Why a request failed, in words for the agent and safe for logs. QNetworkReply's
// errorString() quotes the URL, and Meta's CDN URLs carry access tokens in their
// query: this never does.
QString describeNetworkError(const QNetworkReply *reply);
// Whether the same request may well succeed later: the network or the server was down,
// busy or slow (no connection, a timeout, 5xx, 408, 429), as opposed to an answer that
// will not change (404, 403, a redirect loop, a TLS failure).
bool isTransientNetworkError(const QNetworkReply *reply);

} // namespace Relaydesk::App
