import { describe, expect, it } from 'vitest';
import { subscription as sub } from '../../test/fixtures/subscriptions';
import { canonicalRepository, decideAction, deployNotBefore, followedTag, stagesForTag } from './match';


describe('canonicalRepository', () => {
  it('normalises Docker Hub names the way the Docker CLI does', () => {
    expect(canonicalRepository('docker.io', 'nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('index.docker.io', 'library/nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('registry-1.docker.io', 'acme/app')).toBe('docker.io/acme/app');
  });

  it('keeps registry host and port and lower-cases the host', () => {
    expect(canonicalRepository('LOCALHOST:5000', 'acme/web')).toBe('localhost:5000/acme/web');
    expect(canonicalRepository('127.0.0.1:5000', 'acme/web')).toBe('127.0.0.1:5000/acme/web');
    expect(canonicalRepository('ghcr.io', 'acme/team/api')).toBe('ghcr.io/acme/team/api');
  });

  it('answers null for names that are not image repositories', () => {
    expect(canonicalRepository('localhost:5000', 'Acme/Web')).toBeNull();
    expect(canonicalRepository('localhost:5000', 'a//b')).toBeNull();
  });
});

describe('stagesForTag', () => {
  const subs = [
    sub({ stageId: 1, stage: 'dev', tagPattern: 'dev-*' }),
    sub({ stageId: 2, stage: 'staging', tagPattern: 'v*' }),
    sub({ stageId: 3, stage: 'prod', tagPattern: '*', semverRange: '>=1.2.0 <2' }),
    sub({ stageId: 4, stage: 'latest', tagPattern: 'latest' }),
    sub({ stageId: 5, project: 'other', image: 'localhost:5000/acme/api', tagPattern: '*' }),
  ];
  const ids = (repo: string, tag: string): number[] => stagesForTag(repo, tag, subs).map((s) => s.stageId);

  it('sends a tag to every stage of that repository whose glob matches', () => {
    expect(ids('localhost:5000/acme/web', 'dev-abc123')).toEqual([1]);
    expect(ids('localhost:5000/acme/web', 'v1.0.0')).toEqual([2]);
    expect(ids('localhost:5000/acme/web', 'latest')).toEqual([4]);
  });

  it('applies a semver range instead of (or on top of) the glob', () => {
    expect(ids('localhost:5000/acme/web', 'v1.3.0')).toEqual([2, 3]);
    expect(ids('localhost:5000/acme/web', '1.2.0')).toEqual([3]);
    expect(ids('localhost:5000/acme/web', 'v2.0.0')).toEqual([2]);
    expect(ids('localhost:5000/acme/web', '1.2.0-rc.1')).toEqual([]);
  });

  it('never matches another repository, even with the same path on another registry', () => {
    expect(ids('localhost:5001/acme/web', 'dev-1')).toEqual([]);
    expect(ids('localhost:5000/acme/api', 'dev-1')).toEqual([5]);
  });
});

describe('decideAction', () => {
  it('deploys with auto-deploy, offers the update otherwise, and never acts twice', () => {
    expect(decideAction({ autoDeploy: true }, false)).toBe('deploy');
    expect(decideAction({ autoDeploy: false }, false)).toBe('update-available');
    expect(decideAction({ autoDeploy: true }, true)).toBe('duplicate');
    expect(decideAction({ autoDeploy: false }, true)).toBe('duplicate');
  });
});

describe('deployNotBefore', () => {
  it('is now without a minimum age, or once the image is old enough', () => {
    expect(deployNotBefore(1000, 0, 1000)).toBeNull();
    expect(deployNotBefore(1000, 60_000, 1000)).toBe(61_000);
    expect(deployNotBefore(1000, 60_000, 70_000)).toBeNull();
  });
});

describe('followedTag', () => {
  it('treats a literal pattern without a range as a moving tag to follow', () => {
    expect(followedTag('latest', null)).toBe('latest');
    expect(followedTag(' dev ', '')).toBe('dev');
    expect(followedTag('dev-*', null)).toBeNull();
    expect(followedTag('v{1,2}', null)).toBeNull();
    expect(followedTag('stable', '>=1')).toBeNull();
  });
});
