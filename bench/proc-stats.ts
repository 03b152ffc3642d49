import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux for x86 and arm). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in KB, from /proc/<pid>/status. */
export function residentKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** One thread's scheduling so far: CPU time, time spent runnable but waiting for a CPU, and its nice value. */
export interface ThreadTimes {
  tid: number;
  nice: number;
  runMs: number;
  /** Time on a run queue: the thread was ready and another one had the CPU. */
  waitMs: number;
}

/** Every thread of the process, from /proc/<pid>/task/<tid>/{stat,schedstat}; threads that ended while read are left out. */
export function threadTimes(pid: number): ThreadTimes[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${name}/stat`, 'utf8');
      const [runNs = 0, waitNs = 0] = readFileSync(`/proc/${pid}/task/${name}/schedstat`, 'utf8').trim().split(' ').map(Number);
      return [
        { tid: Number(name), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]), runMs: runNs / 1e6, waitMs: waitNs / 1e6 },
      ];
    } catch {
      return [];
    }
  });
}
