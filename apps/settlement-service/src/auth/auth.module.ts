import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { JwtVerifier } from './jwt-verifier';

/**
 * Bearer-token authentication and role rules for every HTTP route of the app (a global guard,
 * so routes of other modules are protected too; mark them with `@Access(...)` to open them to holders).
 */
@Module({
  providers: [JwtVerifier, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtVerifier],
})
export class AuthModule {}
