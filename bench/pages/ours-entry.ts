// Our page for the head to head: connect, count items as they arrive through messages$.
import { connectParticipant } from '@connect-participant/transport-browser';

const q = new URLSearchParams(location.search);
const started = performance.now();
const w = window as unknown as { startedAt: number; received: number; connectedMs?: number; phases: Record<string, number> };
w.startedAt = started;
w.received = 0;
w.phases = {};
const session = connectParticipant({ participantToken: q.get('token') as string, endpoint: q.get('endpoint') as string });
session.connection$.subscribe((e) => (w.phases[e.type] ??= performance.now() - started));
session.state$.subscribe((s) => {
  if (s.status === 'connected' && w.connectedMs === undefined) w.connectedMs = performance.now() - started;
});
session.messages$.subscribe((item) => {
  if (item.Type === 'MESSAGE') w.received++;
});
