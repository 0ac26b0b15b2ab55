<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DisplayTime</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n Min.</numerusform>
            <numerusform>%n Min.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AgentActions</name>
    <message>
        <source>Could not mark the conversation read</source>
        <translation>Die Unterhaltung konnte nicht als gelesen markiert werden</translation>
    </message>
    <message>
        <source>Could not mark the conversation unread</source>
        <translation>Die Unterhaltung konnte nicht als ungelesen markiert werden</translation>
    </message>
    <message>
        <source>Could not assign the conversation</source>
        <translation>Die Unterhaltung konnte nicht zugewiesen werden</translation>
    </message>
    <message>
        <source>Could not unassign the conversation</source>
        <translation>Die Zuweisung der Unterhaltung konnte nicht aufgehoben werden</translation>
    </message>
    <message>
        <source>Could not change the conversation&apos;s status</source>
        <translation>Der Status der Unterhaltung konnte nicht geändert werden</translation>
    </message>
    <message>
        <source>Could not send the reply again</source>
        <translation>Die Antwort konnte nicht erneut gesendet werden</translation>
    </message>
    <message>
        <source>%1: not connected to the relay.</source>
        <translation>%1: keine Verbindung zum Relay.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AppController</name>
    <message>
        <source>Relaydesk</source>
        <translation>Relaydesk</translation>
    </message>
    <message>
        <source>The local cache cannot be opened: %1</source>
        <translation>Der lokale Zwischenspeicher kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The relay refused this agent&apos;s token (%1). Sign in again.</source>
        <translation>Das Relay hat den Token dieses Agenten abgelehnt (%1). Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The file was not sent: %1</source>
        <translation>Die Datei wurde nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation>%1 wird gesendet …</translation>
    </message>
    <message>
        <source>The attachment could not be opened: %1</source>
        <translation>Der Anhang konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Send a file</source>
        <translation>Datei senden</translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <translation>%1 hat Sie erwähnt</translation>
    </message>
    <message>
        <source>A colleague</source>
        <translation>Ein Kollege</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentDownloader</name>
    <message>
        <source>This attachment cannot be downloaded.</source>
        <translation>Dieser Anhang kann nicht heruntergeladen werden.</translation>
    </message>
    <message>
        <source>Could not create the folder for %1.</source>
        <translation>Der Ordner für %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentKind</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Sticker</source>
        <translation>Sticker</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::AttachmentOpener</name>
    <message>
        <source>Open a file that can run programs?</source>
        <translation>Eine Datei öffnen, die Programme ausführen kann?</translation>
    </message>
    <message>
        <source>This file can run programs on your computer:

%1</source>
        <translation>Diese Datei kann Programme auf Ihrem Computer ausführen:

