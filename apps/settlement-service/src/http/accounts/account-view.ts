import { availableToOwnerFen, reserveFenOf, type Account } from '@gongji/domain';
import { fenToJson, nullableFenToJson } from '../../shared/fen';
import { AccountViewDto } from './account-view.dto';

/** A personal account as the API shows it; `suggestedReserveRatioPercent` is the owner's region's advice. */
export function accountView(account: Account, suggestedReserveRatioPercent: number | null): AccountViewDto {
  return {
    personId: account.personId,
    accountId: account.accountId,
    balanceFen: fenToJson(account.balanceFen),
    heldFen: fenToJson(account.heldFen),
    availableFen: fenToJson(availableToOwnerFen(account)),
    reserveFen: fenToJson(reserveFenOf(account)),
    reserveRatioPercent: account.reserveRatioPercent ?? null,
    suggestedReserveRatioPercent,
    relativesMonthlyLimitFen: nullableFenToJson(account.relativesMonthlyLimitFen),
  };
}
