import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { SettlementStore } from '../ports/settlement-store';
import { PolicyBooks } from '../region-policies/policy-books.service';
import { ChargeQuote, quoteCharge } from './quote-charge';

/** Pre-settlement (预结算): what a charge would get now, from one snapshot, moving nothing. */
@Injectable()
export class ChargeQuotes {
  constructor(
    private readonly store: SettlementStore,
    private readonly policies: PolicyBooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async quote(charge: ChargeRequestedDto): Promise<ChargeQuote> {
    const policies = await this.policies.book();
    return this.store.readOnly((tx) =>
      quoteCharge(tx, charge, new Date(), { chargeMaxAgeS: this.config.chargeMaxAgeS, policies }),
    );
  }
}
