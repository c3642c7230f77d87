import { Module } from '@nestjs/common';

/** HTTP API of the contract (`/v1/...`) for bureau staff, holders and auditors. */
@Module({})
export class HttpApiModule {}
