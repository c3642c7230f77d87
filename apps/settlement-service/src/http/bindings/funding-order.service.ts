import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonEntity } from '../../store/entities/person.entity';
import { ApiError } from '../errors/api-error';
import { inTransaction, queryRows } from '../shared/transaction';
import { FundingOrderViewDto } from './binding-view.dto';

/** A beneficiary's payment order (支付顺位): which relatives' accounts are drawn first. */
@Injectable()
export class FundingOrder {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `bindingIds` must be exactly the beneficiary's non-revoked bindings; anything else is 400. */
  async reorder(personId: string, bindingIds: string[]): Promise<FundingOrderViewDto> {
    return inTransaction(this.db, async (tx) => {
      // Locking the beneficiary orders this against a binding being added for them meanwhile.
      const person = await tx.findOne(PersonEntity, { where: { personId }, lock: { mode: 'for_no_key_update' } });
      if (!person) throw ApiError.notFound('no person with this id');
      const current = await queryRows<{ binding_id: string }>(
        tx,
        `SELECT binding_id FROM bindings WHERE beneficiary_id = $1 AND status <> 'REVOKED' ORDER BY binding_id FOR NO KEY UPDATE`,
        [personId],
      );
      const currentIds = new Set(current.map((r) => r.binding_id));
      const unknown = bindingIds.filter((id) => !currentIds.has(id));
      const missing = [...currentIds].filter((id) => !bindingIds.includes(id));
      if (unknown.length || missing.length) {
        const problems = [
          ...unknown.map((id) => ({
            field: 'bindingIds',
            problem: `${id} is not a non-revoked binding of this beneficiary`,
          })),
          ...missing.map((id) => ({ field: 'bindingIds', problem: `${id} is missing` })),
        ];
        throw ApiError.invalidRequest(
          "bindingIds must list exactly the beneficiary's non-revoked bindings, each once",
          problems,
        );
      }
      if (bindingIds.length > 0) {
        await tx.query(
          `UPDATE bindings b SET payment_order = o.position, updated_at = now()
             FROM unnest($1::text[]) WITH ORDINALITY AS o(binding_id, position)
            WHERE b.binding_id = o.binding_id AND b.payment_order <> o.position`,
          [bindingIds],
        );
      }
      return { personId, bindingIds };
    });
  }
}
