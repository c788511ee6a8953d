import type Docker from 'dockerode';

/** The environment a running container really has: `env` run inside it. */
export async function containerEnv(docker: Docker, containerId: string): Promise<Record<string, string>> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: ['env'], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const sink = { write: (c: Buffer) => chunks.push(c) } as unknown as NodeJS.WritableStream;
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise((resolve) => stream.on('end', resolve));
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.includes('='));
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}
