import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * When one API declaration fails to load, swagger-client inside ari-client
 * throws the message as a plain string from an HTTP callback: uncatchable, and
 * fatal to the process. The bridge must instead keep retrying until Asterisk
 * serves its API again. This runs in a child process because the throw is
 * process-wide: vitest's own uncaught-exception handler would see it too.
 */
describe('loading the ARI API from a half-working Asterisk', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('keeps the bridge running and retrying when an API declaration fails to load', async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith('/ari/api-docs/resources.json')) {
        const { port } = (server?.address() ?? { port: 0 }) as AddressInfo;
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            apiVersion: '1',
            swaggerVersion: '1.2',
            basePath: `http://127.0.0.1:${port}/ari`,
            apis: [{ path: '/api-docs/channels.{format}', description: 'Channel resources' }],
          }),
        );
        return;
      }
      response.statusCode = 500;
      response.end('declaration unavailable');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const bridge = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', bridgeProgram(`http://127.0.0.1:${port}`)], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bridge.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bridge.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => bridge.kill('SIGKILL'), 15_000);
    const [exitCode] = (await once(bridge, 'exit')) as [number | null];
    clearTimeout(killer);

    expect(output).toContain('survived 3 failed API loads');
    expect(exitCode).toBe(0);
  });
});

/** A bridge process that stops itself after the third failed API load. */
function bridgeProgram(url: string): string {
  return `
    import { createAriTelephony } from './src/adapters/ari/create-ari-telephony';
    import { createLogger } from './src/logger';
    let failedLoads = 0;
    const logger = createLogger('warn', {
      write(line) {
        if (JSON.parse(line).msg !== 'ARI not reachable, retrying') return;
        failedLoads += 1;
        if (failedLoads === 3) void ari.stop().then(() => console.log('survived 3 failed API loads'));
      },
    });
    const ignore = () => {};
    const ari = createAriTelephony({
      url: ${JSON.stringify(url)}, username: 'kvorum', password: 'secret', app: 'kvorum',
      requestTimeoutMs: 2000, logger, backoff: { initialMs: 5, maxMs: 20 },
      listener: { callArrived: ignore, digitPressed: ignore, callEnded: ignore, playbackFinished: ignore, connectionChanged: ignore },
    });
    void ari.start();
  `;
}
