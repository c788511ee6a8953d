// The test rig's git server in its own process for bench/static.ts, as a forge is on its own host:
// its CGI spawns and the pushes' git commands do not stall the app's event loop. Driven over IPC.
import { startGitServer, type GitWorkRepo } from '../test/rig/git-server';

type Request = { id: number; op: 'create'; name: string } | { id: number; op: 'commit'; name: string; files: Record<string, string>; message: string } | { id: number; op: 'close' };

const server = await startGitServer();
const repos = new Map<string, GitWorkRepo>();
process.on('message', (m: Request) => {
  const reply = (value: unknown): void => void process.send?.({ id: m.id, value });
  if (m.op === 'create') {
    const repo = server.createRepo(m.name);
    repos.set(m.name, repo);
    reply(repo.url);
  } else if (m.op === 'commit') reply(repos.get(m.name)?.commit(m.files, m.message));
  else void server.close().then(() => (reply(null), process.disconnect()));
});
process.send?.({ id: 0, value: server.url });
