import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { ParticipantClient, type HttpCall, type HttpPort, type ParticipantClientOptions } from '@connect-participant/core';

/**
 * A scripted HttpPort for the client's tests, in virtual time: each request takes the next answer (an HTTP status
 * with the service's error type for it, a network failure, or no answer at all) and records when it was sent and
 * whether it was cancelled.
 */
export type Answer = number | 'network' | 'pending' | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string };

export interface SentRequest {
  readonly at: number;
  readonly call: HttpCall;
  cancelled: number;
}

/** The error type the service sends with each status, as the emulator does. */
const ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  402: 'ServiceQuotaExceededException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  409: 'ConflictException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
};

export function virtualClient(answers: Answer[], options: Partial<ParticipantClientOptions> & { random?: number } = {}) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.maxFrames = Number.POSITIVE_INFINITY; // backoff waits run to seconds; no frame limit outside run()
  const sent: SentRequest[] = [];
  const http: HttpPort = {
    send(call, callbacks) {
      const request: SentRequest = { at: scheduler.now(), call, cancelled: 0 };
      sent.push(request);
      const answer = answers.shift() ?? 200;
      if (answer === 'network') callbacks.error(new TypeError('fetch failed'));
      else if (answer !== 'pending') {
        const { status, headers = {}, body } = typeof answer === 'number' ? { status: answer } : answer;
        const type = ERROR_TYPES[status];
        callbacks.response({
          status,
          headers: { 'x-amzn-requestid': `req-${sent.length}`, ...(type && status >= 300 ? { 'x-amzn-errortype': type } : {}), ...headers },
          body: body ?? (status < 300 ? '{}' : '{"message":"scripted"}'),
        });
      }
      return () => {
        request.cancelled++;
      };
    },
  };
  const { random = 0.5, ...clientOptions } = options;
  let tokens = 0;
  const client = new ParticipantClient(
    { http, generateClientToken: () => `client-token-${++tokens}`, random: () => random },
    { endpoint: 'https://fake.invalid', scheduler, ...clientOptions },
  );
  return { client, scheduler, sent, times: () => sent.map((r) => r.at) };
}

/** How a promise settled, once the scheduler has run. */
export async function settle<T>(scheduler: TestScheduler, promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  scheduler.flush();
  return outcome;
}

export const TRANSCRIPT = { ConnectionToken: 'conn-token' } as const;
