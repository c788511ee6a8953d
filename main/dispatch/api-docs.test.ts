import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods } from '../../preload/contract';
import { withReference } from './api-docs';

describe('docs/api.md', () => {
  const file = path.resolve(import.meta.dirname, '..', '..', 'docs', 'api.md');
  const doc = fs.readFileSync(file, 'utf8');

  it('lists every contract method', () => {
    for (const name of Object.keys(methods)) expect(doc).toContain(`\`${name}\``);
  });

  it('is up to date with the contract (run `npm run docs:api`)', () => {
    expect(doc).toBe(withReference(doc));
  });
});
