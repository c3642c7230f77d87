import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../../messaging/outbox-relay.service';
import { appendToOutbox } from '../../store/outbox-writer';
import { inTransaction, queryRows } from '../shared/transaction';
import {
  lockPersonAndCounterparts,
  resumeBindingsOfRestoredPerson,
  suspendBindingsOfLapsedPerson,
} from './enrollment-binding-changes';
import { PersonRegistrationDto } from './person-registration.dto';
import { PersonViewDto } from './person-view.dto';
import { sqlInEntityManager } from '../../store/sql-runner';

/**
 * Registers insured persons. An EMPLOYEE gets a personal account (account_id = personId); a
 * change of enrollment suspends or resumes their bindings in the same transaction, with the
 * binding events in the outbox.
 */
@Injectable()
export class PersonRegistry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async register(personId: string, dto: PersonRegistrationDto): Promise<{ created: boolean; person: PersonViewDto }> {
    const at = new Date();
    const fraudRecordAt = dto.fraudRecordAt ?? null;
    const { created, accountId, eventCount } = await inTransaction(this.db, async (tx) => {
      // Row locks order this change against bindings being created and against the other side's changes.
      await lockPersonAndCounterparts(tx, personId);
      const [row] = await queryRows<{ created: boolean }>(
        tx,
        `INSERT INTO persons (person_id, name, region_code, insurance_type, enrollment_status, fraud_record_at)
         VALUES ($1, $2, $3, $4, $5, $6::date)
         ON CONFLICT (person_id) DO UPDATE
           SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, insurance_type = EXCLUDED.insurance_type,
               enrollment_status = EXCLUDED.enrollment_status, fraud_record_at = EXCLUDED.fraud_record_at,
               updated_at = now()
         RETURNING (xmax = 0) AS created`,
        [personId, dto.name, dto.regionCode, dto.insuranceType, dto.enrollmentStatus, fraudRecordAt],
      );
      if (dto.insuranceType === 'EMPLOYEE') {
        await tx.query(`INSERT INTO accounts (account_id, person_id) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [
          personId,
        ]);
      }
      const [account] = await queryRows<{ account_id: string }>(
        tx,
        `SELECT account_id FROM accounts WHERE person_id = $1`,
        [personId],
      );
      const events =
        dto.enrollmentStatus === 'ACTIVE'
          ? await resumeBindingsOfRestoredPerson(tx, personId, at)
          : await suspendBindingsOfLapsedPerson(tx, personId, at);
      await appendToOutbox(sqlInEntityManager(tx), events);
      return { created: row.created, accountId: account?.account_id ?? null, eventCount: events.length };
    });
    if (eventCount > 0) this.relay.wake();
    return {
      created,
      person: {
        personId,
        name: dto.name,
        regionCode: dto.regionCode,
        insuranceType: dto.insuranceType,
        enrollmentStatus: dto.enrollmentStatus,
        fraudRecordAt,
        accountId,
      },
    };
  }
}
