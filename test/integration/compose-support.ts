import type Docker from 'dockerode';
import type { App } from '../../main/app';
import type { Project } from '../../preload/contract';
import { call } from './deploy-support';

/** Repositories of the compose tests (their own namespace, so parallel suites do not collide). */
export const COMPOSE_WEB = 'localhost:5000/it-compose/web';
export const COMPOSE_DB = 'localhost:5000/it-compose/db';

/**
 * A two-service stack: `web` (tracked) asks `db` (a companion) by service name on GET /peer.
 * With `api`, a second tracked service from the same repository answers on 9090 (its healthcheck
 * as given, e.g. one that always passes for `web` so that only api's project check decides).
 */
export function stackYaml(o: { readonly dbEnv?: string; readonly cache?: string; readonly webPorts?: string; readonly repository?: string; readonly api?: boolean; readonly webHealthcheck?: string } = {}): string {
  const repository = o.repository ?? COMPOSE_WEB;
  return [
    'services:',
    '  web:',
    `    image: ${repository}:latest`,
    '    environment:',
    '      PEER: db:8080',
    `    ports: [${o.webPorts ?? '"8080:8080"'}]`,
    ...(o.webHealthcheck ? [`    healthcheck: ${o.webHealthcheck}`] : []),
    ...(o.api ? ['  api:', `    image: ${repository}`, '    environment:', '      PORT: "9090"', '      PEER: db:8080', '    expose: ["9090"]'] : []),
    '  db:',
    `    image: ${COMPOSE_DB}:1`,
    '    volumes: ["dbdata:/data"]',
    ...(o.dbEnv ? ['    environment:', `      NOTE: "${o.dbEnv}"`] : []),
    ...(o.cache !== undefined ? ['  cache:', `    image: ${COMPOSE_DB}:1`, '    environment:', `      NOTE: "${o.cache}"`] : []),
    'volumes:',
    '  dbdata: {}',
    '',
  ].join('\n');
}

/** Containers of one stage's stack that Compose made (companions), by service name. */
export async function companions(docker: Docker, stack: string): Promise<Map<string, Docker.ContainerInfo>> {
  const listed = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${stack}`] } });
  return new Map(listed.map((c) => [c.Labels['com.docker.compose.service'] ?? '', c]));
}

export async function projectNamed(app: App, name: string): Promise<Project> {
  const p = (await call(app, 'projects.list', {})).projects.find((x) => x.name === name);
  if (!p) throw new Error(`no project ${name}`);
  return p;
}
