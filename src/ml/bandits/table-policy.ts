import { ArmTable, type ArmTableOptions, type ArmTableState } from './arm-table.ts';
import type {
  ArmId,
  ArmInfo,
  ArmPrior,
  BanditContext,
  BanditPolicy,
  PolicyKind,
  PolicyState,
} from './policy.ts';
import { DEFAULT_SLATE_SIZE, ExactPolicy } from './exact-policy.ts';

export { DEFAULT_SLATE_SIZE };

/** State of a policy over an ArmTable: its own settings plus the table. */
export interface TablePolicyState<Settings> extends PolicyState {
  settings: Settings;
  table: ArmTableState;
}

/**
 * The arm bookkeeping every non-contextual policy shares (ArmTable), and choices drawn from the
 * policy's exact distribution; a subclass only says how it turns the table into that distribution.
 */
export abstract class TablePolicy<Settings> extends ExactPolicy implements BanditPolicy {
  abstract readonly kind: PolicyKind;
  protected readonly table: ArmTable;
  protected readonly settings: Settings;

  protected constructor(table: ArmTable, settings: Settings) {
    super();
    this.table = table;
    this.settings = settings;
  }

  update(arm: ArmId, reward: number, context: BanditContext = {}): void {
    this.table.update(arm, reward, this.table.position(context));
    this.changed();
  }

  addArm(id: ArmId, prior?: ArmPrior): void {
    this.table.add(id, prior);
    this.changed();
  }

  pauseArm(id: ArmId): void {
    this.table.setStatus(id, 'paused');
    this.changed();
  }

  resumeArm(id: ArmId): void {
    this.table.setStatus(id, 'active');
    this.changed();
  }

  retireArm(id: ArmId): void {
    this.table.setStatus(id, 'retired');
    this.changed();
  }

  arms(): ArmInfo[] {
    return this.table.arms();
  }

  toJSON(): TablePolicyState<Settings> {
    return {
      kind: this.kind,
      version: 1,
      settings: structuredClone(this.settings),
      table: this.table.toJSON(),
    };
  }

  /** Called after every change of state (subclasses drop caches here). */
  protected changed(): void {}
}

export type { ArmTableOptions };
