import { Command } from '@commander-js/extra-typings';
import { addLiveDocCommand } from '../../../platform/cli/doc.ts';
import { addSystemServeCommands } from '../../../platform/cli/serve.ts';
import type { SystemModule } from '../../../platform/host/system.ts';
import { pilotCommand } from '../pilot/cli.ts';
import { skincareSystem } from '../system.ts';
import { botCommand } from './bot.ts';
import { catalogCommand } from './data.ts';
import { evaluateCommand } from './evaluate.ts';
import { recommendCommand } from './recommend.ts';
import { trainPhotoCommand } from './train-photo.ts';
import { trainCommand } from './train.ts';

/** `mlsd skincare …`: serve the system alone, its bot, and the commands of its data, models and pilot. */
export function skincareCommand(): Command {
  const skincare = new Command('skincare').description(
    'skincare: a skin photo and a questionnaire in, an explained, safe routine out',
  );
  addSystemServeCommands(skincare, skincareSystem as SystemModule<unknown>);
  skincare.addCommand(botCommand());
  skincare.addCommand(trainCommand());
  skincare.addCommand(trainPhotoCommand());
  skincare.addCommand(recommendCommand());
  skincare.addCommand(evaluateCommand());
  skincare.addCommand(catalogCommand());
  skincare.addCommand(pilotCommand());
  addLiveDocCommand(skincare, async () => (await import('../doc/render.ts')).skincareDesignDoc);
  return skincare;
}
