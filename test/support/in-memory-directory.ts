import type { CodeRole, ConferenceSettings } from '../../src/domain/conference/conference-settings';
import type { CodeMatch, ConferenceDirectory } from '../../src/app/ports/conference-directory';

/** Codes in plain text, in memory (the real directory stores keyed hashes). */
export class InMemoryDirectory implements ConferenceDirectory {
  private readonly codes = new Map<string, CodeMatch>();

  add(code: string, role: CodeRole, conference: ConferenceSettings): this {
    this.codes.set(code, { role, conference });
    return this;
  }

  async findByCode(digits: string): Promise<CodeMatch | null> {
    return this.codes.get(digits) ?? null;
  }
}
