import { Gauge, type Registry } from 'prom-client';

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The alert source of a system's monitor, `<system>_<monitor>` (`shop_drift`); its metrics are
 * `mlsd_<system>_<monitor>_…` (the host's naming), so monitors of two systems share one registry.
 * @example
 * monitorPrefix('shop', 'drift'); // 'shop_drift'
 */
export function monitorPrefix(system: string, monitor: string): string {
  for (const [what, value] of [
    ['system', system],
    ['monitor', monitor],
  ] as const)
    if (!NAME.test(value))
      throw new Error(`${what} name "${value}" must be lower-case letters, digits and _ (it names metrics)`);
  return `${system}_${monitor}`;
}

/** A gauge on the shared registry; a second monitor under the same name is a clear error, not a merge. */
export function registerGauge<Label extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
): Gauge<Label> {
  if (registry.getSingleMetric(name))
    throw new Error(
      `metric ${name} is already registered: a system's second monitor needs its own monitor name`,
    );
  return new Gauge({ name, help, labelNames, registers: [registry] });
}
