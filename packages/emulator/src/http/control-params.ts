import { OPERATION_NAMES, type OperationName } from '@connect-participant/core';
import type { SocketSelector } from '../faults.js';
import { HttpError } from './responses.js';

/** A control API request body: a JSON object. */
export type Body = Record<string, unknown>;

/** One control route's handler: the emulator, the body and the path's captured parameters. */
export type Handler<E> = (emulator: E, body: Body, params: string[]) => unknown;
export type Route<E> = [method: string, pattern: RegExp, handler: Handler<E>];

export const bad = (message: string): HttpError => new HttpError(400, 'ValidationException', message);

export function str(body: Body, key: string, required = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw bad(`${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw bad(`${key} must be a non-empty string`);
  return value;
}

export function num(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${key} must be a number`);
  return value;
}

export function bool(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw bad(`${key} must be true or false`);
  return value;
}

/** An optional member that is an object or `false` (a feature's options, or off). */
export function objectOrFalse(body: Body, key: string): Body | false | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (value === false) return false;
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(`${key} must be an object or false`);
  return value as Body;
}

export function strings(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad(`${key} must be an array of strings`);
  return value as string[];
}

export function numbers(body: Body, key: string): number[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number')) throw bad(`${key} must be an array of numbers`);
  return value as number[];
}

export function operation(body: Body): OperationName | '*' {
  const op = str(body, 'operation') ?? '*';
  if (op !== '*' && !(OPERATION_NAMES as readonly string[]).includes(op)) throw bad(`operation must be one of ${OPERATION_NAMES.join(', ')} or *`);
  return op as OperationName | '*';
}

export function selector(body: Body): SocketSelector {
  const contactId = str(body, 'contactId');
  const participantId = str(body, 'participantId');
  return { ...(contactId ? { contactId } : {}), ...(participantId ? { participantId } : {}) };
}

/** Copies the members that are present, so that optional options stay absent rather than undefined. */
export function present<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
