import { z } from 'zod';
import { methods, pushes } from '../../preload/contract';

export const GENERATED_START = '<!-- generated from preload/contract by `npm run docs:api`; do not edit below -->';

/** A compact one-line TypeScript-like rendering of a JSON schema, readable in a table. */
function shape(schema: unknown, depth = 0): string {
  if (typeof schema !== 'object' || schema === null) return 'unknown';
  const s = schema as Record<string, unknown>;
  if (depth > 3) return '…';
  if (Array.isArray(s['anyOf'])) return (s['anyOf'] as unknown[]).map((x) => shape(x, depth + 1)).join(' | ');
  if (Array.isArray(s['oneOf'])) return (s['oneOf'] as unknown[]).map((x) => shape(x, depth + 1)).join(' | ');
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s['const']);
  switch (s['type']) {
    case 'object': {
      const props = (s['properties'] ?? {}) as Record<string, unknown>;
      const required = new Set((s['required'] ?? []) as string[]);
      const keys = Object.keys(props);
      if (keys.length === 0) return s['additionalProperties'] && typeof s['additionalProperties'] === 'object' ? `{ [key]: ${shape(s['additionalProperties'], depth + 1)} }` : '{}';
      return `{ ${keys.map((k) => `${k}${required.has(k) ? '' : '?'}: ${shape(props[k], depth + 1)}`).join('; ')} }`;
    }
    case 'array':
      return `${shape(s['items'], depth + 1)}[]`;
    case 'integer':
      return 'integer';
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return s['type'];
    default:
      return Array.isArray(s['type']) ? (s['type'] as string[]).join(' | ') : 'unknown';
  }
}

function render(schema: z.ZodType, io: 'input' | 'output'): string {
  try {
    return shape(z.toJSONSchema(schema, { io, unrepresentable: 'any' })).replace(/\|/g, '\\|');
  } catch {
    return 'see preload/contract';
  }
}

/** The reference part of docs/api.md: every method and pushed topic, straight from the contract. */
export function renderApiReference(): string {
  const lines = [GENERATED_START, '', '## Methods', '', '| method | what it does | input | output |', '| --- | --- | --- | --- |'];
  for (const name of Object.keys(methods).sort()) {
    const def = methods[name as keyof typeof methods];
    lines.push(`| \`${name}\` | ${def.summary} | \`${render(def.input, 'input')}\` | \`${render(def.output, 'output')}\` |`);
  }
  lines.push('', '## Pushed topics (event stream)', '', '| topic | payload |', '| --- | --- |');
  for (const topic of Object.keys(pushes).sort()) {
    lines.push(`| \`${topic}\` | \`${render(pushes[topic as keyof typeof pushes], 'output')}\` |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Replaces the generated part of a docs file, keeping the hand-written part above the marker. */
export function withReference(doc: string): string {
  const at = doc.indexOf(GENERATED_START);
  const head = at === -1 ? `${doc.trimEnd()}\n\n` : doc.slice(0, at);
  return head + renderApiReference();
}
