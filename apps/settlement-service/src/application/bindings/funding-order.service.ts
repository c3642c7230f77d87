import { Injectable } from '@nestjs/common';
import { ApplicationError } from '../../shared/errors/application-error';
import { RegistryStore } from '../ports/registry-store';

/** A beneficiary's payment order (支付顺位, PUT /v1/persons/{id}/funding-order): which relatives pay first. */
@Injectable()
export class FundingOrder {
  constructor(private readonly store: RegistryStore) {}

  /** `bindingIds` must be exactly the beneficiary's non-revoked bindings; anything else is invalid. */
  reorder(personId: string, bindingIds: readonly string[]): Promise<void> {
    return this.store.inTransaction(async (tx) => {
      // Locking the beneficiary orders this against a binding being added for them meanwhile.
      const [person] = await tx.persons([personId], { lock: true });
      if (!person) throw ApplicationError.notFound('no person with this id');
      const current = new Set((await tx.liveBindingsAsBeneficiary(personId, { lock: true })).map((b) => b.bindingId));
      const unknown = bindingIds.filter((id) => !current.has(id));
      const missing = [...current].filter((id) => !bindingIds.includes(id));
      if (unknown.length || missing.length) {
        throw ApplicationError.invalidRequest(
          "bindingIds must list exactly the beneficiary's non-revoked bindings, each once",
          [
            ...unknown.map((id) => ({
              field: 'bindingIds',
              problem: `${id} is not a non-revoked binding of this beneficiary`,
            })),
            ...missing.map((id) => ({ field: 'bindingIds', problem: `${id} is missing` })),
          ],
        );
      }
      await tx.setPaymentOrder(bindingIds);
    });
  }
}
