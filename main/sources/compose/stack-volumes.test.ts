import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSource, serviceMounts, stackMounts } from './stack-volumes';

describe('stack mounts', () => {
  it('reads short and long forms, and leaves anonymous volumes out', () => {
    expect(serviceMounts('db', ['dbdata:/data', './conf:/etc/app:ro', '/srv/x:/x', '/anon', { type: 'volume', target: '/anon2' }, { type: 'bind', source: '../up', target: '/up', read_only: true }, { type: 'tmpfs', target: '/run' }])).toEqual([
      { service: 'db', type: 'volume', source: 'dbdata', target: '/data', readOnly: false },
      { service: 'db', type: 'bind', source: './conf', target: '/etc/app', readOnly: true },
      { service: 'db', type: 'bind', source: '/srv/x', target: '/x', readOnly: false },
      { service: 'db', type: 'bind', source: '../up', target: '/up', readOnly: true },
      { service: 'db', type: 'tmpfs', source: '', target: '/run', readOnly: false },
    ]);
  });
  it('lists every service in file order and ignores what is not a mount list', () => {
    const file = { services: { web: { image: 'x', volumes: ['shared:/s'] }, db: { image: 'y', volumes: 'nope' }, cache: { image: 'z', volumes: ['shared:/c'] } } };
    expect(stackMounts(file).map((m) => `${m.service}:${m.target}`)).toEqual(['web:/s', 'cache:/c']);
    expect(stackMounts(null)).toEqual([]);
  });
  it('resolves bind folders as Compose does: relative to the stack folder, ~ to the home folder', () => {
    expect(bindSource('/d/stacks/4', './data')).toBe('/d/stacks/4/data');
    expect(bindSource('/d/stacks/4', '../x')).toBe('/d/stacks/x');
    expect(bindSource('/d/stacks/4', '/abs')).toBe('/abs');
    expect(bindSource('/d/stacks/4', '~/notes')).toBe(path.join(os.homedir(), 'notes'));
  });
});
