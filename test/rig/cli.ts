import { adoptRunning, ensureEngine, rigStatus, RigUnavailableError, stopRig } from './engine';

/** `npx tsx test/rig/cli.ts up|down|status|adopt` — the rig for CI and for running tests by hand. */
async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const state = await ensureEngine();
      process.stderr.write(`engine ${state.startedEngine ? 'started' : 'reused'}, registry ${state.startedRegistry ? 'started' : 'reused'}\n`);
      process.stdout.write(`DOCKER_HOST=${state.dockerHost}\nSLIPWAY_TEST_REGISTRY=${state.registry}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await stopRig();
      process.stdout.write(`engine ${stopped.stoppedEngine ? 'stopped' : 'not started by the rig'}, registry ${stopped.stoppedRegistry ? 'stopped' : 'not started by the rig'}\n`);
      return 0;
    }
    case 'status': {
      process.stdout.write(JSON.stringify(await rigStatus(), null, 2) + '\n');
      return 0;
    }
    case 'adopt': {
      // An engine and registry started by hand at the rig's socket/port become the rig's to stop.
      const adopted = await adoptRunning();
      process.stdout.write(`engine pid ${adopted.engine ?? 'none'}, registry pid ${adopted.registry ?? 'none'} recorded as started by the rig\n`);
      return 0;
    }
    default:
      process.stderr.write('usage: npx tsx test/rig/cli.ts up|down|status|adopt\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof RigUnavailableError) process.stderr.write(`test rig unavailable: ${error.message}\ninstall: ${error.install}\n`);
    else process.stderr.write(`test rig failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
