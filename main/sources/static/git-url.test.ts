import { describe, expect, it } from 'vitest';
import { pushMatches, urlKey } from './git-url';

describe('matching a push to a static project', () => {
  it('normalises clone URLs (case of the host, .git, trailing slash, credentials)', () => {
    expect(urlKey('https://Git.Example.com/Acme/Site.git')).toBe('git.example.com/acme/site');
    expect(urlKey('https://user:pw@git.example.com/acme/site/')).toBe('git.example.com/acme/site');
    expect(urlKey('ssh://git@git.example.com/acme/site.git')).toBeNull();
    expect(urlKey('not a url')).toBeNull();
  });

  it('matches by clone URL', () => {
    expect(pushMatches('https://git.example.com/acme/site.git', { repo: 'whatever', repoUrl: 'https://GIT.example.com/acme/site' })).toBe(true);
    expect(pushMatches('https://git.example.com/acme/site.git', { repo: 'acme/other', repoUrl: 'https://git.example.com/acme/other.git' })).toBe(false);
  });

  it('matches by host + full name when the forge sends another URL of the repository', () => {
    expect(pushMatches('http://127.0.0.1:3000/git/acme/site.git', { repo: 'git/acme/site', repoUrl: 'http://127.0.0.1:3000/web' })).toBe(true);
    expect(pushMatches('https://git.example.com/acme/site.git', { repo: 'acme/site', repoUrl: 'https://other.example.com/acme/site' })).toBe(false);
    expect(pushMatches('https://git.example.com/acme/site.git', { repo: 'acme/site' })).toBe(false);
  });
});
