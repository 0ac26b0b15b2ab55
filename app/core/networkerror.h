#pragma once

#include <QString>

class QNetworkReply;

namespace Relaydesk::App {

// Why a request failed, in words for the agent and safe for logs. QNetworkReply's
// errorString() quotes the URL, and Meta's CDN URLs carry access tokens in their
// query: this never does.
QString describeNetworkError(const QNetworkReply *reply);

} // namespace Relaydesk::App
