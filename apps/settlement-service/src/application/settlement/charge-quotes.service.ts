import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { SettlementStore } from '../ports/settlement-store';
import { ChargeQuote, quoteCharge } from './quote-charge';

/** Pre-settlement (预结算): what a charge would get now, from one snapshot, moving nothing. */
@Injectable()
export class ChargeQuotes {
  constructor(
    private readonly store: SettlementStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  quote(charge: ChargeRequestedDto): Promise<ChargeQuote> {
    return this.store.readOnly((tx) =>
      quoteCharge(tx, charge, new Date(), { chargeMaxAgeS: this.config.chargeMaxAgeS }),
    );
  }
}
