import type { SystemModule } from '../../platform/host/system.ts';
import { supportConfigSchema, type SupportConfig } from './service/env.ts';
import { startSupport, type SupportOverrides } from './service/start.ts';
import { SUPPORT_MIGRATIONS } from './service/tables.ts';
import { supportCommand } from './cli/commands.ts';
import { supportDesignDoc } from './doc/render.ts';

/**
 * The support system (see README.md beside this file): comments in, a supportive message to
 * those written in a negative mood. Its first-release API paths (/v1/comments, …) are kept, so
 * its prefix is empty.
 */
export function createSupportSystem(overrides: SupportOverrides = {}): SystemModule<SupportConfig> {
  return {
    name: 'support',
    prefix: '',
    config: supportConfigSchema,
    migrations: SUPPORT_MIGRATIONS,
    doc: supportDesignDoc,
    start: (ctx) => startSupport(ctx, overrides),
    commands: () => supportCommand(),
    prepare: async (options) => (await import('./cli/prepare.ts')).prepareSupport(options),
  };
}

export const supportSystem = createSupportSystem();
