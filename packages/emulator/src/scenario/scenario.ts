import { SERVICE_EVENTS, type ServiceEventName } from '../service/service-events.js';

/**
 * One step of a scenario, run in order with the others of its list:
 * - `{ "wait": ms }` pauses;
 * - `{ "typing": true }` sends the agent's typing event;
 * - `{ "say": text, "contentType"?: "text/plain" | "text/markdown" | … }` sends a message as the agent;
 * - `{ "stream": text, "chunks"?: n, "intervalMs"?: ms }` streams a SYSTEM bot reply (protocol.md §3.4);
 * - `{ "receipt": "delivered" | "read" }` the agent's receipt for the customer message that triggered the list;
 * - `{ "transfer": "succeeded" | "failed", "to"?: name }` a transfer; on success the agent leaves and `to` joins;
 * - `{ "event": name }` one of the service events (`SERVICE_EVENTS`), e.g. `participant.invited`;
 * - `{ "leave": true }` the agent leaves; `{ "end": true }` ends the chat.
 */
export type ScenarioStep =
  | { readonly wait: number }
  | { readonly typing: true }
  | { readonly say: string; readonly contentType?: string }
  | { readonly stream: string; readonly chunks?: number; readonly intervalMs?: number }
  | { readonly receipt: 'delivered' | 'read' }
  | { readonly transfer: 'succeeded' | 'failed'; readonly to?: string }
  | { readonly event: ServiceEventName }
  | { readonly leave: true }
  | { readonly end: true };

/** A reply: when a customer message matches (any keyword, case-insensitive, or the pattern), its steps run. */
export interface ScenarioReply {
  readonly keywords?: readonly string[];
  /** A regular expression source, matched case-insensitively. */
  readonly pattern?: string;
  readonly steps: readonly ScenarioStep[];
}

/**
 * A scenario scripts the other side of every contact the emulator starts: a greeting when the customer first
 * subscribes, replies to keywords, a fallback, customer idle timers, and an end after a time. JSON; see the README.
 */
export interface Scenario {
  readonly name?: string;
  readonly description?: string;
  /** The agent's display name (default `Agent`). */
  readonly agent?: { readonly DisplayName?: string };
  /** Run when the customer first subscribes to the chat. */
  readonly onJoin?: readonly ScenarioStep[];
  /** Tried in order against each customer message; the first that matches runs. */
  readonly replies?: readonly ScenarioReply[];
  /** Run when a customer message matches no reply. */
  readonly fallback?: readonly ScenarioStep[];
  /** Customer idle timers for every contact (as the `idleTimers` option). */
  readonly idleTimers?: { readonly idleAfterMs: number; readonly autoDisconnectAfterMs?: number };
  /** End every chat this long after it starts. */
  readonly endAfterMs?: number;
  /** The disconnect flow after the customer's DisconnectParticipant (as the `disconnectFlow` option). */
  readonly disconnectFlow?: { readonly messages: readonly string[]; readonly intervalMs?: number; readonly endAfterMs?: number };
}

const STEP_KEYS = ['wait', 'typing', 'say', 'stream', 'receipt', 'transfer', 'event', 'leave', 'end'] as const;
const SCENARIO_KEYS = ['name', 'description', 'agent', 'onJoin', 'replies', 'fallback', 'idleTimers', 'endAfterMs', 'disconnectFlow', '$schema'];

