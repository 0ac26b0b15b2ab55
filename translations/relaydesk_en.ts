<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DisplayTime</name>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AgentActions</name>
    <message>
        <source>Could not mark the conversation read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not mark the conversation unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not assign the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not unassign the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the conversation&apos;s status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not send the reply again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not connected to the relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AppController</name>
    <message>
        <source>Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local cache cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused this agent&apos;s token (%1). Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file was not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attachment could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A colleague</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentDownloader</name>
    <message>
        <source>This attachment cannot be downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentKind</name>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sticker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentOpener</name>
    <message>
        <source>Open a file that can run programs?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file can run programs on your computer:

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It came from a customer, and Relaydesk does not open such files. If you expected it and trust it, find it in its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No program could open %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponsePopup</name>
    <message>
        <source>Canned responses</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponseSync</name>
    <message>
        <source>The shortcode must have 1 to %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shortcode may hold only letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title must have 1 to %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text has %1 characters; a reply may have %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{%1}} is not a placeholder. Known are: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shortcode /%1 is already used by “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous change is being saved; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This canned response is being deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This canned response is no longer queued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your change to /%1 was not kept: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A canned response was not deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponsesDialog</name>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thanks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholders, filled when inserted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Shortcode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new canned response for the whole team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed here, waiting to be sent to the relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last changed by %1, %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a former agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete canned response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete /%1 for the whole team?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ChatPanel</name>
    <message>
        <source>Mark unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Messenger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::Composer</name>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send (Enter; Shift+Enter for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Messenger reply window: %n hour(s) left</source>
        <translation>
            <numerusform>Messenger reply window: %n hour left</numerusform>
            <numerusform>Messenger reply window: %n hours left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Over 24 hours since the customer wrote: replies go with the human agent tag (%n hour(s) left)</source>
        <translation>
            <numerusform>Over 24 hours since the customer wrote: replies go with the human agent tag (%n hour left)</numerusform>
            <numerusform>Over 24 hours since the customer wrote: replies go with the human agent tag (%n hours left)</numerusform>
        </translation>
    </message>
    <message>
        <source>Reply window closed: Messenger accepts no reply until the customer writes again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 characters left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a private note for the team: never sent to the customer (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a private note for the team (@name mentions a colleague)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConnectionStatusLabel</name>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catching up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnecting in %n s</numerusform>
            <numerusform>Reconnecting in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConversationDelegate</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConversationListPanel</name>
    <message>
        <source>Search names and messages (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All pages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::DesktopNotifier</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::FileSecretStore</name>
    <message>
        <source>No token is stored for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token file %1 can be read by other users, so it is not used. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the token file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the token file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot make the token file private: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the token file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove the token file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::FileUploader</name>
    <message>
        <source>You are offline. Files cannot be queued; send “%1” again once connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in to a relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is larger than %2 MiB, the most Messenger accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay&apos;s answer to the upload had no upload id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused the agent token (%1). Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused “%1” as too large (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading “%1” failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was uploaded, but the connection kept dropping before the relay confirmed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused to send “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ImageCache</name>
    <message>
        <source>The image is larger than %1 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an image that can be shown (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This image cannot be downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an empty image.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::InboxSession</name>
    <message>
        <source>The reply was not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::KeychainSecretStore</name>
    <message>
        <source>No token is stored in the system keychain for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is not available (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MainWindow</name>
    <message>
        <source>Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to &amp;me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark u&amp;nread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Relaydesk %1&lt;/h3&gt;&lt;p&gt;A native inbox for a Facebook Page&apos;s Messenger conversations.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a conversation to read and reply.

Ctrl+K searches, Alt+Up and Alt+Down move through the list.
Ctrl+/ lists every shortcut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Canned responses…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a private &amp;note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MemorySecretStore</name>
    <message>
        <source>No token is stored for this account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MessageDelegate</name>
    <message>
        <source>Open link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading to Messenger…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to open or save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent from another tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap to retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private note by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MessageListModel</name>
    <message>
        <source>Attachment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NetworkError</name>
    <message>
        <source>The server answered %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s name could not be resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection failed (TLS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected too often or insecurely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network error %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NoteSync</name>
    <message>
        <source>The note is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note has %1 characters; at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NotificationPolicy</name>
    <message>
        <source>New message</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From %1 and %n others</source>
        <translation>
            <numerusform>From %1 and %n other</numerusform>
            <numerusform>From %1 and %n others</numerusform>
        </translation>
    </message>
    <message>
        <source>From %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new conversations</source>
        <translation>
            <numerusform>%n new conversation</numerusform>
            <numerusform>%n new conversations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::PresenceTracker</name>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 are typing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is viewing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 are viewing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::RelayConnection</name>
    <message>
        <source>The relay did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the relay was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay speaks another protocol version: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SettingsDialog</name>
    <message>
        <source>Relaydesk Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a &amp;notification for new customer messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Do not disturb (no notifications or sounds until turned off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Closing the window keeps Relaydesk running in the system tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;minimised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter (Shift+Enter for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter (Enter for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send replies with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ShortcutHelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Composer: send (Shift+Enter: new line; or Ctrl+Enter, as set in the settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Composer: canned responses; type to filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up, Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned responses pop-up: choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter, Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned responses pop-up: insert for editing (not sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned responses pop-up: close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SignInChecker</name>
    <message>
        <source>The relay at %1 did not answer within %2 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a relay address. Type it like https://relay.example.com or relay.example.com:8443.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your agent token (it starts with rdk_).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay refused the sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay&apos;s TLS certificate is not trusted: %1. If the relay uses a certificate of its own, add it to this computer&apos;s trusted certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay did not accept this token. Check that you copied all of it, and ask an administrator whether it was revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay speaks a different protocol version than this app (version %1). Update the app or the relay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay at %1 is shutting down. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered as a web server (HTTP %2), not as a Relaydesk relay. Check the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is listening at %1 port %2: the connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host %1 was not found. Check the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay closed the connection (code %1%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection before signing in%2. If it is served over HTTPS, type https:// in front of the address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SignInDialog</name>
    <message>
        <source>Sign in to Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the address of your team&apos;s relay and your agent token. An administrator creates tokens with “relaydesk-relay agent add”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relay.example.com or https://relay.example.com:8443</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rdk_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relay address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep it for this session only (you sign in again next time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store it in a file only I can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not encrypted: anyone with access to your user account or its backups can read the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the relay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing the token in the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed in%1, but no system keychain is available to keep your token safely (%2).

Where should Relaydesk keep it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed in%1, but the system keychain did not store your token: %2

Where should Relaydesk keep it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be stored in a file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::TrayIcon</name>
    <message>
        <source>Hide window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Relaydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Relaydesk — %n unread</source>
        <translation>
            <numerusform>Relaydesk — %n unread</numerusform>
            <numerusform>Relaydesk — %n unread</numerusform>
        </translation>
    </message>
    <message>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Messenger inbox for support agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay address (with --token-file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the agent token in this file, for this run only (demo, automation).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
