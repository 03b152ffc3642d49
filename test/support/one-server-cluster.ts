import { startSimulatorCluster, type SimCluster, type Simulator } from '../../simulator';
import { createKvorumTestEnv, type KvorumTestEnv } from './kvorum-test-env';

const ONE_SERVER_ID = 'ast-a';

/**
 * A simulated cluster of one media server, `ast-a`, and the environment of the Kvorum
 * processes that drive it by its lease (a cluster's settings: the server
 * listed in KVORUM_MEDIA_SERVERS, a carry secret). `env` adds settings,
 * such as the shared PostgreSQL.
 */
export async function startOneServerCluster(options: {
  folderPrefix: string;
  codeSecret: string;
  carrySecret: string;
  env?: Record<string, string>;
}): Promise<{ cluster: SimCluster; server: Simulator; workspace: KvorumTestEnv }> {
  const cluster = await startSimulatorCluster([ONE_SERVER_ID], { timeScale: 0.001 });
  const server = cluster.server(ONE_SERVER_ID);
  const workspace = createKvorumTestEnv(
    { url: server.url, username: server.username, password: server.password, app: server.app },
    {
      folderPrefix: options.folderPrefix,
      codeSecret: options.codeSecret,
      env: {
        KVORUM_MEDIA_SERVERS: JSON.stringify([{ id: ONE_SERVER_ID, ariUrl: server.url }]),
        KVORUM_CARRY_SECRET: options.carrySecret,
        ...options.env,
      },
    },
  );
  return { cluster, server, workspace };
}
