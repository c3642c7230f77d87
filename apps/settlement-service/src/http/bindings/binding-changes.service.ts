import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUILT_IN_POLICY_BOOK, checkMonthlyLimit, chinaDate, resolvePolicyAt } from '@gongji/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal';
import { OutboxRelay } from '../../messaging/outbox-relay.service';
import { appendToOutbox } from '../../store/outbox-writer';
import { BindingEntity } from '../../store/entities/binding.entity';
import { PersonEntity } from '../../store/entities/person.entity';
import { ApiError } from '../errors/api-error';
import { nullableJsonToFen } from '../shared/fen';
import { inTransaction } from '../shared/transaction';
import { BINDING_CHANGE_REASONS, bindingEvent } from './binding-event';
import { BindingViewDto } from './binding-view.dto';
import { BindingViews } from './binding-views';
import { sqlInEntityManager } from '../../store/sql-runner';

/** Changes to an existing binding: its monthly limit, and unbinding. */
@Injectable()
export class BindingChanges {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: BindingViews,
    private readonly relay: OutboxRelay,
  ) {}

  /** New monthly limit, checked against the holder's region policy as it is now. */
  async changeLimit(bindingId: string, limitJson: number | null): Promise<BindingViewDto> {
    const limitFen = nullableJsonToFen(limitJson);
    return inTransaction(this.db, async (tx) => {
      const binding = await this.lockedBinding(tx, bindingId);
      if (binding.status === 'REVOKED')
        throw ApiError.conflict('BINDING_REVOKED', 'a revoked binding cannot be changed');
      const holder = await tx.findOneByOrFail(PersonEntity, { personId: binding.holderId });
      const holderPolicy = resolvePolicyAt(BUILT_IN_POLICY_BOOK, holder.regionCode, chinaDate(new Date()));
      const check = checkMonthlyLimit(holderPolicy, limitFen);
      if (!check.ok) throw ApiError.refused(check.code, check.message);
      await tx.update(BindingEntity, { bindingId }, { monthlyLimitFen: limitFen });
      return (await this.views.one(bindingId, tx)) as BindingViewDto;
    });
  }

  /**
   * Unbinds (REVOKED, for good) with a `binding.revoked` event. Revoking a revoked binding
   * answers the same and writes nothing, so a retried DELETE is harmless.
   */
  async revoke(bindingId: string, by: Principal): Promise<BindingViewDto> {
    const at = new Date();
    const reason = by.roles.includes('bureau')
      ? BINDING_CHANGE_REASONS.revokedByBureau
      : BINDING_CHANGE_REASONS.revokedByHolder;
    const { view, changed } = await inTransaction(this.db, async (tx) => {
      const binding = await this.lockedBinding(tx, bindingId);
      if (binding.status === 'REVOKED')
        return { view: (await this.views.one(bindingId, tx)) as BindingViewDto, changed: false };
      await tx.update(BindingEntity, { bindingId }, { status: 'REVOKED', statusReason: reason });
      await appendToOutbox(sqlInEntityManager(tx), [bindingEvent('binding.revoked', binding, reason, at)]);
      return { view: (await this.views.one(bindingId, tx)) as BindingViewDto, changed: true };
    });
    if (changed) this.relay.wake();
    return view;
  }

  private async lockedBinding(tx: EntityManager, bindingId: string): Promise<BindingEntity> {
    const binding = await tx.findOne(BindingEntity, { where: { bindingId }, lock: { mode: 'for_no_key_update' } });
    if (!binding) throw ApiError.notFound('no binding with this id');
    return binding;
  }
}
