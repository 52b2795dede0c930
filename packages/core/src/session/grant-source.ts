import type { Observable, SchedulerLike } from 'rxjs';
import { invoke, type InvokeContext } from '../client/invoke.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import { parseTimestamp } from '../codec/timestamp.js';
import { MalformedResponseError } from '../model/errors.js';
import type { CreateParticipantConnectionResponse } from '../model/operations.js';
import type { GrantOptions } from './options.js';
import { singleFlight } from './single-flight.js';

/** A CreateParticipantConnection answer, with every time on the local clock (corrected for skew). */
export interface Grant {
  readonly url: string;
  /** Local time by which the URL must be opened (connect window less the safety margin). */
  readonly openBy: number;
  /** Local time of the socket's ConnectionExpiry. */
  readonly connectionExpiry: number;
  readonly connectionToken: string;
  /** Local time of the ConnectionToken's Expiry. */
  readonly tokenExpiry: number;
  /** Service clock minus local clock, from the response's Date header (0 when absent). */
  readonly skewMs: number;
  /** As the service sent them, for `websocket$` and `credentials$`. */
  readonly Websocket: { readonly Url: string; readonly ConnectionExpiry: string };
  readonly ConnectionCredentials: { readonly ConnectionToken: string; readonly Expiry: string };
}

const malformed = (what: string) => new MalformedResponseError({ message: `CreateParticipantConnection: ${what}` });

/**
 * CreateParticipantConnection with both connection types, single flight: while one call is in flight, every
 * caller shares it. Times are moved to the local clock with the skew the response's Date header shows, so a
 * client whose clock is wrong by minutes still rotates and refreshes on time.
 */
export function createGrantSource(
  context: InvokeContext,
  participantToken: string,
  connectParticipant: boolean,
  grant: GrantOptions,
  scheduler: SchedulerLike,
): () => Observable<Grant> {
  const toGrant = ({ output, serverTime }: DecodedResponse<CreateParticipantConnectionResponse>): Grant => {
    const now = scheduler.now();
    const skewMs = serverTime === undefined ? 0 : serverTime - now;
    const ws = output.Websocket;
    const creds = output.ConnectionCredentials;
    if (!ws?.Url || !ws.ConnectionExpiry) throw malformed('the response has no Websocket grant');
    if (!creds?.ConnectionToken || !creds.Expiry) throw malformed('the response has no ConnectionCredentials');
    const connectionExpiry = parseTimestamp(ws.ConnectionExpiry);
    const tokenExpiry = parseTimestamp(creds.Expiry);
    if (!connectionExpiry.ok) throw malformed('Websocket.ConnectionExpiry is not a timestamp');
    if (!tokenExpiry.ok) throw malformed('ConnectionCredentials.Expiry is not a timestamp');
    return {
      url: ws.Url,
      openBy: now + grant.connectWindowMs - grant.safetyMarginMs,
      connectionExpiry: connectionExpiry.value - skewMs,
      connectionToken: creds.ConnectionToken,
      tokenExpiry: tokenExpiry.value - skewMs,
      skewMs,
      Websocket: { Url: ws.Url, ConnectionExpiry: ws.ConnectionExpiry },
      ConnectionCredentials: { ConnectionToken: creds.ConnectionToken, Expiry: creds.Expiry },
    };
  };
  return singleFlight(
    () =>
      invoke(context, 'CreateParticipantConnection', {
        ParticipantToken: participantToken,
        Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
        ...(connectParticipant ? { ConnectParticipant: true } : {}),
      }),
    toGrant,
  );
}
