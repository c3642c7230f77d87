import { Global, Module } from '@nestjs/common';
import { AuthorizationExpiry } from './authorization-expiry.service';
import { ChargeQuotes } from './charge-quotes.service';
import { SettlementProcessor } from './settlement-processor';

/** The settlement core: the processor (Kafka and HTTP alike), authorization expiry, quotes. */
@Global()
@Module({
  providers: [SettlementProcessor, AuthorizationExpiry, ChargeQuotes],
  exports: [SettlementProcessor, ChargeQuotes],
})
export class SettlementModule {}
