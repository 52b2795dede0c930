/**
 * A small structural decoder for JSON from the wire: it checks each known member's type, keeps known members
 * only (as the AWS SDKs do), treats `null` as absent, and reports the first mismatch with its path. An object
 * holding only known, non-null members of the right types is passed on as it was parsed; any other is rebuilt
 * from scratch with the known members only, so a `__proto__` key in the input (an unknown member) never reaches
 * a prototype.
 */

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly path: string; readonly expected: string };

/** Something a lenient decoder let pass: the path of what it left out, and what was expected there. */
export interface DecodeWarning {
  readonly path: string;
  readonly expected: string;
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
      else warnings?.push({ path: r.path, expected: r.expected });
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

export function struct<S extends Shape>(shape: S): Decoder<StructOf<S>> {
  const members = new Map<string, Decoder<unknown>>(Object.entries(shape));
  return (v, path, warnings) => {
    if (!isPlainObject(v)) return mismatch(path, 'an object');
    // One pass over the members present, checking strings and booleans inline: this runs for every item of every
    // frame. What the service sends holds only known members, none null, and is then the value itself; anything
    // else is copied with the known members only, each decoded once (a lenient member reports what it left out).
    // No own-property check here: `for … in` meets an inherited key only when Object.prototype itself was given
    // an enumerable member, and then every object, a copy too, reads that member anyway.
    let exact = true;
    let changed: Map<string, unknown> | undefined;
    for (const key in v) {
      const decode = members.get(key);
      const member = v[key];
      if (decode === undefined || member === null || member === undefined) {
        exact = false;
        continue;
      }
      if (decode === string || decode === boolean) {
        if (typeof member !== (decode === string ? 'string' : 'boolean')) {
          return mismatch(path === '' ? key : `${path}.${key}`, decode === string ? 'a string' : 'a boolean');
        }
        continue;
      }
      const r = decode(member, path === '' ? key : `${path}.${key}`, warnings);
      if (!r.ok) return r;
      if (r.value !== member) (changed ??= new Map()).set(key, r.value);
    }
    if (exact && !changed) return { ok: true, value: v as StructOf<S> };
    // Keys come from our shape, never from the input, so plain assignment cannot reach a prototype.
    const out: Record<string, unknown> = {};
    for (const key of members.keys()) {
      if (!Object.hasOwn(v, key)) continue;
      const member = v[key];
      if (member === null || member === undefined) continue;
      out[key] = changed?.has(key) ? changed.get(key) : member;
    }
    return { ok: true, value: out as StructOf<S> };
  };
}
