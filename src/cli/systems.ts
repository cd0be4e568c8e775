import type { SystemModule } from '../platform/host/system.ts';
import { supportSystem } from '../systems/support/system.ts';
import { UsageError } from './common.ts';

/** Every system `mlsd serve` runs (the CLI is the one place that names them all). */
export const SYSTEMS: readonly SystemModule<unknown>[] = [supportSystem as SystemModule<unknown>];

/** The systems named in `--systems a,b`, in that order. */
export function selectSystems(list: string): SystemModule<unknown>[] {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--systems needs at least one name');
  return names.map((name) => {
    const system = SYSTEMS.find((s) => s.name === name);
    if (!system)
      throw new UsageError(
        `--systems: no system "${name}" (systems: ${SYSTEMS.map((s) => s.name).join(', ')})`,
      );
    return system;
  });
}
