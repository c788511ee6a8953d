import { describe, expect, it } from 'vitest';
import { gcCandidates, ownReferences } from './gc-plan';

describe('gcCandidates', () => {
  const pulled = [
    { imageId: 'sha256:i1', repository: 'r/a', digest: 'sha256:d1' },
    { imageId: 'sha256:i2', repository: 'r/a', digest: 'sha256:d2' },
    { imageId: 'sha256:i3', repository: 'r/b', digest: 'sha256:d3' },
    { imageId: 'sha256:i4', repository: 'r/b', digest: 'sha256:d4' },
  ];

  it('keeps images any container uses and digests a stage still needs', () => {
    const out = gcCandidates({ pulled, containerImages: new Set(['sha256:i1']), neededDigests: new Set(['sha256:d3']) });
    expect(out.map((p) => p.imageId)).toEqual(['sha256:i2', 'sha256:i4']);
  });

  it('removes nothing when everything is in use', () => {
    expect(gcCandidates({ pulled, containerImages: new Set(['sha256:i1', 'sha256:i2']), neededDigests: new Set(['sha256:d3', 'sha256:d4']) })).toEqual([]);
  });
});

describe('ownReferences', () => {
  it('picks the references of the pulled repository only, with a registry port', () => {
    const refs = ['localhost:5000/acme/web:1.0', 'localhost:5000/acme/web@sha256:aa', 'localhost:5000/acme/web-other:1.0', 'mine:latest'];
    expect(ownReferences('localhost:5000/acme/web', [], refs)).toEqual(['localhost:5000/acme/web:1.0', 'localhost:5000/acme/web@sha256:aa']);
  });

  it('knows the familiar spelling of Docker Hub names', () => {
    expect(ownReferences('docker.io/library/nginx', ['nginx'], ['nginx:1.27', 'nginx@sha256:bb', 'nginxx:1'])).toEqual(['nginx:1.27', 'nginx@sha256:bb']);
  });
});
