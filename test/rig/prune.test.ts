import { describe, expect, it } from 'vitest';
import { selectTestImages } from './prune';

const P = 'localhost:5000/';

describe('selectTestImages', () => {
  it('picks images named only in the test registry and not used by any container', () => {
    const images = [
      { Id: 'a', RepoTags: ['localhost:5000/it-deploy/web:1.0', 'localhost:5000/it-deploy/web:1.1'] },
      { Id: 'b', RepoTags: ['localhost:5000/e2e/app:1.0'] },
      { Id: 'c', RepoTags: ['nginx:1.27'] },
      { Id: 'd', RepoTags: ['localhost:5000/x/y:1', 'ghcr.io/acme/y:1'] },
      { Id: 'e', RepoTags: ['<none>:<none>'], RepoDigests: ['localhost:5000/it-deploy/web@sha256:00'] },
      { Id: 'f', RepoTags: ['<none>:<none>'], RepoDigests: [] },
      { Id: 'g', RepoTags: null, RepoDigests: ['busybox@sha256:11'] },
    ];
    const picked = selectTestImages(images, [{ ImageID: 'b' }], P).map((i) => i.Id);
    expect(picked).toEqual(['a', 'e']);
  });

  it('keeps everything outside a narrower prefix', () => {
    const images = [
      { Id: 'a', RepoTags: ['localhost:5000/it-prune-1/web:1'] },
      { Id: 'b', RepoTags: ['localhost:5000/it-prune-10/web:1'] },
    ];
    expect(selectTestImages(images, [], 'localhost:5000/it-prune-1/').map((i) => i.Id)).toEqual(['a']);
  });
});
