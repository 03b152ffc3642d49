import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allValues,
  ASTERISK_CONFIG_DIR,
  lastValue,
  loadAsteriskConfig,
  type ConfigSection,
  type LoadedConfig,
} from './asterisk-config-files';

/**
 * Who can call in over SIP, read from the real asterisk-config/ the way
 * Asterisk reads it, under every environment its #exec lines can see.
 * The rule: an endpoint without a password is found by its source address
 * only, and every endpoint lands on the access numbers and nowhere else.
 */

/**
 * The values tried for each variable an #exec line of pjsip.conf reads: unset,
 * what docker-compose.yml and a lab set, and a wrong value. A new variable must
 * be added here, or the test stops (it cannot know which values matter).
 */
const EXEC_VARIABLES: Record<string, ReadonlyArray<string | undefined>> = {
  ASTERISK_BIND_ADDRESS: [undefined, '0.0.0.0', '127.0.0.1'],
  ASTERISK_SOFTPHONE_PASSWORD: [undefined, 'a-softphone-password', 'short'],
  ASTERISK_LOOPBACK_ENDPOINT: [undefined, 'no', 'yes', 'maybe'],
  ASTERISK_CLUSTER_PEERS: [undefined, 'ast-2=10.0.0.12 ast-3=10.0.0.13', 'ast-2'],
};

/** Values of a variable that must fail its #exec line (and are not checked further). */
const WRONG_VALUES: Record<string, string> = { ASTERISK_LOOPBACK_ENDPOINT: 'maybe', ASTERISK_CLUSTER_PEERS: 'ast-2' };

/** The context of extensions.conf where SIP callers land: the access numbers. */
const ACCESS_CONTEXT = 'from-callers';
/** Where the internal trunk's peers (the cluster's other media servers) land: into Kvorum with the carry header. */
const TRUNK_CONTEXT = 'kvorum-trunk-in';
/** What an access number may do on its way into Kvorum (and its "not now" fallback). */
const ACCESS_APPLICATIONS = new Set(['Goto', 'GotoIf', 'Stasis', 'Hangup', 'Log', 'Answer', 'Playback']);
/** PJSIP's default when an endpoint does not say. */
const DEFAULT_IDENTIFY_BY = 'username,ip';

interface Endpoint {
  name: string;
  auth: string | undefined;
  identifyBy: string[];
  context: string | undefined;
  /** The addresses its identify sections match. */
  matches: string[];
}

function everyEnvironment(): Array<Record<string, string>> {
  let environments: Array<Record<string, string>> = [{}];
  for (const [name, values] of Object.entries(EXEC_VARIABLES)) {
    environments = environments.flatMap((env) => values.map((value) => (value === undefined ? env : { ...env, [name]: value })));
  }
  return environments;
}

function objectsOfType(config: LoadedConfig, type: string): ConfigSection[] {
  return config.sections.filter((section) => !section.template && lastValue(section, 'type') === type);
}

function endpointsOf(config: LoadedConfig): Endpoint[] {
  const identifies = objectsOfType(config, 'identify');
  return objectsOfType(config, 'endpoint').map((section) => ({
    name: section.name,
    auth: lastValue(section, 'auth'),
    identifyBy: (lastValue(section, 'identify_by') ?? DEFAULT_IDENTIFY_BY).split(',').map((method) => method.trim()),
    context: lastValue(section, 'context'),
    matches: identifies
      .filter((identify) => lastValue(identify, 'endpoint') === section.name)
      .flatMap((identify) => allValues(identify, 'match').flatMap((value) => value.split(',').map((address) => address.trim()))),
  }));
}

function describeEnv(env: Record<string, string>): string {
  return JSON.stringify(env);
}

/** The variables the #exec lines read, so none goes untried. */
function variablesRead(config: LoadedConfig): Set<string> {
  return new Set(config.execs.flatMap((exec) => [...exec.command.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!)));
}

/**
 * The environment docker-compose.yml gives the Asterisk container when the
 * operator sets only what it demands: `${NAME:-default}` is its default,
 * `${NAME:?...}` some value the operator chose.
 */
