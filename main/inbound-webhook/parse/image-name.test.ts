import { describe, expect, it } from 'vitest';
import { readImageName, tagEvent } from './image-name';

describe('readImageName', () => {
  it.each([
    ['ghcr.io/acme/web:v1', 'ghcr.io', 'acme/web', 'v1'],
    ['ghcr.io/Acme/Web:Tag', 'ghcr.io', 'acme/web', 'Tag'],
    ['ghcr.io/acme/web:', 'ghcr.io', 'acme/web', null],
    ['https://quay.io/acme/web', 'quay.io', 'acme/web', null],
    ['Index.Docker.IO/nginx', 'docker.io', 'library/nginx', null],
    ['registry-1.docker.io/acme/web:1', 'docker.io', 'acme/web', '1'],
    ['LOCALHOST:5000/a/b/c:dev', 'localhost:5000', 'a/b/c', 'dev'],
    ['harbor.local:8443/proj/app/', 'harbor.local:8443', 'proj/app', null],
  ])('%s', (raw, registry, repository, tag) => {
    const result = readImageName(raw);
    expect(result).toMatchObject({ ok: true, name: { registry, repository, tag } });
  });

  it('rejects what is not a reference, with the reason', () => {
    for (const raw of ['', 'a b', 'host:99999/x', 'x/-y']) {
      const result = readImageName(raw);
      expect(result.ok, raw).toBe(false);
    }
  });
});

describe('tagEvent', () => {
  it('checks the tag and the digest', () => {
    expect(tagEvent('localhost:5000/a', 'v1')).toMatchObject({ ok: true, event: { registry: 'localhost:5000', repository: 'a', tag: 'v1' } });
    expect(tagEvent('localhost:5000/a', '.bad').ok).toBe(false);
    expect(tagEvent('localhost:5000/a', 'v1', 'sha256:nothex').ok).toBe(false);
    expect(tagEvent('localhost:5000/a:v0', 'v1').ok).toBe(false);
  });
});
