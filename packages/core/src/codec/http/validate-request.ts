import { REQUEST_CONSTRAINTS, type Constraint, type Members } from '../../model/constraints.js';
import { ValidationException, type ValidationConstraint } from '../../model/errors.js';
import type { OperationName } from '../../model/operations.js';
import { isPlainObject } from '../shape-decoder.js';
import { parseTimestamp } from '../timestamp.js';

/** Smithy's `@length` counts Unicode code points, not UTF-16 code units. */
function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

type Failure = { readonly constraint: ValidationConstraint; readonly detail: string };

const describe = (value: unknown): string => (Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`);

function checkValue(rule: Constraint, value: unknown, path: string): { path: string; failure: Failure } | undefined {
  const fail = (constraint: ValidationConstraint, detail: string) => ({ path, failure: { constraint, detail } });
  switch (rule.kind) {
    case 'string': {
      if (typeof value !== 'string') return fail('type', `must be a string, got ${describe(value)}`);
      if (rule.length) {
        const n = codePointLength(value);
        if (n < rule.length.min) return fail('minLength', `length must be at least ${rule.length.min}, got ${n}`);
        if (n > rule.length.max) return fail('maxLength', `length must be at most ${rule.length.max}, got ${n}`);
      }
      if (rule.oneOf && !rule.oneOf.includes(value)) return fail('enum', `must be one of ${rule.oneOf.join(', ')}`);
      if (rule.timestamp && !parseTimestamp(value).ok) {
        return fail('format', 'must be an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z');
      }
      return undefined;
    }
    case 'integer': {
      if (typeof value !== 'number' || Number.isNaN(value)) return fail('type', `must be a number, got ${describe(value)}`);
      if (!Number.isInteger(value)) return fail('integer', 'must be a whole number');
      if (value < rule.range.min) return fail('min', `must be at least ${rule.range.min}`);
      if (value > rule.range.max) return fail('max', `must be at most ${rule.range.max}`);
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('type', `must be a boolean, got ${describe(value)}`);
    case 'list': {
      if (!Array.isArray(value)) return fail('type', `must be an array, got ${describe(value)}`);
      if (value.length < rule.count.min) return fail('minItems', `must have at least ${rule.count.min} item(s), got ${value.length}`);
      if (value.length > rule.count.max) return fail('maxItems', `must have at most ${rule.count.max} item(s), got ${value.length}`);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined || item === null) return { path: `${path}[${i}]`, failure: { constraint: 'required', detail: 'is required' } };
        const r = checkValue(rule.items, item, `${path}[${i}]`);
        if (r) return r;
      }
      return undefined;
    }
    case 'struct':
      if (!isPlainObject(value)) return fail('type', `must be an object, got ${describe(value)}`);
      return checkMembers(rule.members, value, `${path}.`);
  }
}

function checkMembers(members: Members, input: Record<string, unknown>, prefix: string) {
  for (const [name, rule] of Object.entries(members)) {
    const value = Object.hasOwn(input, name) ? input[name] : undefined;
    const path = `${prefix}${name}`;
    if (value === undefined || value === null) {
      if (rule.required) return { path, failure: { constraint: 'required' as const, detail: 'is required' } };
      continue;
    }
    const r = checkValue(rule, value, path);
    if (r) return r;
  }
  return undefined;
}

/**
 * Checks a request against the service model's constraints. Returns the first violation as a
 * {@link ValidationException} naming the member and the constraint; the message never contains a value.
 */
export function validateRequest<Op extends OperationName>(operation: Op, input: unknown): ValidationException | undefined {
  if (!isPlainObject(input)) {
    return new ValidationException({
      message: `${operation}Request: must be an object, got ${describe(input)}`,
      constraint: 'type',
      field: '',
    });
  }
  const r = checkMembers(REQUEST_CONSTRAINTS[operation], input, '');
  if (!r) return undefined;
  return new ValidationException({
    message: `${operation}Request.${r.path}: ${r.failure.detail}`,
    field: r.path,
    constraint: r.failure.constraint,
  });
}
