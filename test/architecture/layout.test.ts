import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The repository's tracked files (plus new ones not yet committed), repository-relative. */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' });
  return listed.split('\0').filter((file) => file !== '');
}

const sourceFiles = repositoryFiles().filter((file) => file.startsWith('src/') && file.endsWith('.ts'));

function groupedBy(items: Array<[key: string, value: string]>): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const [key, value] of items) groups.set(key, [...(groups.get(key) ?? []), value]);
  return [...groups].filter(([, values]) => values.length > 1);
}

describe('the layout of src/', () => {
  it('has one file of each name, so an import never leaves a reader asking which one', () => {
    expect(groupedBy(sourceFiles.map((file) => [basename(file), file]))).toEqual([]);
  });

  it('declares each exported type, interface and class once', () => {
    const declared = sourceFiles.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^export (?:interface|type|class|abstract class) ([A-Za-z0-9_]+)/gm)].map(
        (match): [string, string] => [match[1] ?? '', file],
      ),
    );
    expect(groupedBy(declared)).toEqual([]);
  });

  it('has no import cycles, not even through type-only imports', () => {
    const importsOf = new Map<string, string[]>();
    for (const file of sourceFiles) {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)';/gms)].map(
        (match) => match[1] ?? '',
      );
      importsOf.set(
        file,
        specifiers.map((specifier) => `${normalize(join(dirname(file), specifier))}.ts`).filter((target) => sourceFiles.includes(target)),
      );
    }
    const cycles: string[][] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file]);
        return;
      }
      if (done.has(file)) return;
      for (const target of importsOf.get(file) ?? []) visit(target, [...path, file]);
      done.add(file);
    };
    for (const file of sourceFiles) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
