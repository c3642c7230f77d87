import { Injectable } from '@nestjs/common';
import { checkMonthlyLimit, chinaDate, resolvePolicyAt } from '@gongji/domain';
import { ApplicationError } from '../../shared/errors/application-error';
import { CommitNotifier } from '../ports/commit-notifier';
import { RegistryStore, RegistryTransaction, StoredBinding } from '../ports/registry-store';
import { PolicyBooks } from '../region-policies/policy-books.service';
import { BINDING_CHANGE_REASONS, bindingEvent } from './binding-event';

/** Changes to an existing binding: its monthly limit (PATCH), and unbinding (DELETE). */
@Injectable()
export class BindingChanges {
  constructor(
    private readonly store: RegistryStore,
    private readonly notifier: CommitNotifier,
    private readonly policies: PolicyBooks,
  ) {}

  /** A new monthly limit, checked against the holder's region policy in force now. */
  async changeLimit(bindingId: string, limitFen: bigint | null): Promise<void> {
    const book = await this.policies.book();
    await this.store.inTransaction(async (tx) => {
      const binding = await lockedBinding(tx, bindingId);
      if (binding.status === 'REVOKED') {
        throw ApplicationError.conflict('BINDING_REVOKED', 'a revoked binding cannot be changed');
      }
      const [holder] = await tx.persons([binding.holderId]);
      const check = checkMonthlyLimit(resolvePolicyAt(book, holder.regionCode, chinaDate(new Date())), limitFen);
      if (!check.ok) throw ApplicationError.refused(check.code, check.message);
      await tx.updateBinding(bindingId, { monthlyLimitFen: limitFen });
    });
  }

  /**
   * Unbinds (REVOKED, for good) with a `binding.revoked` event. Revoking a revoked binding changes
   * nothing, so a retried DELETE is harmless.
   */
  async revoke(bindingId: string, by: 'holder' | 'bureau'): Promise<void> {
    const at = new Date();
    const reason = by === 'bureau' ? BINDING_CHANGE_REASONS.revokedByBureau : BINDING_CHANGE_REASONS.revokedByHolder;
    const changed = await this.store.inTransaction(async (tx) => {
      const binding = await lockedBinding(tx, bindingId);
      if (binding.status === 'REVOKED') return false;
      await tx.updateBinding(bindingId, { status: 'REVOKED', statusReason: reason });
      await tx.appendEvents([bindingEvent('binding.revoked', binding, reason, at)]);
      return true;
    });
    if (changed) this.notifier.outboxWritten();
  }
}

async function lockedBinding(tx: RegistryTransaction, bindingId: string): Promise<StoredBinding> {
  const binding = await tx.binding(bindingId, { lock: true });
  if (!binding) throw ApplicationError.notFound('no binding with this id');
  return binding;
}
