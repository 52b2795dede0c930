// The baseline of the fan-out benchmark: the least a server can do for the same job. It accepts websockets,
// answers the subscribe, and on each POST /broadcast sends one pre-encoded aws/chat frame to every socket.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const sockets = new Set();
let n = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const item = { Id: `b-${n++}`, AbsoluteTime: new Date().toISOString(), Type: 'MESSAGE', ContentType: 'text/plain', Content: 'benchmark message', ParticipantRole: 'AGENT' };
    const frame = JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) });
    for (const ws of sockets) ws.send(frame);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', () => ws.send('{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}'));
    ws.on('close', () => sockets.delete(ws));
    sockets.add(ws);
  }),
);
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
