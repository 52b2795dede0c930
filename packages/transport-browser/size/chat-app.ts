// The app the size budget measures: connect, show messages, send one. What a real chat page needs at the least.
import { connectParticipant } from '@connect-participant/transport-browser';

const list = document.querySelector('ul') as HTMLUListElement;
const status = document.querySelector('output') as HTMLOutputElement;
const session = connectParticipant({ participantToken: location.hash.slice(1), region: 'us-east-1' });
session.state$.subscribe((s) => (status.value = s.status));
session.messages$.subscribe((item) => {
  const li = document.createElement('li');
  li.textContent = `${item.DisplayName ?? item.ParticipantRole}: ${item.Content ?? ''}`;
  list.append(li);
});
document.querySelector('form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  void session.sendMessage({ ContentType: 'text/plain', Content: 'Hello' });
});
