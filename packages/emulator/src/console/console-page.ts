/**
 * The console's page: markup only. Its style and script are served beside it (`/emulator/console/console.css`,
 * `/emulator/console/console.js`) so that a strict Content-Security-Policy (no inline code, no other origin) holds.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect Participant emulator console</title>
<link rel="stylesheet" href="/emulator/console/console.css">
<script type="module" src="/emulator/console/console.js"></script>
</head>
<body>
<header>
  <h1>Connect Participant emulator</h1>
  <p class="note" id="security-note">No authentication beyond the bind address: anyone who can reach this emulator can use this page.
  Bind it to 127.0.0.1 (the default), or set a control token.</p>
  <form id="token-form" hidden>
    <label>Control token <input id="token" type="password" autocomplete="off"></label>
    <button type="submit">Use</button>
  </form>
</header>
<main>
  <section id="contacts-pane" aria-label="Contacts">
    <div class="pane-head"><h2>Contacts</h2><button id="new-contact" type="button">New chat</button></div>
    <ul id="contacts"></ul>
  </section>
  <section id="chat-pane" aria-label="Chat">
    <div class="pane-head"><h2 id="chat-title">Pick a contact</h2><span id="chat-state"></span></div>
    <p id="participants" class="muted"></p>
    <ol id="transcript" aria-live="polite"></ol>
    <p id="typing" class="muted"></p>
    <form id="composer">
      <textarea id="message" rows="3" placeholder="Reply to the customer…" disabled></textarea>
      <div class="row">
        <select id="mode" aria-label="Send as">
          <option value="plain">Agent: plain text</option>
          <option value="markdown">Agent: markdown</option>
          <option value="bot">Bot: plain text</option>
          <option value="bot-markdown">Bot: markdown</option>
          <option value="stream">Bot: streamed</option>
        </select>
        <label class="chunks">chunks <input id="chunks" type="number" min="1" max="50" value="5"></label>
        <button id="send" type="submit" disabled>Send</button>
        <button id="typing-button" type="button" disabled>Typing</button>
        <button id="read-button" type="button" disabled>Read receipt</button>
        <button id="end-button" type="button" class="danger" disabled>End chat</button>
      </div>
    </form>
    <fieldset id="faults" disabled>
      <legend>Faults (this contact)</legend>
      <button type="button" data-fault="drop">Drop sockets</button>
      <button type="button" data-fault="withhold">Withhold 3 heartbeats</button>
      <button type="button" data-fault="throttle">Throttle next call</button>
      <label>shift clock (s) <input id="shift" type="number" value="0" step="1"></label>
      <button type="button" data-fault="shift">Shift clock</button>
      <button type="button" data-fault="clear">Clear faults</button>
    </fieldset>
    <p id="status" role="status" class="muted"></p>
  </section>
</main>
</body>
</html>
`;