%1</translation>
    </message>
    <message>
        <source>It came from a customer, and Relaydesk does not open such files. If you expected it and trust it, find it in its folder.</source>
        <translation>Sie stammt von einem Kunden, und Relaydesk öffnet solche Dateien nicht. Wenn Sie sie erwartet haben und ihr vertrauen, finden Sie sie in ihrem Ordner.</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>No program could open %1.</source>
        <translation>Kein Programm konnte %1 öffnen.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponsePopup</name>
    <message>
        <source>Canned responses</source>
        <translation>Textbausteine</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponseSync</name>
    <message>
        <source>The shortcode must have 1 to %1 characters.</source>
        <translation>Das Kürzel muss 1 bis %1 Zeichen haben.</translation>
    </message>
    <message>
        <source>The shortcode may hold only letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>Das Kürzel darf nur Buchstaben, Ziffern, &apos;-&apos; und &apos;_&apos; enthalten.</translation>
    </message>
    <message>
        <source>The title must have 1 to %1 characters.</source>
        <translation>Der Titel muss 1 bis %1 Zeichen haben.</translation>
    </message>
    <message>
        <source>The text is empty.</source>
        <translation>Der Text ist leer.</translation>
    </message>
    <message>
        <source>The text has %1 characters; a reply may have %2.</source>
        <translation>Der Text hat %1 Zeichen; eine Antwort darf %2 haben.</translation>
    </message>
    <message>
        <source>{{%1}} is not a placeholder. Known are: %2.</source>
        <translation>{{%1}} ist kein Platzhalter. Bekannt sind: %2.</translation>
    </message>
    <message>
        <source>The shortcode /%1 is already used by “%2”.</source>
        <translation>Das Kürzel /%1 wird schon von „%2“ verwendet.</translation>
    </message>
    <message>
        <source>The previous change is being saved; try again in a moment.</source>
        <translation>Die vorige Änderung wird noch gespeichert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>This canned response is being deleted.</source>
        <translation>Dieser Textbaustein wird gerade gelöscht.</translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation>Fehler im lokalen Zwischenspeicher: %1</translation>
    </message>
    <message>
        <source>This canned response is no longer queued.</source>
        <translation>Dieser Textbaustein wartet nicht mehr auf das Senden.</translation>
    </message>
    <message>
        <source>Your change to /%1 was not kept: %2</source>
        <translation>Ihre Änderung an /%1 wurde nicht übernommen: %2</translation>
    </message>
    <message>
        <source>A canned response was not deleted: %1</source>
        <translation>Ein Textbaustein wurde nicht gelöscht: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::CannedResponsesDialog</name>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation>Textbausteine</translation>
    </message>
    <message>
        <source>thanks</source>
        <translation>danke</translation>
    </message>
    <message>
        <source>Placeholders, filled when inserted: %1</source>
        <translation>Platzhalter, beim Einfügen ausgefüllt: %1</translation>
    </message>
    <message>
        <source>&amp;Shortcode:</source>
        <translation>&amp;Kürzel:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>A new canned response for the whole team.</source>
        <translation>Ein neuer Textbaustein für das ganze Team.</translation>
    </message>
    <message>
        <source>Changed here, waiting to be sent to the relay.</source>
        <translation>Hier geändert, wartet darauf, an das Relay gesendet zu werden.</translation>
    </message>
    <message>
        <source>Last changed by %1, %2.</source>
        <translation>Zuletzt geändert von %1, %2.</translation>
    </message>
    <message>
        <source>a former agent</source>
        <translation>einem früheren Agenten</translation>
    </message>
    <message>
        <source>Delete canned response</source>
        <translation>Textbaustein löschen</translation>
    </message>
    <message>
        <source>Delete /%1 for the whole team?</source>
        <translation>/%1 für das ganze Team löschen?</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ChatPanel</name>
    <message>
        <source>Mark unread</source>
        <translation>Als ungelesen markieren</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Ihnen</translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>%1 · Messenger</source>
        <translation>%1 · Messenger</translation>
    </message>
    <message>
        <source>Assignee: %1</source>
        <translation>Zugewiesen an: %1</translation>
    </message>
    <message>
        <source>Conversation status</source>
        <translation>Status der Unterhaltung</translation>
    </message>
    <message>
        <source>Assign to me</source>
        <translation>Mir zuweisen</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>Zuweisung aufheben</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>Zuweisen an</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::Composer</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Write a reply…</source>
        <translation>Antwort schreiben …</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Datei anhängen</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>Senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Send (Enter; Shift+Enter for a new line)</source>
        <translation>Senden (Eingabe; Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
    <message numerus="yes">
        <source>Messenger reply window: %n hour(s) left</source>
        <translation>
            <numerusform>Messenger-Antwortfenster: noch %n Stunde</numerusform>
            <numerusform>Messenger-Antwortfenster: noch %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Over 24 hours since the customer wrote: replies go with the human agent tag (%n hour(s) left)</source>
        <translation>
            <numerusform>Über 24 Stunden seit der letzten Kundennachricht: Antworten werden mit dem Tag „Human Agent“ gesendet (noch %n Stunde)</numerusform>
            <numerusform>Über 24 Stunden seit der letzten Kundennachricht: Antworten werden mit dem Tag „Human Agent“ gesendet (noch %n Stunden)</numerusform>
        </translation>
    </message>
    <message>
        <source>Reply window closed: Messenger accepts no reply until the customer writes again</source>
        <translation>Antwortfenster geschlossen: Messenger nimmt keine Antwort an, bis der Kunde wieder schreibt</translation>
    </message>
    <message>
        <source>%1 characters left</source>
        <translation>Noch %1 Zeichen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Write a private note for the team: never sent to the customer (Ctrl+Shift+N)</source>
        <translation>Eine private Notiz für das Team schreiben: wird nie an den Kunden gesendet (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Write a private note for the team (@name mentions a colleague)…</source>
        <translation>Private Notiz für das Team schreiben (@Name erwähnt einen Kollegen) …</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Notiz hinzufügen</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConnectionStatusLabel</name>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Connected as %1</source>
        <translation>Verbunden als %1</translation>
    </message>
    <message>
        <source>Catching up…</source>
        <translation>Wird aktualisiert …</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt …</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt …</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Offline: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConversationDelegate</name>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Assigned to you</source>
        <translation>Ihnen zugewiesen</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>Zugewiesen an %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ConversationListPanel</name>
    <message>
        <source>Search names and messages (Ctrl+K)</source>
        <translation>Namen und Nachrichten durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>All pages</source>
        <translation>Alle Seiten</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::DesktopNotifier</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::FileSecretStore</name>
    <message>
        <source>No token is stored for this account.</source>
        <translation>Für dieses Konto ist kein Token gespeichert.</translation>
    </message>
    <message>
        <source>The token file %1 can be read by other users, so it is not used. Sign in again.</source>
        <translation>Die Token-Datei %1 ist für andere Benutzer lesbar und wird deshalb nicht verwendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Cannot read the token file: %1</source>
        <translation>Die Token-Datei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot create the token file: %1</source>
        <translation>Die Token-Datei kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Cannot make the token file private: %1</source>
        <translation>Die Token-Datei kann nicht vor anderen Benutzern geschützt werden: %1</translation>
    </message>
    <message>
        <source>Cannot write the token file: %1</source>
        <translation>Die Token-Datei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot remove the token file: %1</source>
        <translation>Die Token-Datei kann nicht entfernt werden: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::FileUploader</name>
    <message>
        <source>You are offline. Files cannot be queued; send “%1” again once connected.</source>
        <translation>Sie sind offline. Dateien können nicht zum späteren Senden vorgemerkt werden; senden Sie „%1“ erneut, sobald eine Verbindung besteht.</translation>
    </message>
    <message>
        <source>Not signed in to a relay.</source>
        <translation>Nicht bei einem Relay angemeldet.</translation>
    </message>
    <message>
        <source>“%1” is not a file.</source>
        <translation>„%1“ ist keine Datei.</translation>
    </message>
    <message>
        <source>“%1” is empty.</source>
        <translation>„%1“ ist leer.</translation>
    </message>
    <message>
        <source>“%1” is larger than %2 MiB, the most Messenger accepts.</source>
        <translation>„%1“ ist größer als %2 MiB, das Maximum, das Messenger annimmt.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The relay&apos;s answer to the upload had no upload id.</source>
        <translation>Die Antwort des Relays auf das Hochladen enthielt keine Upload-ID.</translation>
    </message>
    <message>
        <source>The relay refused the agent token (%1). Sign in again.</source>
        <translation>Das Relay hat den Agenten-Token abgelehnt (%1). Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The relay refused “%1” as too large (%2).</source>
        <translation>Das Relay hat „%1“ als zu groß abgelehnt (%2).</translation>
    </message>
    <message>
        <source>The relay refused “%1”: %2</source>
        <translation>Das Relay hat „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>Uploading “%1” failed: %2</source>
        <translation>Das Hochladen von „%1“ ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>“%1” was uploaded, but the connection kept dropping before the relay confirmed it.</source>
        <translation>„%1“ wurde hochgeladen, aber die Verbindung brach immer wieder ab, bevor das Relay es bestätigte.</translation>
    </message>
    <message>
        <source>The relay refused to send “%1”: %2</source>
        <translation>Das Relay hat das Senden von „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ImageCache</name>
    <message>
        <source>The image is larger than %1 MiB.</source>
        <translation>Das Bild ist größer als %1 MiB.</translation>
    </message>
    <message>
        <source>Not an image that can be shown (%1).</source>
        <translation>Kein Bild, das angezeigt werden kann (%1).</translation>
    </message>
    <message>
        <source>This image cannot be downloaded.</source>
        <translation>Dieses Bild kann nicht heruntergeladen werden.</translation>
    </message>
    <message>
        <source>The server sent an empty image.</source>
        <translation>Der Server hat ein leeres Bild gesendet.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::InboxSession</name>
    <message>
        <source>The reply was not sent: %1</source>
        <translation>Die Antwort wurde nicht gesendet: %1</translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation>Fehler im lokalen Zwischenspeicher: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::KeychainSecretStore</name>
    <message>
        <source>No token is stored in the system keychain for this account.</source>
        <translation>Im Schlüsselbund des Systems ist für dieses Konto kein Token gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1).</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar (%1).</translation>
    </message>
    <message>
        <source>The system keychain refused: %1</source>
        <translation>Der Schlüsselbund des Systems hat abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MainWindow</name>
    <message>
        <source>Relaydesk</source>
        <translation>Relaydesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <source>Assign to &amp;me</source>
        <translation>&amp;Mir zuweisen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>Zuweisung &amp;aufheben</translation>
    </message>
    <message>
        <source>Set &amp;open</source>
        <translation>Auf &amp;offen setzen</translation>
    </message>
    <message>
        <source>Set &amp;pending</source>
        <translation>Auf &amp;wartend setzen</translation>
    </message>
    <message>
        <source>Set &amp;resolved</source>
        <translation>Auf &amp;gelöst setzen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Mark u&amp;nread</source>
        <translation>Als &amp;ungelesen markieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>Benachrichtigungen &amp;stummschalten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>&amp;Previous conversation</source>
        <translation>&amp;Vorherige Unterhaltung</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>&amp;Next conversation</source>
        <translation>&amp;Nächste Unterhaltung</translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <source>&amp;Back to the list</source>
        <translation>&amp;Zurück zur Liste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Relaydesk</source>
        <translation>&amp;Über Relaydesk</translation>
    </message>
    <message>
        <source>About Relaydesk</source>
        <translation>Über Relaydesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Relaydesk %1&lt;/h3&gt;&lt;p&gt;A native inbox for a Facebook Page&apos;s Messenger conversations.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Relaydesk %1&lt;/h3&gt;&lt;p&gt;Ein nativer Posteingang für die Messenger-Unterhaltungen einer Facebook-Seite.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Select a conversation to read and reply.

Ctrl+K searches, Alt+Up and Alt+Down move through the list.
Ctrl+/ lists every shortcut.</source>
        <translation>Wählen Sie eine Unterhaltung aus, um sie zu lesen und zu beantworten.

Strg+K sucht, Alt+Pfeil hoch und Alt+Pfeil runter bewegen durch die Liste.
Strg+/ zeigt alle Tastenkürzel.</translation>
    </message>
    <message>
        <source>&amp;Canned responses…</source>
        <translation>&amp;Textbausteine …</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation>Ctrl+/</translation>
    </message>
    <message>
        <source>Write a private &amp;note</source>
        <translation>Private &amp;Notiz schreiben</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MemorySecretStore</name>
    <message>
        <source>No token is stored for this account.</source>
        <translation>Für dieses Konto ist kein Token gespeichert.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MessageDelegate</name>
    <message>
        <source>Open link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>Uploading to Messenger…</source>
        <translation>Wird zu Messenger hochgeladen …</translation>
    </message>
    <message>
        <source>Click to open or save</source>
        <translation>Zum Öffnen oder Speichern klicken</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <source>Sent from another tool</source>
        <translation>Aus einem anderen Programm gesendet</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>bearbeitet</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Nicht gesendet.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>%1 not loaded</source>
        <translation>%1 nicht geladen</translation>
    </message>
    <message>
        <source>Tap to retry</source>
        <translation>Zum erneuten Laden tippen</translation>
    </message>
    <message>
        <source>Private note</source>
        <translation>Private Notiz</translation>
    </message>
    <message>
        <source>Private note by %1</source>
        <translation>Private Notiz von %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::MessageListModel</name>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NetworkError</name>
    <message>
        <source>The server answered %1.</source>
        <translation>Der Server antwortete mit %1.</translation>
    </message>
    <message>
        <source>The server answered %1 (%2).</source>
        <translation>Der Server antwortete mit %1 (%2).</translation>
    </message>
    <message>
        <source>The server refused the connection.</source>
        <translation>Der Server hat die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>Der Server hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>The server&apos;s name could not be resolved.</source>
        <translation>Der Name des Servers konnte nicht aufgelöst werden.</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The secure connection failed (TLS).</source>
        <translation>Die sichere Verbindung ist fehlgeschlagen (TLS).</translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation>Das Netzwerk ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The server redirected too often or insecurely.</source>
        <translation>Der Server hat zu oft oder unsicher weitergeleitet.</translation>
    </message>
    <message>
        <source>Network error %1.</source>
        <translation>Netzwerkfehler %1.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NoteSync</name>
    <message>
        <source>The note is empty.</source>
        <translation>Die Notiz ist leer.</translation>
    </message>
    <message>
        <source>The note has %1 characters; at most %2.</source>
        <translation>Die Notiz hat %1 Zeichen; höchstens %2.</translation>
    </message>
    <message>
        <source>The local cache failed: %1</source>
        <translation>Fehler im lokalen Zwischenspeicher: %1</translation>
    </message>
    <message>
        <source>The note was not saved: %1</source>
        <translation>Die Notiz wurde nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::NotificationPolicy</name>
    <message>
        <source>New message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n neue Nachricht</numerusform>
            <numerusform>%n neue Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From %1 and %n others</source>
        <translation>
            <numerusform>Von %1 und %n weiteren Person</numerusform>
            <numerusform>Von %1 und %n weiteren Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n new conversations</source>
        <translation>
            <numerusform>%n neue Unterhaltung</numerusform>
            <numerusform>%n neue Unterhaltungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::PresenceTracker</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt …</translation>
    </message>
    <message>
        <source>%1 are typing…</source>
        <translation>%1 schreiben …</translation>
    </message>
    <message>
        <source>%1 is viewing</source>
        <translation>%1 sieht zu</translation>
    </message>
    <message>
        <source>%1 are viewing</source>
        <translation>%1 sehen zu</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::RelayConnection</name>
    <message>
        <source>The relay did not answer in time.</source>
        <translation>Das Relay hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>Die Verbindung wurde geschlossen.</translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation>TLS-Fehler: %1</translation>
    </message>
    <message>
        <source>The connection to the relay was lost.</source>
        <translation>Die Verbindung zum Relay wurde unterbrochen.</translation>
    </message>
    <message>
        <source>The relay refused the token.</source>
        <translation>Das Relay hat den Token abgelehnt.</translation>
    </message>
    <message>
        <source>The relay speaks another protocol version: %1</source>
        <translation>Das Relay verwendet eine andere Protokollversion: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SettingsDialog</name>
    <message>
        <source>Relaydesk Settings</source>
        <translation>Relaydesk-Einstellungen</translation>
    </message>
    <message>
        <source>Show a &amp;notification for new customer messages</source>
        <translation>Bei neuen Kundennachrichten eine &amp;Benachrichtigung anzeigen</translation>
    </message>
    <message>
        <source>&amp;Do not disturb (no notifications or sounds until turned off)</source>
        <translation>&amp;Nicht stören (keine Benachrichtigungen oder Töne, bis es ausgeschaltet wird)</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Closing the window keeps Relaydesk running in the system tray</source>
        <translation>Beim &amp;Schließen des Fensters läuft Relaydesk im Systembereich der Kontrollleiste weiter</translation>
    </message>
    <message>
        <source>Start &amp;minimised</source>
        <translation>&amp;Minimiert starten</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Enter (Shift+Enter for a new line)</source>
        <translation>Eingabe (Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
        <source>Ctrl+Enter (Enter for a new line)</source>
        <translation>Strg+Eingabe (Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Send replies with:</source>
        <translation>&amp;Antworten senden mit:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::ShortcutHelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Composer: send (Shift+Enter: new line; or Ctrl+Enter, as set in the settings)</source>
        <translation>Antwortfeld: senden (Umschalt+Eingabe: neue Zeile; oder Strg+Eingabe, je nach Einstellung)</translation>
    </message>
    <message>
        <source>/</source>
        <translation>/</translation>
    </message>
    <message>
        <source>Composer: canned responses; type to filter</source>
        <translation>Antwortfeld: Textbausteine; weiter tippen filtert</translation>
    </message>
    <message>
        <source>Up, Down</source>
        <translation>Pfeil hoch, Pfeil runter</translation>
    </message>
    <message>
        <source>Canned responses pop-up: choose</source>
        <translation>Textbaustein-Liste: auswählen</translation>
    </message>
    <message>
        <source>Enter, Tab</source>
        <translation>Eingabe, Tab</translation>
    </message>
    <message>
        <source>Canned responses pop-up: insert for editing (not sent)</source>
        <translation>Textbaustein-Liste: zum Bearbeiten einfügen (nicht gesendet)</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Canned responses pop-up: close</source>
        <translation>Textbaustein-Liste: schließen</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SignInChecker</name>
    <message>
        <source>The relay at %1 did not answer within %2 seconds.</source>
        <translation>Das Relay unter %1 hat nicht innerhalb von %2 Sekunden geantwortet.</translation>
    </message>
    <message>
        <source>“%1” is not a relay address. Type it like https://relay.example.com or relay.example.com:8443.</source>
        <translation>„%1“ ist keine Relay-Adresse. Geben Sie sie in der Form https://relay.example.com oder relay.example.com:8443 ein.</translation>
    </message>
    <message>
        <source>Enter your agent token (it starts with rdk_).</source>
        <translation>Geben Sie Ihren Agenten-Token ein (er beginnt mit rdk_).</translation>
    </message>
    <message>
        <source>The relay refused the sign-in: %1</source>
        <translation>Das Relay hat die Anmeldung abgelehnt: %1</translation>
    </message>
    <message>
        <source>The relay&apos;s TLS certificate is not trusted: %1. If the relay uses a certificate of its own, add it to this computer&apos;s trusted certificates.</source>
        <translation>Dem TLS-Zertifikat des Relays wird nicht vertraut: %1. Wenn das Relay ein eigenes Zertifikat verwendet, fügen Sie es den vertrauenswürdigen Zertifikaten dieses Rechners hinzu.</translation>
    </message>
    <message>
        <source>The relay did not accept this token. Check that you copied all of it, and ask an administrator whether it was revoked.</source>
        <translation>Das Relay hat diesen Token nicht angenommen. Prüfen Sie, ob Sie ihn vollständig kopiert haben, und fragen Sie einen Administrator, ob er widerrufen wurde.</translation>
    </message>
    <message>
        <source>The relay speaks a different protocol version than this app (version %1). Update the app or the relay.</source>
        <translation>Das Relay verwendet eine andere Protokollversion als diese Anwendung (Version %1). Aktualisieren Sie die Anwendung oder das Relay.</translation>
    </message>
    <message>
        <source>The relay at %1 is shutting down. Try again in a moment.</source>
        <translation>Das Relay unter %1 wird gerade beendet. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>%1 answered as a web server (HTTP %2), not as a Relaydesk relay. Check the address.</source>
        <translation>%1 hat als Webserver geantwortet (HTTP %2), nicht als Relaydesk-Relay. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>Nothing is listening at %1 port %2: the connection was refused.</source>
        <translation>Unter %1 auf Port %2 lauscht nichts: Die Verbindung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The host %1 was not found. Check the address.</source>
        <translation>Der Rechner %1 wurde nicht gefunden. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The relay closed the connection (code %1%2).</source>
        <translation>Das Relay hat die Verbindung geschlossen (Code %1%2).</translation>
    </message>
    <message>
        <source>%1 closed the connection before signing in%2. If it is served over HTTPS, type https:// in front of the address.</source>
        <translation>%1 hat die Verbindung vor der Anmeldung geschlossen%2. Wenn es über HTTPS erreichbar ist, geben Sie https:// vor der Adresse ein.</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::SignInDialog</name>
    <message>
        <source>Sign in to Relaydesk</source>
        <translation>Bei Relaydesk anmelden</translation>
    </message>
    <message>
        <source>Enter the address of your team&apos;s relay and your agent token. An administrator creates tokens with “relaydesk-relay agent add”.</source>
        <translation>Geben Sie die Adresse des Relays Ihres Teams und Ihren Agenten-Token ein. Ein Administrator erstellt Tokens mit „relaydesk-relay agent add“.</translation>
    </message>
    <message>
        <source>relay.example.com or https://relay.example.com:8443</source>
        <translation>relay.example.com oder https://relay.example.com:8443</translation>
    </message>
    <message>
        <source>rdk_…</source>
        <translation>rdk_…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>&amp;Relay address:</source>
        <translation>&amp;Relay-Adresse:</translation>
    </message>
    <message>
        <source>Agent &amp;token:</source>
        <translation>Agenten-&amp;Token:</translation>
    </message>
    <message>
        <source>Keep it for this session only (you sign in again next time)</source>
        <translation>Nur für diese Sitzung behalten (beim nächsten Mal melden Sie sich erneut an)</translation>
    </message>
    <message>
        <source>Store it in a file only I can read</source>
        <translation>In einer Datei speichern, die nur ich lesen kann</translation>
    </message>
    <message>
        <source>The file is not encrypted: anyone with access to your user account or its backups can read the token.</source>
        <translation>Die Datei ist nicht verschlüsselt: Wer Zugriff auf Ihr Benutzerkonto oder dessen Sicherungen hat, kann den Token lesen.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortfahren</translation>
    </message>
    <message>
        <source>Connecting to the relay…</source>
        <translation>Verbindung zum Relay wird hergestellt …</translation>
    </message>
    <message>
        <source>Storing the token in the system keychain…</source>
        <translation>Token wird im Schlüsselbund des Systems gespeichert …</translation>
    </message>
    <message>
        <source> as %1</source>
        <translation> als %1</translation>
    </message>
    <message>
        <source>You are signed in%1, but no system keychain is available to keep your token safely (%2).

Where should Relaydesk keep it?</source>
        <translation>Sie sind%1 angemeldet, aber es ist kein Schlüsselbund des Systems verfügbar, um Ihren Token sicher aufzubewahren (%2).

Wo soll Relaydesk ihn aufbewahren?</translation>
    </message>
    <message>
        <source>You are signed in%1, but the system keychain did not store your token: %2

Where should Relaydesk keep it?</source>
        <translation>Sie sind%1 angemeldet, aber der Schlüsselbund des Systems hat Ihren Token nicht gespeichert: %2

Wo soll Relaydesk ihn aufbewahren?</translation>
    </message>
    <message>
        <source>The token could not be stored in a file: %1</source>
        <translation>Der Token konnte nicht in einer Datei gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>Relaydesk::App::TrayIcon</name>
    <message>
        <source>Hide window</source>
        <translation>Fenster ausblenden</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>Quit Relaydesk</source>
        <translation>Relaydesk beenden</translation>
    </message>
    <message numerus="yes">
        <source>Relaydesk — %n unread</source>
        <translation>
            <numerusform>Relaydesk — %n ungelesen</numerusform>
            <numerusform>Relaydesk — %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Fenster anzeigen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Messenger inbox for support agents</source>
        <translation>Messenger-Posteingang für Support-Agenten</translation>
    </message>
    <message>
        <source>Relay address (with --token-file).</source>
        <translation>Adresse des Relays (mit --token-file).</translation>
    </message>
    <message>
        <source>Sign in with the agent token in this file, for this run only (demo, automation).</source>
        <translation>Mit dem Agenten-Token aus dieser Datei anmelden, nur für diesen Start (Demo, Automatisierung).</translation>
    </message>
</context>
</TS>
