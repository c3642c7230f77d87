import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { REGION_CODE } from '../../inbound/contract-formats';

export const INSURANCE_TYPES = ['EMPLOYEE', 'RESIDENT'] as const;
export const ENROLLMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Body of `PUT /v1/persons/{personId}`: the whole registration (a PUT replaces it). */
export class PersonRegistrationDto {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'personal data: stored and returned, never logged' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ pattern: REGION_CODE.source, example: '610113', description: 'insured region (参保地), 6 digits' })
  @Matches(REGION_CODE, { message: 'regionCode must be 6 digits' })
  regionCode: string;

  @ApiProperty({ enum: INSURANCE_TYPES, description: 'EMPLOYEE (职工医保) comes with a personal account' })
  @IsIn(INSURANCE_TYPES)
  insuranceType: (typeof INSURANCE_TYPES)[number];

  @ApiProperty({
    enum: ENROLLMENT_STATUSES,
    description:
      'SUSPENDED or TERMINATED suspends every binding the person is part of (binding.suspended); ' +
      'ACTIVE again resumes those whose other side is ACTIVE too (binding.resumed)',
  })
  @IsIn(ENROLLMENT_STATUSES)
  enrollmentStatus: (typeof ENROLLMENT_STATUSES)[number];

  @ApiProperty({
    type: 'string',
    format: 'date',
    nullable: true,
    required: false,
    example: null,
    description: 'date (UTC+8) of the latest fraud record; null clears it; left out keeps what is recorded',
  })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @Matches(CALENDAR_DATE, { message: 'fraudRecordAt must be a date YYYY-MM-DD or null' })
  @IsISO8601({ strict: true }, { message: 'fraudRecordAt must be a real calendar date' })
  fraudRecordAt?: string | null;
}
