import { ApiProperty } from '@nestjs/swagger';
import { ENROLLMENT_STATUSES, INSURANCE_TYPES } from './person-registration.dto';

/** A registered person as the API shows it. */
export class PersonViewDto {
  @ApiProperty()
  personId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: '610113' })
  regionCode: string;

  @ApiProperty({ enum: INSURANCE_TYPES })
  insuranceType: (typeof INSURANCE_TYPES)[number];

  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  enrollmentStatus: (typeof ENROLLMENT_STATUSES)[number];

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  fraudRecordAt: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'the personal account (kept if an employee later becomes resident-insured); null for resident-only',
  })
  accountId: string | null;
}
