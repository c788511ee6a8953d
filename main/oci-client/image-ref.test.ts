import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../dispatch/app-error';
import {
  familiarName,
  formatRef,
  isLoopbackRegistry,
  parseImageRef,
  registryApiBase,
  sameRepository,
  tryParseImageRef,
} from './image-ref';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', null, null],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
    ['acme/app:v2', 'docker.io', 'acme/app', 'v2', null],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx', null, null],
    ['index.docker.io/library/nginx:latest', 'docker.io', 'library/nginx', 'latest', null],
    ['docker.io/nginx', 'docker.io', 'library/nginx', null, null],
    ['localhost:5000/acme/web:1.0', 'localhost:5000', 'acme/web', '1.0', null],
    ['localhost/web', 'localhost', 'web', null, null],
    ['LocalHost:5000/acme/web', 'localhost:5000', 'acme/web', null, null],
    ['Registry.Example.COM/a/b/c:dev-1', 'registry.example.com', 'a/b/c', 'dev-1', null],
    ['127.0.0.1:5000/x', '127.0.0.1:5000', 'x', null, null],
    ['[::1]:5000/acme/web:tag', '[::1]:5000', 'acme/web', 'tag', null],
    ['ghcr.io/acme/my_app__x.y-z', 'ghcr.io', 'acme/my_app__x.y-z', null, null],
    [`ghcr.io/acme/api@${DIGEST}`, 'ghcr.io', 'acme/api', null, DIGEST],
    [`ghcr.io/acme/api:1.0@${DIGEST}`, 'ghcr.io', 'acme/api', '1.0', DIGEST],
    ['  nginx:alpine  ', 'docker.io', 'library/nginx', 'alpine', null],
  ])('%s', (input, registry, repository, tag, digest) => {
    const ref = parseImageRef(input);
    expect(ref).toEqual({ registry, repository, tag, digest, name: `${registry}/${repository}` });
  });

  it.each([
    ['', /empty/],
    ['Acme/web', /lower-case/],
    ['localhost:5000/Acme/web', /lower-case/],
    ['localhost:5000/acme//web', /empty component/],
    ['localhost:5000/acme/web/', /empty component/],
    ['acme/web:', /tag ""/],
    ['acme/web:-bad', /tag "-bad"/],
    [`acme/web:${'a'.repeat(129)}`, /128 characters/],
    ['acme/web@sha256:abc', /digest/],
    ['acme/we!b', /may only use/],
    ['acme/-web', /may only use/],
    ['acme/web..x', /may only use/],
    ['http://localhost:5000/acme/web', /scheme/],
    ['acme/web app', /whitespace/],
    ['bad_host.com:99999/x', /registry host/],
    [`${'a'.repeat(250)}/b/c`, /longer than 255/],
  ])('rejects %j', (input, why) => {
    let caught: unknown;
    try {
      parseImageRef(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('INVALID_INPUT');
    expect((caught as AppError).message).toMatch(why);
    expect((caught as AppError).message).toMatch(/Example:/);
    expect(tryParseImageRef(input)).toBeNull();
  });

  it.each(['reference', 'repository'] as const)('gives %s examples that are themselves accepted there', (kind) => {
    let message = '';
    try {
      parseImageRef('Acme/Web', kind);
    } catch (e) {
      message = (e as AppError).message;
    }
    const examples = [...message.replace(/^.*Example:/, '').matchAll(/"([^"]+)"/g)].map((m) => (m[1] ?? '').replace('<64 hex>', 'a'.repeat(64)));
    expect(examples.length).toBeGreaterThan(1);
    for (const example of examples) {
      const ref = parseImageRef(example, kind);
      // A project's image is refused with a tag or digest (validateRepository), so its examples carry neither.
      if (kind === 'repository') expect([ref.tag, ref.digest]).toEqual([null, null]);
    }
  });

  it('round-trips through formatRef', () => {
    const component = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)?$/);
    const tag = fc.stringMatching(/^[\w][\w.-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 3 }), tag, (path, t) => {
        const input = `localhost:5000/${path.join('/')}:${t}`;
        const ref = parseImageRef(input);
        expect(formatRef(ref)).toBe(input);
        expect(parseImageRef(formatRef(ref))).toEqual(ref);
      }),
    );
  });

  it('never throws anything but AppError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseImageRef(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
    );
  });
});

describe('helpers', () => {
  it('compares normalised repositories', () => {
    expect(sameRepository('nginx', 'docker.io/library/nginx:1.0')).toBe(true);
    expect(sameRepository('index.docker.io/library/nginx', parseImageRef('nginx'))).toBe(true);
    expect(sameRepository('localhost:5000/acme/web', 'LOCALHOST:5000/acme/web:2')).toBe(true);
    expect(sameRepository('localhost:5000/acme/web', 'localhost:5001/acme/web')).toBe(false);
    expect(sameRepository('localhost:5000/acme/web', 'localhost/acme/web')).toBe(false);
    expect(sameRepository('acme/web', 'Bad Ref')).toBe(false);
  });

  it('formats tags and digests', () => {
    const ref = parseImageRef('localhost:5000/acme/web:1.0');
    expect(formatRef(ref, '2.0')).toBe('localhost:5000/acme/web:2.0');
    expect(formatRef(ref, DIGEST)).toBe(`localhost:5000/acme/web@${DIGEST}`);
    expect(formatRef(ref)).toBe('localhost:5000/acme/web:1.0');
    expect(formatRef(parseImageRef('nginx'))).toBe('docker.io/library/nginx');
    expect(familiarName(parseImageRef('nginx'))).toBe('nginx');
    expect(familiarName(parseImageRef('acme/app'))).toBe('acme/app');
    expect(familiarName(ref)).toBe('localhost:5000/acme/web');
  });

  it('picks the API base', () => {
    expect(registryApiBase('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryApiBase('index.docker.io')).toBe('https://registry-1.docker.io');
    expect(registryApiBase('localhost:5000')).toBe('http://localhost:5000');
    expect(registryApiBase('localhost')).toBe('http://localhost');
    expect(registryApiBase('127.0.0.1:5001')).toBe('http://127.0.0.1:5001');
    expect(registryApiBase('[::1]:5000')).toBe('http://[::1]:5000');
    expect(registryApiBase('ghcr.io')).toBe('https://ghcr.io');
    expect(registryApiBase('localhost.example.com:5000')).toBe('https://localhost.example.com:5000');
    expect(registryApiBase('127.0.0.1.nip.io')).toBe('https://127.0.0.1.nip.io');
    expect(isLoopbackRegistry('127.0.0.1')).toBe(true);
    expect(isLoopbackRegistry('10.0.0.1:5000')).toBe(false);
  });
});
