import { Command } from '@commander-js/extra-typings';
import { addLiveDocCommand } from '../../../platform/cli/doc.ts';
import { addSystemServeCommands } from '../../../platform/cli/serve.ts';
import type { SystemModule } from '../../../platform/host/system.ts';
import { adsSystem } from '../system.ts';
import { adsDataCheckCommand, adsEdaCommand } from './data.ts';
import { adsOpeCommand } from './ope.ts';
import { adsPoliciesCommand } from './policies.ts';
import { adsSimulateCommand } from './simulate.ts';
import { adsTrainCommand } from './train.ts';

/** `mlsd ads …`: serve the ads system alone, and the commands of its models, policies and data. */
export function adsCommand(): Command {
  const ads = new Command('ads').description(
    'banner ads: a bandit chooses the banner, learns from clicks and closes',
  );
  addSystemServeCommands(ads, adsSystem as SystemModule<unknown>);
  ads.addCommand(adsTrainCommand());
  ads.addCommand(adsOpeCommand());
  ads.addCommand(adsPoliciesCommand());
  ads.addCommand(adsSimulateCommand());
  ads.addCommand(adsEdaCommand());
  ads.addCommand(adsDataCheckCommand());
  addLiveDocCommand(ads, async () => (await import('../doc/render.ts')).adsDesignDoc);
  return ads;
}
