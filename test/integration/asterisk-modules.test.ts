import { describe, expect, it } from 'vitest';
import { allValues, loadAsteriskConfig } from './asterisk-config-files';

/**
 * modules.conf loads nothing it is not told to (autoload = no), so an
 * application or function the dialplan uses without its module is only found
 * when a call reaches it: Asterisk logs "No application 'Dial'" and the caller
 * is hung up. This reads the real extensions.conf and modules.conf and fails
 * for any such gap.
 */

/** Applications and functions Asterisk's core provides, whatever is loaded. */
const CORE = new Set(['Answer', 'Goto', 'GotoIf', 'Hangup', 'NoOp', 'Set', 'Wait']);
/**
 * The module behind each application and function the dialplan may use. A name
 * missing here stops the test: look up its module (`core show application X`
 * or `core show function X` on an Asterisk) and add it.
 */
const PROVIDED_BY: Record<string, string> = {
  Stasis: 'app_stasis.so',
  Playback: 'app_playback.so',
  Log: 'app_verbose.so',
  Verbose: 'app_verbose.so',
  Dial: 'app_dial.so',
  Gosub: 'app_stack.so',
  Return: 'app_stack.so',
  PJSIP_HEADER: 'res_pjsip_header_funcs.so',
  CHANNEL: 'func_channel.so',
  CALLERID: 'func_callerid.so',
};

/** What one dialplan step needs: its application, the functions in its arguments, and a Gosub for Dial's b() pre-dial handler. */
function needsOf(step: string): string[] {
  const match = /^(?:[^,]+,)?(?:\d+|n)(?:\([^)]*\))?,\s*([A-Za-z]+)(?:\((.*)\))?$/.exec(step);
  if (match === null) throw new Error(`not a dialplan step: ${step}`);
  const [, application, args = ''] = match;
  const functions = [...args.matchAll(/\$\{([A-Z_]+)\(/g)].map((call) => call[1]!);
  const preDialHandler = application === 'Dial' && /,\s*[^,]*\bb\(/.test(args) ? ['Gosub'] : [];
  return [application!, ...functions, ...preDialHandler];
}

describe('every application and function the dialplan uses is loaded (asterisk-config)', () => {
  const dialplan = loadAsteriskConfig('extensions.conf', { KVORUM_ARI_APP: 'kvorum' });
  const modulesSection = loadAsteriskConfig('modules.conf', {}).sections.find((section) => section.name === 'modules');
  const loaded = new Set(modulesSection ? allValues(modulesSection, 'load') : []);
  const steps = dialplan.sections.flatMap((section) =>
    section.lines
      .filter((line) => line.key === 'exten' || line.key === 'same')
      .map((line) => ({ context: section.name, step: line.value })),
  );

  it('reads the dialplan and the modules', () => {
    expect(steps.length).toBeGreaterThan(10);
    expect(loaded).toContain('app_stasis.so');
  });

  it('has every module the dialplan needs in modules.conf', () => {
    const gaps = steps.flatMap(({ context, step }) =>
      needsOf(step)
        .filter((name) => !CORE.has(name))
        .map((name) => ({ context, step, name, module: PROVIDED_BY[name] ?? 'unknown: add it to PROVIDED_BY' }))
        .filter(({ module }) => !loaded.has(module)),
    );
    expect(gaps).toEqual([]);
  });

  it('knows what the carried calls need', () => {
    expect(needsOf('_[a-z0-9].,1,Dial(PJSIP/carried@${EXTEN},,b(kvorum-carry-header^s^1(${KVORUM_CARRY})))')).toEqual(['Dial', 'Gosub']);
    expect(needsOf('carried,1,Set(KVORUM_CARRY=${PJSIP_HEADER(read,X-Kvorum-Carry)})')).toEqual(['Set', 'PJSIP_HEADER']);
  });
});
