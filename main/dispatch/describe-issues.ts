import type { z } from 'zod';

/** What the input looked like and which schema refused it: lets a message say "missing" and suggest a field. */
export interface IssueContext {
  readonly schema?: z.ZodType;
  readonly input?: unknown;
}

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

const MAX_PARTS = 3;

/**
 * Turns zod issues into one readable sentence, e.g. `Unknown field "imag" — did you mean "image"?`.
 * A misspelt key and the required field it was meant to be are one mistake, so they give one clause.
 */
export function describeIssues(error: z.ZodError, ctx: IssueContext = {}): string {
  const issues = meantBranch(error.issues);
  const unknown = issues.filter((i): i is Extract<Issue, { code: 'unrecognized_keys' }> => i.code === 'unrecognized_keys');
  const explained = new Set<string>();
  const parts: string[] = [];
  for (const issue of unknown) {
    const known = ctx.schema ? objectKeysAt(ctx.schema, issue.path) : [];
    const missing = new Set(
      issues.filter((i) => i.code === 'invalid_type' && i.path.length === issue.path.length + 1 && isPrefix(issue.path, i.path) && valueAt(ctx.input, i.path) === undefined).map((i) => String(i.path.at(-1))),
    );
    for (const key of issue.keys) {
      // A missing required field is the likeliest meaning; otherwise any field of that object.
      const guess = closest(key, [...missing]) ?? closest(key, known);
      if (guess !== null && missing.has(guess)) explained.add(fieldName([...issue.path, guess]));
      const name = fieldName([...issue.path, key]);
      parts.push(guess !== null ? `Unknown field "${name}" — did you mean "${fieldName([...issue.path, guess])}"?` : `Unknown field "${name}"${known.length > 0 ? ` (known fields: ${known.join(', ')})` : ''}.`);
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const name = fieldName(issue.path);
    if (explained.has(name)) continue;
    parts.push(`${clause(issue, ctx.input)}.`);
  }
  const shown = parts.slice(0, MAX_PARTS).map((p) => p.replace(/\.\.$/, '.'));
  const more = parts.length > MAX_PARTS ? ` (${String(parts.length - MAX_PARTS)} more problem${parts.length - MAX_PARTS === 1 ? '' : 's'})` : '';
  return `${shown.join(' ')}${more}`;
}

/**
 * A union refuses with every branch's issues: keep the branch the input meant — one that accepted its
 * `kind` — and of those the one with the fewest problems, so the message speaks of that form only.
 */
function meantBranch(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const branches = issue.errors.map((branch) => meantBranch(branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    const refusesKind = (branch: readonly Issue[]): boolean => branch.some((i) => i.path.length === issue.path.length + 1 && i.path.at(-1) === 'kind');
    const rank = (branch: readonly Issue[]): number => (refusesKind(branch) ? 1_000 : 0) + branch.length;
    return [...branches].sort((a, b) => rank(a) - rank(b))[0] ?? [issue];
  });
}

function clause(issue: Issue, input: unknown): string {
  const where = issue.path.length > 0 ? `"${fieldName(issue.path)}"` : 'The input';
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined && issue.path.length > 0) return `Missing field ${where} (${article(issue.expected)})`;
      return `${where} must be ${article(issue.expected)}, not ${describeValue(value)}`;
    }
    case 'too_small':
    case 'too_big': {
      if (!isDefaultMessage(issue.message)) return `${where}: ${issue.message}`;
      const bound = issue.code === 'too_small' ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
      const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return `${where} must be ${bound} ${limit} character${limit === '1' ? '' : 's'} long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${where} must have ${bound} ${limit} item${limit === '1' ? '' : 's'}`;
      return `${where} must be ${bound} ${limit}`;
    }
    case 'invalid_value':
      if (!isDefaultMessage(issue.message)) return `${where}: ${issue.message}`;
      return `${where} must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`;
    case 'invalid_format':
      if (!isDefaultMessage(issue.message)) return `${where}: ${issue.message}`;
      return `${where} is not a valid ${issue.format === 'regex' ? 'value' : issue.format}`;
    case 'not_multiple_of':
      return `${where} must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return `${where} matches none of the accepted shapes`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** zod's own wording, which we replace; a message written in a schema is kept as written. */
function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized key)/.test(message);
}

function fieldName(path: readonly Key[]): string {
  return path.map(String).join('.');
}

function isPrefix(prefix: readonly Key[], path: readonly Key[]): boolean {
  return prefix.every((k, i) => path[i] === k);
}

function article(expected: string): string {
  const words: Record<string, string> = { string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null', bigint: 'a whole number' };
  return words[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function valueAt(input: unknown, path: readonly Key[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<Key, unknown>)[key];
  }
  return v;
}

/** The field names of the object schema found at `path` (through optional, default, pipe, array and union wrappers). */
export function objectKeysAt(schema: z.ZodType, path: readonly Key[]): string[] {
  const keys = new Set<string>();
  const visit = (s: unknown, rest: readonly Key[], depth: number): void => {
    if (depth > 20 || typeof s !== 'object' || s === null) return;
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    switch (def['type']) {
      case 'object': {
        const shape = def['shape'] as Record<string, unknown>;
        if (rest.length === 0) Object.keys(shape).forEach((k) => keys.add(k));
        else visit(shape[String(rest[0])], rest.slice(1), depth + 1);
        return;
      }
      case 'array':
        if (rest.length > 0) visit(def['element'], rest.slice(1), depth + 1);
        return;
      case 'record':
        if (rest.length > 0) visit(def['valueType'], rest.slice(1), depth + 1);
        return;
      case 'union':
        for (const option of def['options'] as unknown[]) visit(option, rest, depth + 1);
        return;
      case 'pipe':
        visit(def['in'], rest, depth + 1);
        return;
      case 'lazy':
        visit((def['getter'] as () => unknown)(), rest, depth + 1);
        return;
      default:
        visit(def['innerType'], rest, depth + 1);
    }
  };
  visit(schema, path, 0);
  return [...keys];
}

/** The candidate a typo most likely meant: small edit distance relative to the length, else null. */
export function closest(word: Key, candidates: readonly string[]): string | null {
  const w = String(word).toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(Math.max(w.length, best.length) / 3)) ? best : null;
}

/** Damerau (optimal string alignment) distance: a swapped pair of letters is one typo. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
