import { describe, expect, it } from 'vitest';
import { checkComposeFile, type ComposeService } from './compose-file';
import { refuseRemoteBinds } from './compose-projects';

const services = (volumes: string): readonly ComposeService[] => {
  const check = checkComposeFile(`services:\n  web:\n    image: localhost:5000/acme/web:1\n  db:\n    image: r/db\n    volumes: ${volumes}\nvolumes:\n  data: {}\n`, { repository: 'localhost:5000/acme/web', allowHostAccess: true });
  if (!check.ok) throw new Error(check.problems.map((p) => p.message).join('; '));
  return check.services;
};

describe('bind folders on a remote engine', () => {
  it('refuses relative and absolute binds on any engine but local, naming each', () => {
    const binds = services('["data:/data", "./conf:/etc/conf:ro", { type: bind, source: /srv/x, target: /x }]');
    expect(() => refuseRemoteBinds(binds, 'prod-host', 'stages.0.engine')).toThrow(/stages\.0\.engine: .*"prod-host".*service "db": \.\/conf:\/etc\/conf; service "db": \/srv\/x:\/x.*named volumes/);
    expect(() => refuseRemoteBinds(binds, 'local', 'engine')).not.toThrow();
  });

  it('lets named volumes and tmpfs through', () => {
    expect(() => refuseRemoteBinds(services('["data:/data", { type: tmpfs, target: /run }]'), 'prod-host', 'engine')).not.toThrow();
  });
});
