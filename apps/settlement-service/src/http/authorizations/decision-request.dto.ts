import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DECISIONS } from '../../inbound/authorization-decision.dto';

export class DecisionRequestDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision: (typeof DECISIONS)[number];
}
