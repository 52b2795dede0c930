import { REQUEST_CONSTRAINTS, type Constraint, type Members } from '../../model/constraints.js';
import { ValidationException, type ValidationConstraint } from '../../model/errors.js';
import type { OperationName } from '../../model/operations.js';
import { isPlainObject } from '../shape-decoder.js';
import { parseTimestamp } from '../timestamp.js';

type Failure = { readonly constraint: ValidationConstraint; readonly detail: string };

const describe = (value: unknown): string => (Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`);

// A violation, with the path of the member that broke it relative to the value checked (`''`, `.Name`, `[2]`).
// Paths are only built on the way back from a violation: a valid request allocates none.
type Violation = { path: string; failure: Failure };

const violation = (constraint: ValidationConstraint, detail: string): Violation => ({ path: '', failure: { constraint, detail } });

function checkValue(rule: Constraint, value: unknown): Violation | undefined {
  switch (rule.kind) {
    case 'string': {
      if (typeof value !== 'string') return violation('type', `must be a string, got ${describe(value)}`);
      // Smithy's `@length` counts code points (the string's iterator yields one per code point, a lone surrogate
      // as one), not UTF-16 units. A string has at most as many code points as units and at least half as many,
      // so only a length near a bound needs counting (tokens run to hundreds of characters, checked on every call).
      if (rule.length && (value.length > rule.length.max || value.length < 2 * rule.length.min)) {
        const n = [...value].length;
        if (n < rule.length.min) return violation('minLength', `length must be at least ${rule.length.min}, got ${n}`);
        if (n > rule.length.max) return violation('maxLength', `length must be at most ${rule.length.max}, got ${n}`);
      }
      if (rule.oneOf && !rule.oneOf.includes(value)) return violation('enum', `must be one of ${rule.oneOf.join(', ')}`);
      if (rule.timestamp && !parseTimestamp(value).ok) {
        return violation('format', 'must be an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z');
      }
      return undefined;
    }
    case 'integer': {
      if (typeof value !== 'number' || Number.isNaN(value)) return violation('type', `must be a number, got ${describe(value)}`);
      if (!Number.isInteger(value)) return violation('integer', 'must be a whole number');
      if (value < rule.range.min) return violation('min', `must be at least ${rule.range.min}`);
      if (value > rule.range.max) return violation('max', `must be at most ${rule.range.max}`);
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : violation('type', `must be a boolean, got ${describe(value)}`);
    case 'list': {
      if (!Array.isArray(value)) return violation('type', `must be an array, got ${describe(value)}`);
      if (value.length < rule.count.min) return violation('minItems', `must have at least ${rule.count.min} item(s), got ${value.length}`);
      if (value.length > rule.count.max) return violation('maxItems', `must have at most ${rule.count.max} item(s), got ${value.length}`);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const r = item === undefined || item === null ? violation('required', 'is required') : checkValue(rule.items, item);
        if (r) return { path: `[${i}]${r.path}`, failure: r.failure };
      }
      return undefined;
    }
    case 'struct': {
      if (!isPlainObject(value)) return violation('type', `must be an object, got ${describe(value)}`);
      const r = checkMembers(rule.members, value);
      return r && { path: `.${r.path}`, failure: r.failure };
    }
  }
}

// The path of a violation found here starts with the member's name (no leading dot).
function checkMembers(members: Members, input: Record<string, unknown>): Violation | undefined {
  for (const name in members) {
    const rule = members[name] as Constraint;
    const value = Object.hasOwn(input, name) ? input[name] : undefined;
    const r = value === undefined || value === null ? (rule.required ? violation('required', 'is required') : undefined) : checkValue(rule, value);
    if (r) return { path: `${name}${r.path}`, failure: r.failure };
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
  const r = checkMembers(REQUEST_CONSTRAINTS[operation], input);
  if (!r) return undefined;
  return new ValidationException({
    message: `${operation}Request.${r.path}: ${r.failure.detail}`,
    field: r.path,
    constraint: r.failure.constraint,
  });
}
