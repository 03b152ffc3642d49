import type { CpuProfile } from './kvorum-process';

export interface SelfTimeRow {
  functionName: string;
  /** Source file (repo-relative or package path) and line. */
  location: string;
  selfMs: number;
  share: number;
}

/**
 * Self time per function of a V8 CPU profile: each sample is charged to the
 * function on top of the stack, with the time until the next sample.
 * Functions of the same name and place are added up across call paths.
 * Idle samples are left out: shares are of the time the thread was busy.
 */
export function topSelfTime(profile: CpuProfile, repoRoot: string, limit: number): SelfTimeRow[] {
  const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { functionName: string; location: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const frame = nodesById.get(nodeId)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') return;
    const location = frame.url === '' ? '' : `${shortPath(frame.url, repoRoot)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${location}`;
    const row = selfUs.get(key) ?? { functionName: frame.functionName || '(anonymous)', location, us: 0 };
    row.us += delta;
    totalUs += delta;
    selfUs.set(key, row);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((row) => ({
      functionName: row.functionName,
      location: row.location,
      selfMs: row.us / 1000,
      share: totalUs === 0 ? 0 : row.us / totalUs,
    }));
}

function shortPath(url: string, repoRoot: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inPackages = path.lastIndexOf('node_modules/');
  if (inPackages >= 0) return path.slice(inPackages + 'node_modules/'.length);
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path;
}
