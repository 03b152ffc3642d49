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
