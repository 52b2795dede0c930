/**
 * A small structural decoder for JSON from the wire: it checks each known member's type, keeps unknown members as
 * they came, treats `null` as absent, and reports the first mismatch with its path (or, in a lenient struct or
 * array, leaves the odd member or element out and reports it as a warning). An object whose known members are all
 * present with the right types is passed on as it was parsed; any other is copied, and the copy never lets a
 * `__proto__` key reach a prototype.
 */

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly path: string; readonly expected: string };

/** Something a lenient decoder let pass: the path of what it left out, and what was expected there. */
export interface DecodeWarning {
  readonly path: string;
  readonly expected: string;
  /** What was left out: an element of a lenient array, or a member of a lenient struct. */
  readonly dropped: 'element' | 'member';
}

/** Decodes `value` found at `path`; lenient decoders report what they left out in `warnings`. */
export type Decoder<T> = (value: unknown, path: string, warnings?: DecodeWarning[]) => DecodeResult<T>;
export type Decoded<D> = D extends Decoder<infer T> ? T : never;

const mismatch = (path: string, expected: string): DecodeResult<never> => ({ ok: false, path, expected });

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string: Decoder<string> = (v, path) => (typeof v === 'string' ? { ok: true, value: v } : mismatch(path, 'a string'));

export const boolean: Decoder<boolean> = (v, path) =>
  typeof v === 'boolean' ? { ok: true, value: v } : mismatch(path, 'a boolean');

export const number: Decoder<number> = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v } : mismatch(path, 'a finite number');

export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (v, path, warnings) => {
    if (!Array.isArray(v)) return mismatch(path, 'an array');
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${path}[${i}]`, warnings);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  };
}

/**
 * An array whose elements are decoded one by one, where an element that does not decode is left out and reported
 * in `warnings` instead of failing the whole array: one odd item never fails a transcript page. The array itself
 * is passed on when every element was.
 */
export function lenientArray<T>(item: Decoder<T>): Decoder<T[]> {
  return (v, path, warnings) => {
    if (!Array.isArray(v)) return mismatch(path, 'an array');
    let out: T[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${path}[${i}]`, warnings);
      if (r.ok && r.value === v[i]) {
        out?.push(r.value);
        continue;
      }
      out ??= v.slice(0, i) as T[];
      if (r.ok) out.push(r.value);
      else warnings?.push({ path: r.path, expected: r.expected, dropped: 'element' });
    }
    return { ok: true, value: out ?? (v as T[]) };
  };
}

export function record<T>(item: Decoder<T>): Decoder<Record<string, T>> {
  return (v, path, warnings) => {
    if (!isPlainObject(v)) return mismatch(path, 'an object');
    const entries: [string, T][] = [];
    for (const [key, value] of Object.entries(v)) {
      const r = item(value, `${path}.${key}`, warnings);
      if (!r.ok) return r;
      entries.push([key, r.value]);
    }
    return { ok: true, value: Object.fromEntries(entries) };
  };
}

type Shape = Record<string, Decoder<unknown>>;
export type StructOf<S extends Shape> = { [K in keyof S]?: Decoded<S[K]> };

/**
 * How a struct meets a known member of the wrong type: `strict` fails the whole value (a grant without a readable
 * URL must not pass); `lenient` leaves that member out and reports it in `warnings` (a chat item is delivered
 * without its odd member rather than lost).
 */
export type StructMode = 'strict' | 'lenient';

export function struct<S extends Shape>(shape: S, mode: StructMode = 'strict'): Decoder<StructOf<S>> {
  const members = new Map<string, Decoder<unknown>>(Object.entries(shape));
  const lenient = mode === 'lenient';
  return (v, path, warnings) => {
    if (!isPlainObject(v)) return mismatch(path, 'an object');
    // One pass over the members present, checking strings and booleans inline: this runs for every item of every
    // frame. Unknown members are kept as they came, so that a member the service adds reaches apps without a new
    // release. An object whose known members are all of the right type and none null is the value itself;
    // otherwise it is copied with those members left out (nulls: absent, as the AWS SDKs read them) or replaced
    // (a nested value that was itself copied).
    // No own-property check here: `for … in` meets an inherited key only when Object.prototype itself was given
    // an enumerable member, and then every object, a copy too, reads that member anyway.
    let changed: Map<string, unknown> | undefined;
    for (const key in v) {
      const decode = members.get(key);
      if (decode === undefined) continue;
      const member = v[key];
      if (member === null || member === undefined) {
        (changed ??= new Map()).set(key, undefined);
        continue;
      }
      const at = path === '' ? key : `${path}.${key}`;
      let r: DecodeResult<unknown>;
      if (decode === string || decode === boolean) {
        if (typeof member === (decode === string ? 'string' : 'boolean')) continue;
        r = mismatch(at, decode === string ? 'a string' : 'a boolean');
      } else r = decode(member, at, warnings);
      if (r.ok) {
        if (r.value !== member) (changed ??= new Map()).set(key, r.value);
        continue;
      }
      if (!lenient) return r;
      warnings?.push({ path: r.path, expected: r.expected, dropped: 'member' });
      (changed ??= new Map()).set(key, undefined);
    }
    if (!changed) return { ok: true, value: v as StructOf<S> };
    // A spread defines each key as the object's own (a `__proto__` key included), never reaching a prototype; the
    // keys written afterwards are our shape's.
    const out: Record<string, unknown> = { ...v };
    for (const [key, value] of changed) {
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
    return { ok: true, value: out as StructOf<S> };
  };
}
