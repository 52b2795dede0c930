// The floor: one create call, open, subscribe, and only the two JSON parses every client needs.
const q = new URLSearchParams(location.search);
const started = performance.now();
window.startedAt = started;
window.received = 0;
// When the grant was read, the socket opened and the subscription acknowledged, from `started` (as our page's).
window.phases = {};
fetch(`${q.get('endpoint')}/participant/connection`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-amz-bearer': q.get('token') },
  body: '{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}',
})
  .then((r) => r.json())
  .then(({ Websocket }) => {
    window.phases.granted = performance.now() - started;
    const ws = new WebSocket(Websocket.Url);
    ws.onopen = () => {
      window.phases.opened = performance.now() - started;
      ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}');
    };
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.topic === 'aws/subscribe') window.connectedMs = window.phases.subscribed = performance.now() - started;
      else if (frame.topic === 'aws/chat' && JSON.parse(frame.content).Type === 'MESSAGE') window.received++;
    };
  });
