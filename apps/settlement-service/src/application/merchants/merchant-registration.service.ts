import { Injectable } from '@nestjs/common';
import { MerchantRegistration, RegistryStore } from '../ports/registry-store';

/** Registers providers (PUT /v1/merchants); the settlement engine reads them to admit charges. */
@Injectable()
export class MerchantRegistrations {
  constructor(private readonly store: RegistryStore) {}

  /** Insert or replace; `created` tells the two apart. */
  register(merchant: MerchantRegistration): Promise<{ created: boolean }> {
    return this.store.inTransaction((tx) => tx.upsertMerchant(merchant));
  }
}
