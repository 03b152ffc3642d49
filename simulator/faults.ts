import { assertNever } from './assert-never';
import type { RequestMatch } from './types';

type RuleKind = 'delay' | 'hang' | 'gone';

interface FaultRule {
  kind: RuleKind;
  match: RequestMatch;
  remaining: number;
  delayMs: number;
}

/** What the faults make of one request. */
export interface RequestFaults {
  hang: boolean;
  delayMs: number;
  gone: boolean;
}

/** Fault rules for REST requests, each used up after `count` matching requests. */
export class RequestFaultRules {
  private rules: FaultRule[] = [];

  add(kind: RuleKind, match: RequestMatch, count = Number.POSITIVE_INFINITY, delayMs = 0): void {
    this.rules.push({ kind, match, remaining: count, delayMs });
  }

  /** `path` is the path with its query string; a rule's regexp may match either with or without the query. */
  take(method: string, path: string): RequestFaults {
    const faults: RequestFaults = { hang: false, delayMs: 0, gone: false };
    for (const rule of this.rules) {
      if (!matches(rule.match, method, path)) continue;
      rule.remaining -= 1;
      switch (rule.kind) {
        case 'hang':
          faults.hang = true;
          break;
        case 'delay':
          faults.delayMs += rule.delayMs;
          break;
        case 'gone':
          faults.gone = true;
          break;
        default:
          assertNever(rule.kind);
      }
    }
    this.rules = this.rules.filter((rule) => rule.remaining > 0);
    return faults;
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  const pattern = match.path;
  if (pattern === undefined) return true;
  const query = path.indexOf('?');
  const candidates = query < 0 ? [path] : [path.slice(0, query), path];
  return candidates.some((candidate) => {
    pattern.lastIndex = 0; // a /g regexp is stateful
    return pattern.test(candidate);
  });
}
