// The floor: one create call, open, subscribe, and only the two JSON parses every client needs.
const q = new URLSearchParams(location.search);
const started = performance.now();
window.received = 0;
fetch(`${q.get('endpoint')}/participant/connection`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-amz-bearer': q.get('token') },
  body: '{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}',
})
  .then((r) => r.json())
  .then(({ Websocket }) => {
    const ws = new WebSocket(Websocket.Url);
    ws.onopen = () => ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}');
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.topic === 'aws/subscribe') window.connectedMs = performance.now() - started;
      else if (frame.topic === 'aws/chat' && JSON.parse(frame.content).Type === 'MESSAGE') window.received++;
    };
  });
