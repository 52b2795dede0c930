import type { WebRTCConnection } from '@connect-participant/core';
import { newSecret } from '../secrets.js';
import type { Participant } from './contact.js';

/**
 * A `WebRTCConnection` shaped like the model's (M3): the contact's meeting and the participant's attendee. The
 * URLs are well-formed but lead nowhere (`.invalid` hosts, RFC 2606): the emulator plays no media, it only lets a
 * client exercise the WEBRTC_CONNECTION path.
 */
export function webrtcConnection(participant: Participant): WebRTCConnection {
  const { MeetingId } = participant.contact;
  return {
    Attendee: { AttendeeId: participant.AttendeeId, JoinToken: newSecret() },
    Meeting: {
      MeetingId,
      MediaPlacement: {
        AudioHostUrl: `audio.emulator.invalid:3478`,
        AudioFallbackUrl: `wss://audio-fallback.emulator.invalid:443/calls/${MeetingId}`,
        SignalingUrl: `wss://signal.emulator.invalid/control/${MeetingId}`,
        EventIngestionUrl: 'https://ingest.emulator.invalid/v1/client-events',
      },
      MeetingFeatures: { Audio: { EchoReduction: 'AVAILABLE' } },
    },
  };
}
