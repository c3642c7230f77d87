import { availableToOwnerFen } from '@gongji/domain';
import { AccountEntity } from '../../store/entities/account.entity';
import { fenToJson, nullableFenToJson } from '../shared/fen';
import { AccountViewDto } from './account-view.dto';

export function accountView(account: AccountEntity): AccountViewDto {
  return {
    personId: account.personId,
    accountId: account.accountId,
    balanceFen: fenToJson(account.balanceFen),
    heldFen: fenToJson(account.heldFen),
    availableFen: fenToJson(availableToOwnerFen(account)),
    reserveFen: fenToJson(account.reserveFen),
    relativesMonthlyLimitFen: nullableFenToJson(account.relativesMonthlyLimitFen),
  };
}
