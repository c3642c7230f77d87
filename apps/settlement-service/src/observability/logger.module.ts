import { Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isProbeUrl, maskPersonalIdsInUrl } from './personal-url-mask';

/** Structured JSON logs. Request bodies and auth headers are never logged. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          autoLogging: { ignore: (req) => isProbeUrl(req.url) },
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              '*.name',
              '*.personId',
              '*.patientId',
              '*.holderId',
            ],
            censor: '[redacted]',
          },
          // The URL may contain a person number (/v1/persons/{personId}); log the route shape only.
          serializers: {
            req: (req: { method: string; url: string; id: unknown }) => ({
              id: req.id,
              method: req.method,
              url: maskPersonalIdsInUrl(req.url),
            }),
          },
        },
      }),
    }),
  ],
})
export class LoggerModule {}
