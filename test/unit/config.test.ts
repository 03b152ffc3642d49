import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const REQUIRED = { KVORUM_ARI_PASSWORD: 'secret', KVORUM_CODE_SECRET: 'a-code-secret-0123456789' };
const trustProxy = (value?: string) => loadConfig({ ...REQUIRED, KVORUM_TRUST_PROXY: value }).trustProxy;

describe('KVORUM_TRUST_PROXY', () => {
  it('is off unless set: the connection is the client', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('false')).toBe(false);
  });

  it('names the proxy by its addresses and subnets (best), a number of hops, or true', () => {
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('10.0.0.2, 10.1.0.0/16,fd00::/8')).toEqual(['10.0.0.2', '10.1.0.0/16', 'fd00::/8']);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('true')).toBe(true);
  });

  it('refuses anything else, naming the variable', () => {
    for (const wrong of ['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.example.no', '10.0.0.1/8/8']) {
      expect(() => trustProxy(wrong), wrong).toThrow(ConfigError);
      expect(() => trustProxy(wrong), wrong).toThrow(/KVORUM_TRUST_PROXY: must be false, true, a number of proxies/);
    }
  });
});

describe('KVORUM_MEDIA_SERVERS', () => {
  const servers = JSON.stringify([
    { id: 'ast-1', ariUrl: 'http://10.0.0.11:8088' },
    { id: 'ast-2', ariUrl: 'http://10.0.0.12:8088' },
  ]);
  const carrySecret = 'a-carry-secret-0123456789abcdefgh';

  it('is unset for one Asterisk at KVORUM_ARI_URL', () => {
    expect(loadConfig(REQUIRED).mediaServers).toBeUndefined();
  });

  it('lists the media servers this process may drive, with the secret carried calls are sealed with', () => {
    const config = loadConfig({ ...REQUIRED, KVORUM_MEDIA_SERVERS: servers, KVORUM_CARRY_SECRET: carrySecret, KVORUM_PROCESS_ID: 'kv-1' });
    expect(config.mediaServers).toEqual([
      { id: 'ast-1', ariUrl: 'http://10.0.0.11:8088' },
      { id: 'ast-2', ariUrl: 'http://10.0.0.12:8088' },
    ]);
    expect(config.processId).toBe('kv-1');
  });

  it('refuses servers without a carry secret, twice the same id, or an id unfit for a trunk endpoint', () => {
    expect(() => loadConfig({ ...REQUIRED, KVORUM_MEDIA_SERVERS: servers })).toThrow(
      /KVORUM_CARRY_SECRET: must be set with KVORUM_MEDIA_SERVERS/,
    );
    const twice = JSON.stringify([
      { id: 'ast-1', ariUrl: 'http://10.0.0.11:8088' },
      { id: 'ast-1', ariUrl: 'http://10.0.0.12:8088' },
    ]);
    expect(() => loadConfig({ ...REQUIRED, KVORUM_MEDIA_SERVERS: twice, KVORUM_CARRY_SECRET: carrySecret })).toThrow(/ids must differ/);
    const badId = JSON.stringify([{ id: 'Ast 1', ariUrl: 'http://10.0.0.11:8088' }]);
    expect(() => loadConfig({ ...REQUIRED, KVORUM_MEDIA_SERVERS: badId, KVORUM_CARRY_SECRET: carrySecret })).toThrow(
      /KVORUM_MEDIA_SERVERS/,
    );
  });
});

describe('KVORUM_REPORT_MAX_MB_PER_S', () => {
  const ceiling = (value?: string) => loadConfig({ ...REQUIRED, KVORUM_REPORT_MAX_MB_PER_S: value }).reportMaxMbPerSecond;

  it('is 4 MB/s unless set; 0 lifts the ceiling', () => {
    expect(ceiling()).toBe(4);
    expect(ceiling('2.5')).toBe(2.5);
    expect(ceiling('0')).toBe(0);
  });

  it('refuses a negative rate or a word, naming the variable', () => {
    for (const wrong of ['-1', 'fast']) expect(() => ceiling(wrong), wrong).toThrow(/KVORUM_REPORT_MAX_MB_PER_S/);
  });
});

describe('KVORUM_SHED_LOOP_DELAY_MS', () => {
  const shedding = (value?: string) => loadConfig({ ...REQUIRED, KVORUM_SHED_LOOP_DELAY_MS: value }).shedding;

  it('refuses new callers above 500 ms of event-loop delay unless set, until the delay is back under half of it', () => {
    expect(shedding()).toEqual({ startAboveMs: 500, stopBelowMs: 250 });
    expect(shedding('1000')).toEqual({ startAboveMs: 1000, stopBelowMs: 500 });
  });

  it('is off with off or 0', () => {
    expect(shedding('off')).toBeNull();
    expect(shedding('0')).toBeNull();
  });

  it('refuses a threshold a bridge doing well reaches, a fraction, a unit or a word, naming the variable', () => {
    for (const wrong of ['5', '19', '-500', '500.5', '500ms', 'on']) {
      expect(() => shedding(wrong), wrong).toThrow(/KVORUM_SHED_LOOP_DELAY_MS: must be a delay in whole milliseconds of at least 20/);
    }
  });
});

describe('KVORUM_DATABASE_URL', () => {
  it('is unset for the SQLite file at KVORUM_DB_PATH, and names the PostgreSQL that holds every store when set', () => {
    expect(loadConfig(REQUIRED).databaseUrl).toBeUndefined();
    const url = 'postgres://kvorum:pw@db.internal:5432/kvorum';
    expect(loadConfig({ ...REQUIRED, KVORUM_DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('refuses anything but a postgres:// URL, naming the variable', () => {
    expect(() => loadConfig({ ...REQUIRED, KVORUM_DATABASE_URL: '/var/lib/kvorum.db' })).toThrow(
      /KVORUM_DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('refuses the earlier KVORUM_CLUSTER_DATABASE_URL rather than leave the store in a file of its own, and names its successor', () => {
    const old = { ...REQUIRED, KVORUM_CLUSTER_DATABASE_URL: 'postgres://kvorum:pw@db.internal:5432/kvorum' };
    expect(() => loadConfig(old)).toThrow(ConfigError);
    expect(() => loadConfig(old)).toThrow(/KVORUM_CLUSTER_DATABASE_URL is now KVORUM_DATABASE_URL, which holds every store/);
    expect(() => loadConfig(old)).not.toThrow(/pw@/);
  });
});