function composeAsteriskEnvironment(): Record<string, string> {
  const lines = readFileSync(join(ASTERISK_CONFIG_DIR, '../docker-compose.yml'), 'utf8').split('\n');
  const service = lines.findIndex((line) => /^ {2}asterisk:\s*$/.test(line));
  const environment = lines.findIndex((line, index) => index > service && /^ {4}environment:\s*$/.test(line));
  expect(service, 'docker-compose.yml has an asterisk service').toBeGreaterThan(-1);
  expect(environment, 'the asterisk service has an environment').toBeGreaterThan(service);
  const env: Record<string, string> = {};
  for (const line of lines.slice(environment + 1)) {
    if (/^ {6}#/.test(line)) continue;
    const variable = /^ {6}([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(line);
    if (variable === null) break;
    const value = variable[2]!.replace(/^'(.*)'$/, '$1');
    const interpolated = /^\$\{([A-Z][A-Z0-9_]*)(:-|:\?)(.*)\}$/.exec(value);
    env[variable[1]!] = interpolated === null ? value : interpolated[2] === ':-' ? interpolated[3]! : 'chosen-by-the-operator';
  }
  return env;
}

function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address.toLowerCase() === 'localhost';
}

describe('who can call in over SIP (asterisk-config/pjsip.conf)', () => {
  const environments = everyEnvironment();
  const loads = environments.map((env) => ({ env, config: loadAsteriskConfig('pjsip.conf', env) }));

  it('tries every variable its #exec lines read, and every #exec line runs cleanly with a valid value', () => {
    for (const { env, config } of loads) {
      for (const variable of variablesRead(config)) {
        expect(Object.keys(EXEC_VARIABLES), `pjsip.conf's #exec lines read ${variable}: list the values it may take`).toContain(variable);
      }
      if (Object.entries(WRONG_VALUES).some(([name, wrong]) => env[name] === wrong)) continue;
      for (const exec of config.execs) {
        expect({ env, command: exec.command, status: exec.status, stderr: exec.stderr }).toEqual({
          env,
          command: exec.command,
          status: 0,
          stderr: '',
        });
      }
    }
  });

  it('finds an endpoint without a password by its source address only', () => {
    for (const { env, config } of loads) {
      const endpoints = endpointsOf(config);
      expect(endpoints.map((endpoint) => endpoint.name)).toContain('trunk');
      for (const endpoint of endpoints.filter((candidate) => candidate.auth === undefined || candidate.auth === '')) {
        expect({ env: describeEnv(env), endpoint: endpoint.name, identifyBy: endpoint.identifyBy }).toEqual({
          env: describeEnv(env),
          endpoint: endpoint.name,
          identifyBy: ['ip'],
        });
        expect(endpoint.matches.length, `${endpoint.name} has addresses to be found by`).toBeGreaterThan(0);
      }
    }
  });

  it('has every endpoint with a password refer to an auth section that has one', () => {
    for (const { config } of loads) {
      const auths = objectsOfType(config, 'auth');
      for (const endpoint of endpointsOf(config).filter((candidate) => candidate.auth !== undefined)) {
        const auth = auths.find((section) => section.name === endpoint.auth);
        expect(auth, `auth section ${endpoint.auth} of ${endpoint.name}`).toBeDefined();
        expect(lastValue(auth!, 'password') ?? '').toMatch(/^[A-Za-z0-9._~-]{8,}$/);
      }
    }
  });

  it('looks at the address before any username, and has no catch-all endpoint', () => {
    for (const { config } of loads) {
      const global = objectsOfType(config, 'global');
      expect(global).toHaveLength(1);
      const order = (lastValue(global[0]!, 'endpoint_identifier_order') ?? '').split(',').map((method) => method.trim());
      expect(order[0]).toBe('ip');
      expect(order).not.toContain('anonymous');
      expect(endpointsOf(config).map((endpoint) => endpoint.name)).not.toContain('anonymous');
    }
  });

  it('lands every endpoint on the access numbers, and only the listed peers of the internal trunk in its context', () => {
    for (const { env, config } of loads) {
      const peers = (env.ASTERISK_CLUSTER_PEERS === WRONG_VALUES.ASTERISK_CLUSTER_PEERS ? '' : (env.ASTERISK_CLUSTER_PEERS ?? ''))
        .split(' ')
        .filter((peer) => peer !== '')
        .map((peer) => peer.split('='));
      for (const endpoint of endpointsOf(config)) {
        const peer = peers.find(([name]) => name === endpoint.name);
        const expected = peer === undefined ? ACCESS_CONTEXT : TRUNK_CONTEXT;
        expect({ endpoint: endpoint.name, context: endpoint.context }).toEqual({ endpoint: endpoint.name, context: expected });
        if (peer !== undefined)
          expect({ endpoint: endpoint.name, matches: endpoint.matches }).toEqual({ endpoint: endpoint.name, matches: [peer[1]] });
      }
      const trunkEndpoints = endpointsOf(config).filter((endpoint) => endpoint.context === TRUNK_CONTEXT);
      expect(trunkEndpoints.map((endpoint) => endpoint.name).sort()).toEqual(peers.map(([name]) => name).sort());
    }
  });

  it('has the loopback endpoint only when ASTERISK_LOOPBACK_ENDPOINT=yes, and never in the docker-compose deployment', () => {
    for (const { env, config } of loads) {
      const loopback = endpointsOf(config).filter((endpoint) => endpoint.matches.some(isLoopbackAddress));
      if (env.ASTERISK_LOOPBACK_ENDPOINT === 'yes') {
        expect(loopback.map((endpoint) => endpoint.name)).toEqual(['loopback']);
      } else {
        expect({ env: describeEnv(env), loopback }).toEqual({ env: describeEnv(env), loopback: [] });
      }
    }
    const compose = composeAsteriskEnvironment();
    expect(compose.ASTERISK_BIND_ADDRESS).toBe('0.0.0.0');
    const deployed = endpointsOf(loadAsteriskConfig('pjsip.conf', compose));
    expect(deployed.map((endpoint) => endpoint.name).sort()).toEqual(['softphone', 'trunk']);
  });
});

describe('where an endpoint lands (asterisk-config/extensions.conf)', () => {
  const dialplan = loadAsteriskConfig('extensions.conf', { KVORUM_ARI_APP: 'kvorum' });
  const contexts = new Map(
    dialplan.sections.filter((section) => !['general', 'globals'].includes(section.name)).map((section) => [section.name, section]),
  );

  /** Every context reachable from `start` by include and Goto, with the applications its extensions run. */
  function reachableFrom(start: string): Map<string, string[]> {
    const reached = new Map<string, string[]>();
    const pending = [start];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (reached.has(name)) continue;
      const context = contexts.get(name);
      expect(context, `context ${name} exists`).toBeDefined();
      const applications: string[] = [];
      reached.set(name, applications);
      for (const { key, value } of context!.lines) {
        if (key === 'include') {
          pending.push(value);
          continue;
        }
        expect(['exten', 'same'], `${name}: ${key} => ${value}`).toContain(key);
        const step =
          /^(?:[^,]+,)?(?:\d+|n)(?:\([^)]*\))?,\s*([A-Za-z]+)\((.*)\)$/.exec(value) ??
          /^(?:[^,]+,)?(?:\d+|n)(?:\([^)]*\))?,\s*([A-Za-z]+)$/.exec(value);
        expect(step, `${name}: ${key} => ${value} runs one application`).not.toBeNull();
        const [, application, args = ''] = step!;
        applications.push(application!);
        if (application === 'Goto' || application === 'GotoIf') {
          const targets = application === 'Goto' ? [args] : args.replace(/^[^?]*\?/, '').split(':');
          for (const target of targets) {
            const parts = target.split(',');
            if (parts.length === 3) pending.push(parts[0]!.trim());
          }
        }
      }
    }
    return reached;
  }

  it('reaches only the access numbers and the hand-over to Kvorum, which run nothing but the way into Kvorum', () => {
    const reached = reachableFrom(ACCESS_CONTEXT);
    expect([...reached.keys()].sort()).toEqual(['from-callers', 'kvorum-access', 'kvorum-stasis']);
    for (const [context, applications] of reached) {
      for (const application of applications)
        expect({ context, application, allowed: ACCESS_APPLICATIONS.has(application) }).toEqual({ context, application, allowed: true });
    }
    expect(reached.get('kvorum-stasis')).toContain('Stasis');
  });

  it('reaches from the internal trunk nothing but Kvorum, with the carry header read', () => {
    const reached = reachableFrom(TRUNK_CONTEXT);
    expect([...reached.keys()]).toEqual([TRUNK_CONTEXT]);
    for (const application of reached.get(TRUNK_CONTEXT)!)
      expect({ application, allowed: ACCESS_APPLICATIONS.has(application) || application === 'Set' }).toEqual({
        application,
        allowed: true,
      });
    expect(reached.get(TRUNK_CONTEXT)).toContain('Stasis');
    const lines = contexts.get(TRUNK_CONTEXT)!.lines.map((line) => line.value);
    expect(lines).toContain('carried,1,Set(KVORUM_CARRY=${PJSIP_HEADER(read,X-Kvorum-Carry)})');
  });
});
