import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref';
import { newestTags } from '../matcher/tag-order';
import {
  giteaPackageOf,
  giteaPackagesUrl,
  hubTagsUrl,
  parseGiteaPackages,
  parseHubTagsPage,
  toCreatedAt,
} from './tag-metadata';

// Shapes written after Docker Hub's `GET /v2/namespaces/{ns}/repositories/{repo}/tags` answer.
const hubPage = {
  count: 3,
  next: 'https://hub.docker.com/v2/namespaces/acme/repositories/web/tags?ordering=last_updated&page=2&page_size=2',
  previous: null,
  results: [
    {
      creator: 1,
      id: 11,
      images: [{ architecture: 'amd64', os: 'linux', digest: `sha256:${'1'.repeat(64)}`, size: 100, status: 'active' }],
      last_updated: '2024-06-02T10:00:00.000000Z',
      last_updater_username: 'ci',
      name: 'dev-b',
      repository: 5,
      full_size: 100,
      v2: true,
      tag_status: 'active',
      tag_last_pulled: '2024-06-03T10:00:00.000000Z',
      tag_last_pushed: '2024-06-02T10:00:00.000000Z',
      media_type: 'application/vnd.oci.image.index.v1+json',
      content_type: 'image',
      digest: `sha256:${'a'.repeat(64)}`,
    },
    { name: 'dev-a', last_updated: '2024-06-01T10:00:00Z', tag_last_pushed: null, digest: null },
    { name: 'weird', last_updated: null },
  ],
};

// Shapes written after Gitea's `GET /api/v1/packages/{owner}?type=container&q=…` answer.
const giteaPage = [
  { id: 1, owner: { login: 'acme' }, repository: null, creator: { login: 'ci' }, type: 'container', name: 'web', version: 'dev-1', created_at: '2024-06-01T10:00:00+02:00', html_url: 'https://git.example/acme/-/packages/container/web/dev-1' },
  { id: 2, owner: { login: 'acme' }, repository: null, creator: { login: 'ci' }, type: 'container', name: 'web', version: 'dev-2', created_at: '2024-06-01T11:00:00+02:00', html_url: '' },
  { id: 3, owner: { login: 'acme' }, repository: null, creator: { login: 'ci' }, type: 'container', name: 'web', version: `sha256:${'b'.repeat(64)}`, created_at: '2024-06-01T11:00:00+02:00', html_url: '' },
  { id: 4, owner: { login: 'acme' }, repository: null, creator: { login: 'ci' }, type: 'container', name: 'web-admin', version: 'dev-9', created_at: '2024-06-05T11:00:00+02:00', html_url: '' },
  { id: 5, owner: { login: 'acme' }, repository: null, creator: { login: 'ci' }, type: 'npm', name: 'web', version: '9.9.9', created_at: '2024-06-05T11:00:00+02:00', html_url: '' },
];

describe('Docker Hub tags API', () => {
  it('builds the newest-first URL for official and user images', () => {
    expect(hubTagsUrl('https://hub.docker.com', parseImageRef('nginx'), 50)).toBe(
      'https://hub.docker.com/v2/namespaces/library/repositories/nginx/tags?page_size=50&ordering=last_updated',
    );
    expect(hubTagsUrl('https://hub.docker.com', parseImageRef('acme/web'))).toContain('/namespaces/acme/repositories/web/tags?');
  });

  it('reads push times and the next page', () => {
    const page = parseHubTagsPage(hubPage);
    expect(page?.next).toBe(hubPage.next);
    expect(page?.tags).toEqual([
      { tag: 'dev-b', at: '2024-06-02T10:00:00.000000Z', digest: `sha256:${'a'.repeat(64)}` },
      { tag: 'dev-a', at: '2024-06-01T10:00:00Z', digest: null },
    ]);
    expect(newestTags(['dev-a', 'dev-b'], {}, toCreatedAt(page?.tags ?? []))).toEqual(['dev-b', 'dev-a']);
    expect(parseHubTagsPage({ results: 'nope' })).toBeNull();
    expect(parseHubTagsPage({ results: [], next: null })).toEqual({ tags: [], next: null });
  });
});

describe('Gitea packages API', () => {
  it('maps an image to owner and package name', () => {
    expect(giteaPackageOf(parseImageRef('git.example.com/acme/web'))).toEqual({ owner: 'acme', name: 'web' });
    expect(giteaPackageOf(parseImageRef('git.example.com/acme/group/web'))).toEqual({ owner: 'acme', name: 'group/web' });
    expect(giteaPackageOf(parseImageRef('git.example.com/web'))).toBeNull();
    expect(giteaPackagesUrl('https://git.example.com', 'acme', 'web', 2, 50)).toBe(
      'https://git.example.com/api/v1/packages/acme?type=container&q=web&page=2&limit=50',
    );
  });

  it('keeps exact container matches with tags, not digests', () => {
    const page = parseGiteaPackages(giteaPage, 'web');
    expect(page?.count).toBe(5);
    expect(page?.tags.map((t) => t.tag)).toEqual(['dev-1', 'dev-2']);
    expect(newestTags(['dev-1', 'dev-2'], { pattern: 'dev-*' }, toCreatedAt(page?.tags ?? []))).toEqual(['dev-2', 'dev-1']);
    expect(parseGiteaPackages({ message: 'not found' }, 'web')).toBeNull();
  });
});
