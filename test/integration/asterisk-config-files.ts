import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The project's Asterisk configuration, as the tests read it. */
export const ASTERISK_CONFIG_DIR = join(import.meta.dirname, '../../asterisk-config');

/** One `[name]` section as Asterisk builds it: its templates' lines first, then its own, in order. */
export interface ConfigSection {
  name: string;
  /** `(!)`: a template, not an object of its own. */
  template: boolean;
  lines: Array<{ key: string; value: string }>;
}

/** How every `#exec` line of a load ran: its command, the output it gave, and what went wrong. */
export interface ExecRun {
  command: string;
  status: number | null;
  stderr: string;
}

export interface LoadedConfig {
  sections: ConfigSection[];
  execs: ExecRun[];
}

/**
 * Reads an Asterisk configuration file the way Asterisk's config loader does
 * (main/config.c), for what the project's files use: `;` comments (`\;` is a
 * semicolon, `;-- --;` a block comment), `[name]`, `[name](!)` templates,
 * `[name](template, ...)` inheritance (the templates' lines are copied in
 * first), `[name](+)` adding to the last section of that name, `key = value`
 * and `key => value`, `#include`/`#tryinclude` relative to the config folder,
 * and `#exec` run with `/bin/sh -c` in `env`, its output read as if included
 * there. Sections of the same name stay separate: PJSIP tells them apart by
 * their `type`.
 */
export function loadAsteriskConfig(fileName: string, env: Record<string, string>, dir = ASTERISK_CONFIG_DIR): LoadedConfig {
  const sections: ConfigSection[] = [];
  const execs: ExecRun[] = [];
  let current: ConfigSection | null = null;

  function readText(text: string, origin: string): void {
    let inBlockComment = 0;
    for (const [index, rawLine] of text.split('\n').entries()) {
      const { code, depth } = stripComments(rawLine, inBlockComment);
      inBlockComment = depth;
      const line = code.trim();
      if (line === '') continue;
      const where = `${origin}:${index + 1}`;
      if (line.startsWith('#')) directive(line, where);
      else if (line.startsWith('[')) current = section(line, where);
      else assignment(line, where);
    }
  }

  function directive(line: string, where: string): void {
    const match = /^#(include|tryinclude|exec)\s+(.+)$/.exec(line);
    if (match === null) throw new Error(`${where}: unknown directive ${line}`);
    const argument = unquote(match[2]!.trim());
    if (match[1] === 'exec') {
      const run = spawnSync('/bin/sh', ['-c', argument], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
      execs.push({ command: argument, status: run.status, stderr: run.stderr });
      readText(run.stdout, `${where} (#exec output)`);
      return;
    }
    const path = isAbsolute(argument) ? argument : join(dir, argument);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (match[1] === 'tryinclude') return;
      throw error;
    }
    readText(text, argument);
  }

  function section(line: string, where: string): ConfigSection {
    const match = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?$/.exec(line);
    if (match === null) throw new Error(`${where}: malformed section header ${line}`);
    const name = match[1]!.trim();
    const options = (match[2] ?? '')
      .split(',')
      .map((option) => option.trim())
      .filter((option) => option !== '');
    if (options.includes('+')) {
      const existing = lastOf(sections, (candidate) => candidate.name === name);
      if (existing === undefined) throw new Error(`${where}: [${name}](+) adds to a section that does not exist`);
      return existing;
    }
    const created: ConfigSection = { name, template: options.includes('!'), lines: [] };
    for (const templateName of options.filter((option) => option !== '!')) {
      const template = lastOf(sections, (candidate) => candidate.name === templateName && candidate.template);
      if (template === undefined)
        throw new Error(`${where}: [${name}] inherits from ${templateName}, which is no template defined before it`);
      created.lines.push(...template.lines);
    }
    sections.push(created);
    return created;
  }

  function assignment(line: string, where: string): void {
    const match = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (match === null) throw new Error(`${where}: neither a section, a directive nor key = value: ${line}`);
    if (current === null) throw new Error(`${where}: ${line} outside any section`);
    current.lines.push({ key: match[1]!.trim(), value: match[2]!.trim() });
  }

  readText(readFileSync(join(dir, fileName), 'utf8'), fileName);
  return { sections, execs };
}

/** The value a single-valued option ends up with: the last line that sets it (templates' lines come first). */
export function lastValue(section: ConfigSection, key: string): string | undefined {
  return lastOf(section.lines, (line) => line.key === key)?.value;
}

export function allValues(section: ConfigSection, key: string): string[] {
  return section.lines.filter((line) => line.key === key).map((line) => line.value);
}

function lastOf<T>(items: readonly T[], matches: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (matches(items[i]!)) return items[i];
  return undefined;
}

/** Comments out as Asterisk does; `depth` carries an open `;--` block comment over to the next line. */
function stripComments(line: string, depth: number): { code: string; depth: number } {
  let code = '';
  for (let i = 0; i < line.length; i++) {
    if (depth > 0) {
      if (line.startsWith('--;', i)) {
        depth -= 1;
        i += 2;
      } else if (line.startsWith(';--', i)) {
        depth += 1;
        i += 2;
      }
      continue;
    }
    const char = line[i]!;
    if (char === '\\' && line[i + 1] === ';') {
      code += ';';
      i += 1;
    } else if (line.startsWith(';--', i)) {
      depth = 1;
      i += 2;
    } else if (char === ';') {
      break;
    } else {
      code += char;
    }
  }
  return { code, depth };
}

/** `#include "file"` and `#include <file>` name the same file as `#include file`. */
function unquote(argument: string): string {
  const quoted = /^"(.*)"$|^<(.*)>$/.exec(argument);
  return quoted === null ? argument : (quoted[1] ?? quoted[2]!);
}
