/**
 * Runs the ARI simulator standalone, for demos and for benchmarks that load
 * the bridge from another process:
 *
 *   npm run sim -- --port 8088 [--host 127.0.0.1] [--user kvorum --password secret]
 *                  [--app kvorum] [--time-scale 1] [--sounds DIR:DIR]
 *
 * Point Kvorum at it with KVORUM_ARI_URL=http://HOST:PORT and drive callers
 * through the control API under /sim (see simulator/README.md).
 */
import { delimiter } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8088' },
    user: { type: 'string', default: 'kvorum' },
    password: { type: 'string', default: 'secret' },
    app: { type: 'string', default: 'kvorum' },
    'time-scale': { type: 'string', default: '1' },
    // Asterisk sounds directories the prompts' durations are measured in (see media-durations.ts).
    sounds: { type: 'string' },
  },
});

const port = Number(values.port);
const timeScale = Number(values['time-scale']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !(timeScale > 0)) {
  console.error('usage: npm run sim -- --port N [--host H] [--user U --password P] [--app NAME] [--time-scale X>0] [--sounds DIR:DIR]');
  process.exit(2);
}

const sim = await startSimulator({
  host: values.host,
  port,
  username: values.user,
  password: values.password,
  app: values.app,
  timeScale,
  ...(values.sounds === undefined ? {} : { soundDirectories: values.sounds.split(delimiter) }),
});
console.log(
  JSON.stringify({ simulator: 'listening', url: sim.url, ari: `${sim.url}/ari`, control: `${sim.url}/sim`, app: sim.app, timeScale }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