class ScenarioError extends RangeError {
  constructor(path: string, message: string) {
    super(`scenario${path}: ${message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDuration = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function checkStep(step: unknown, path: string): ScenarioStep {
  if (!isObject(step)) throw new ScenarioError(path, 'a step must be an object');
  const kinds = STEP_KEYS.filter((k) => k in step);
  if (kinds.length !== 1) throw new ScenarioError(path, `a step has exactly one of ${STEP_KEYS.join(', ')}`);
  const kind = kinds[0] as (typeof STEP_KEYS)[number];
  const value = step[kind];
  const text = (v: unknown, name: string) => {
    if (typeof v !== 'string' || v === '') throw new ScenarioError(path, `${name} must be a non-empty string`);
  };
  switch (kind) {
    case 'wait':
      if (!isDuration(value)) throw new ScenarioError(path, 'wait must be a non-negative number of milliseconds');
      break;
    case 'typing':
    case 'leave':
    case 'end':
      if (value !== true) throw new ScenarioError(path, `${kind} must be true`);
      break;
    case 'say':
      text(value, 'say');
      if (step['contentType'] !== undefined) text(step['contentType'], 'contentType');
      break;
    case 'stream':
      text(value, 'stream');
      if (step['chunks'] !== undefined && !(Number.isInteger(step['chunks']) && (step['chunks'] as number) >= 1)) {
        throw new ScenarioError(path, 'chunks must be a whole number of at least 1');
      }
      if (step['intervalMs'] !== undefined && !isDuration(step['intervalMs'])) throw new ScenarioError(path, 'intervalMs must be a non-negative number');
      break;
    case 'receipt':
      if (value !== 'delivered' && value !== 'read') throw new ScenarioError(path, 'receipt must be "delivered" or "read"');
      break;
    case 'transfer':
      if (value !== 'succeeded' && value !== 'failed') throw new ScenarioError(path, 'transfer must be "succeeded" or "failed"');
      if (step['to'] !== undefined) text(step['to'], 'to');
      break;
    case 'event':
      if (!(SERVICE_EVENTS as readonly unknown[]).includes(value)) throw new ScenarioError(path, `event must be one of ${SERVICE_EVENTS.join(', ')}`);
      break;
  }
  return step as ScenarioStep;
}

function checkSteps(steps: unknown, path: string): readonly ScenarioStep[] {
  if (!Array.isArray(steps)) throw new ScenarioError(path, 'must be an array of steps');
  return steps.map((s, i) => checkStep(s, `${path}[${i}]`));
}

/** Checks a parsed scenario, naming the first bad member (`RangeError`), and returns it typed. */
export function checkScenario(value: unknown): Scenario {
  if (!isObject(value)) throw new ScenarioError('', 'must be a JSON object');
  for (const key of Object.keys(value)) if (!SCENARIO_KEYS.includes(key)) throw new ScenarioError(`.${key}`, 'is not a scenario member');
  for (const key of ['name', 'description'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') throw new ScenarioError(`.${key}`, 'must be a string');
  }
  const agent = value['agent'];
  if (agent !== undefined && !(isObject(agent) && (agent['DisplayName'] === undefined || typeof agent['DisplayName'] === 'string'))) {
    throw new ScenarioError('.agent', 'must be { "DisplayName": string }');
  }
  if (value['onJoin'] !== undefined) checkSteps(value['onJoin'], '.onJoin');
  if (value['fallback'] !== undefined) checkSteps(value['fallback'], '.fallback');
  const replies = value['replies'];
  if (replies !== undefined) {
    if (!Array.isArray(replies)) throw new ScenarioError('.replies', 'must be an array');
    replies.forEach((reply: unknown, i) => {
      const path = `.replies[${i}]`;
      if (!isObject(reply)) throw new ScenarioError(path, 'must be an object');
      const keywords = reply['keywords'];
      if (keywords !== undefined && !(Array.isArray(keywords) && keywords.length > 0 && keywords.every((k) => typeof k === 'string' && k !== ''))) {
        throw new ScenarioError(`${path}.keywords`, 'must be a non-empty array of non-empty strings');
      }
      if (reply['pattern'] !== undefined) {
        try {
          new RegExp(reply['pattern'] as string, 'i');
        } catch {
          throw new ScenarioError(`${path}.pattern`, 'must be a regular expression');
        }
      }
      if (keywords === undefined && reply['pattern'] === undefined) throw new ScenarioError(path, 'needs keywords or a pattern');
      checkSteps(reply['steps'], `${path}.steps`);
    });
  }
  const idle = value['idleTimers'];
  if (idle !== undefined && !(isObject(idle) && isDuration(idle['idleAfterMs']) && (idle['autoDisconnectAfterMs'] === undefined || isDuration(idle['autoDisconnectAfterMs'])))) {
    throw new ScenarioError('.idleTimers', 'must be { "idleAfterMs": ms, "autoDisconnectAfterMs"?: ms }');
  }
  if (value['endAfterMs'] !== undefined && !isDuration(value['endAfterMs'])) throw new ScenarioError('.endAfterMs', 'must be a non-negative number');
  const flow = value['disconnectFlow'];
  if (
    flow !== undefined &&
    !(
      isObject(flow) &&
      Array.isArray(flow['messages']) &&
      flow['messages'].every((m) => typeof m === 'string' && m !== '') &&
      (flow['intervalMs'] === undefined || isDuration(flow['intervalMs'])) &&
      (flow['endAfterMs'] === undefined || isDuration(flow['endAfterMs']))
    )
  ) {
    throw new ScenarioError('.disconnectFlow', 'must be { "messages": [non-empty strings], "intervalMs"?: ms, "endAfterMs"?: ms }');
  }
  return value as Scenario;
}

/** Whether a customer message matches a reply. */
export function matchesReply(reply: ScenarioReply, text: string): boolean {
  const lower = text.toLowerCase();
  if (reply.keywords?.some((k) => lower.includes(k.toLowerCase()))) return true;
  return reply.pattern !== undefined && new RegExp(reply.pattern, 'i').test(text);
}
