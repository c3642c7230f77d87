import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_WAIT_S } from '../../application/settlement/http-settlement.service';

/** `?waitS=N`: how long to wait for the final outcome (contract 1.1 §2). */
export class WaitQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WAIT_S,
    description: 'seconds to wait for the final outcome (POST: default 10)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'waitS must be a whole number of seconds' })
  @Min(0, { message: `waitS must be 0 to ${MAX_WAIT_S}` })
  @Max(MAX_WAIT_S, { message: `waitS must be 0 to ${MAX_WAIT_S}` })
  waitS?: number;
}
