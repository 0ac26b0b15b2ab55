#pragma once

#include <QLatin1StringView>

// The relay <-> app wire protocol: names shared by both ends.
// docs/protocol.md is the prose description of everything here.
namespace Relaydesk::Protocol {

inline constexpr int Version = 1;

// Frame "type" values, client -> relay.
namespace ClientFrame {
inline constexpr QLatin1StringView Hello{"hello"};
inline constexpr QLatin1StringView SendMessage{"send_message"};
inline constexpr QLatin1StringView RetryMessage{"retry_message"};
inline constexpr QLatin1StringView MarkRead{"mark_read"};
inline constexpr QLatin1StringView MarkUnread{"mark_unread"};
inline constexpr QLatin1StringView Assign{"assign"};
inline constexpr QLatin1StringView SetStatus{"set_status"};
inline constexpr QLatin1StringView Typing{"typing"};
inline constexpr QLatin1StringView Presence{"presence"};
inline constexpr QLatin1StringView History{"history"};
inline constexpr QLatin1StringView Snapshot{"snapshot"};
inline constexpr QLatin1StringView SaveCannedResponse{"save_canned_response"};
inline constexpr QLatin1StringView DeleteCannedResponse{"delete_canned_response"};
inline constexpr QLatin1StringView CannedResponses{"canned_responses"};
inline constexpr QLatin1StringView AddNote{"add_note"};
inline constexpr QLatin1StringView Notes{"notes"};
}

// Frame "type" values, relay -> client.
namespace RelayFrame {
inline constexpr QLatin1StringView Welcome{"welcome"};
inline constexpr QLatin1StringView Event{"event"};
inline constexpr QLatin1StringView ReplayDone{"replay_done"};
inline constexpr QLatin1StringView ResyncRequired{"resync_required"};
inline constexpr QLatin1StringView Presence{"presence"};
inline constexpr QLatin1StringView Ack{"ack"};
inline constexpr QLatin1StringView Error{"error"};
}

// Event kinds in the relay's event log ("event" frames).
namespace EventKind {
inline constexpr QLatin1StringView MessageCreated{"message.created"};
inline constexpr QLatin1StringView MessageUpdated{"message.updated"};
inline constexpr QLatin1StringView MessageStatus{"message.status"};
inline constexpr QLatin1StringView ConversationUpdated{"conversation.updated"};
inline constexpr QLatin1StringView ConversationAssigned{"conversation.assigned"};
inline constexpr QLatin1StringView ConversationStatus{"conversation.status"};
inline constexpr QLatin1StringView ConversationRead{"conversation.read"};
// Team-wide (page_id "", conversation_id 0): every agent gets them.
inline constexpr QLatin1StringView CannedResponseSaved{"canned_response.saved"};
inline constexpr QLatin1StringView CannedResponseDeleted{"canned_response.deleted"};
// A private note in a conversation (data.note; never a message, so older apps skip it).
inline constexpr QLatin1StringView NoteCreated{"note.created"};
}

// Error codes carried by "error" frames (the "code" field).
namespace ErrorCode {
inline constexpr QLatin1StringView BadRequest{"bad_request"};
inline constexpr QLatin1StringView UnknownCommand{"unknown_command"};
inline constexpr QLatin1StringView NotFound{"not_found"};
inline constexpr QLatin1StringView Forbidden{"forbidden"};
inline constexpr QLatin1StringView TextTooLong{"text_too_long"};
inline constexpr QLatin1StringView WindowClosed{"window_closed"};
inline constexpr QLatin1StringView RateLimited{"rate_limited"};
inline constexpr QLatin1StringView Internal{"internal"};
inline constexpr QLatin1StringView Unavailable{"unavailable"}; // the relay's database is away: try again
inline constexpr QLatin1StringView Conflict{"conflict"}; // e.g. a canned response's shortcode already taken
}

// WebSocket close codes (4000-4999 are application-defined by RFC 6455).
namespace CloseCode {
inline constexpr int GoingAway = 1001;       // relay shutting down
inline constexpr int TryAgainLater = 4013;   // the database is away: the token could not be checked
inline constexpr int ProtocolError = 1002;
inline constexpr int TooBig = 1009;          // frame or message over the limit
inline constexpr int Unauthorized = 4001;    // missing or unknown token
inline constexpr int AuthTimeout = 4002;     // no hello within the deadline
inline constexpr int Revoked = 4003;         // token revoked while connected
inline constexpr int UnsupportedVersion = 4004;
inline constexpr int TooSlow = 4008;         // outgoing buffer over the limit; resume by seq
inline constexpr int RateLimited = 4029;     // too many commands
inline constexpr int HeartbeatTimeout = 4010;
inline constexpr int AtCapacity = 4503;        // the relay is at its limit of agent connections; retry later
}

// Limits both ends agree on.
inline constexpr int MaxTextLength = 2000;          // Send API limit, in UTF-16 units as Meta counts
inline constexpr int MaxMetadataLength = 1000;
inline constexpr int MaxFrameBytes = 64 * 1024;
inline constexpr int ReplayPageSize = 500;

} // namespace Relaydesk::Protocol
