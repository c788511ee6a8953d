import { describe, expect, it } from 'vitest';
import { AppError } from '../dispatch/app-error';
import { runOnlySource } from './by-kind';
import { sourceFor, type SourceRegistry } from './registry';

describe('source registry', () => {
  const stat = runOnlySource({
    run: () => Promise.reject(new Error('not run here')),
    promoteTarget: () => ({ tag: 'main', digest: 'abc123', from: 'abc123 docs' }),
  });
  const registry: SourceRegistry = { image: stat, static: stat, compose: null };

  it('answers the source of a kind it carries', () => {
    expect(sourceFor(registry, 'static')).toBe(stat);
  });

  it('refuses a kind this build cannot deploy, saying so', () => {
    expect(() => sourceFor(registry, 'compose')).toThrow(AppError);
    expect(() => sourceFor(registry, 'compose')).toThrow(/cannot deploy compose projects/);
  });

  it('a source of the smaller shape always deploys a promote, keeps no containers and has no reconcile', async () => {
    expect(stat.promoteTarget({} as never, {} as never)).toEqual({ tag: 'main', digest: 'abc123', from: 'abc123 docs', force: true });
    expect(await stat.tearDown(1)).toBe(0);
    expect(stat.reconcile).toBeNull();
  });
});
