// The official chat library, pointed at the emulator through its endpoint setting, unchanged otherwise.
const q = new URLSearchParams(location.search);
const started = performance.now();
window.startedAt = started;
window.received = 0;
connect.ChatSession.setGlobalConfig({ region: 'us-east-1', endpoint: q.get('endpoint'), loggerConfig: { level: connect.ChatSession.LogLevel.ERROR } });
const session = connect.ChatSession.create({
  chatDetails: { contactId: q.get('contact'), participantId: q.get('participant'), participantToken: q.get('token') },
  options: { region: 'us-east-1' },
  type: 'CUSTOMER',
  disableCSM: true,
});
session.onMessage((event) => {
  if (event.data && event.data.Type === 'MESSAGE') window.received++;
});
session
  .connect()
  .then(() => (window.connectedMs = performance.now() - started))
  .catch((e) => (window.connectError = String(e && (e.message || e.type || JSON.stringify(e)))));
