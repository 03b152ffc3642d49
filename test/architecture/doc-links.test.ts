import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The documents must stand on their own in a clone: every relative link in a
 * Markdown file of the repository points at a file or folder inside it.
 */
const markdownFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '*.md'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '' && !file.startsWith(`node_modules${sep}`));

/** Inline links and images `[text](target)` and reference definitions `[label]: target`, outside code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1] ?? '');
  return [...inline, ...references];
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#');
}

describe('links in the documentation', () => {
  it('finds the documents to check', () => {
    expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/design-notes.md']));
  });

  it.each(markdownFiles)('%s links only to files inside the repository', (file) => {
    const broken = linkTargets(readFileSync(file, 'utf8'))
      .filter((target) => !isExternal(target))
      .map((target) => decodeURI(target.split('#')[0] ?? ''))
      .filter((path) => path !== '')
      .filter((path) => {
        const resolved = normalize(join(dirname(file), path));
        return resolved.startsWith('..') || !existsSync(resolved);
      });
    expect(broken).toEqual([]);
  });
});
